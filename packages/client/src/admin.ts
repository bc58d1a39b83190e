/**
 * The administrative routes (sirr-v1-api.md §4.4-4.6): webhooks, orgs,
 * principals, roles and the caller's own keys. Creates are never retried;
 * lists and deletes are (they are idempotent). Deletes answer false on 404.
 */
import type { Api } from './api.js';
import * as decode from './decode.js';
import type { KeyCreated, Org, Principal, RequestOptions, Role, Webhook, WebhookCreated } from './types.js';
import { segment } from './url.js';

/** A key to mint: valid `validForSeconds` from now, or until `validBefore` (Unix seconds; wins); default one year. */
export interface NewKey {
  name: string;
  validForSeconds?: number;
  validBefore?: number;
}

function keyBody(k: NewKey): Record<string, unknown> {
  const body: Record<string, unknown> = { name: k.name };
  if (k.validForSeconds !== undefined) body.valid_for_seconds = k.validForSeconds;
  if (k.validBefore !== undefined) body.valid_before = k.validBefore;
  return body;
}

/** Webhooks of the client's scope: `/orgs/{org}/webhooks`, or `/webhooks` without an org. */
export class Webhooks {
  readonly #api: Api;

  constructor(api: Api) {
    this.#api = api;
  }

  /** Registers `url` for `events` (default: all). The signing `secret` is returned only here. */
  async create(url: string, options: { events?: string[] } & RequestOptions = {}): Promise<WebhookCreated> {
    if (typeof url !== 'string' || url === '') throw new TypeError('url must be a non-empty string');
    const body: Record<string, unknown> = { url };
    if (options.events !== undefined) body.events = [...options.events];
    const data = await this.#api.ok({
      method: 'POST',
      path: this.#api.scoped('webhooks'),
      body,
      idempotent: false,
      options,
    });
    return decode.webhookCreated(decode.obj(data, 'body'));
  }

  async list(options?: RequestOptions): Promise<Webhook[]> {
    const data = await this.#api.ok({
      method: 'GET',
      path: this.#api.scoped('webhooks'),
      idempotent: true,
      options,
    });
    return decode.list(data, 'webhooks', decode.webhook);
  }

  async delete(id: string, options?: RequestOptions): Promise<boolean> {
    const path = `${this.#api.scoped('webhooks')}/${segment(id, 'webhook id')}`;
    return this.#api.deleted({ method: 'DELETE', path, idempotent: true, options });
  }
}

/** Orgs: create (admin token, or a principal with `S`), list and delete (admin token). */
export class Orgs {
  readonly #api: Api;

  constructor(api: Api) {
    this.#api = api;
  }

  async create(
    name: string,
    options: { metadata?: Record<string, string> } & RequestOptions = {},
  ): Promise<Org> {
    const body: Record<string, unknown> = { name };
    if (options.metadata !== undefined && Object.keys(options.metadata).length > 0)
      body.metadata = { ...options.metadata };
    const data = await this.#api.ok({ method: 'POST', path: '/orgs', body, idempotent: false, options });
    const o = decode.obj(data, 'body');
    // Sirr answers `{id, name}` only; the metadata is what was sent.
    return decode.org({ metadata: body.metadata ?? {}, ...o });
  }

  async list(options?: RequestOptions): Promise<Org[]> {
    const data = await this.#api.ok({ method: 'GET', path: '/orgs', idempotent: true, options });
    return decode.list(data, 'orgs', decode.org);
  }

  async delete(orgId: string, options?: RequestOptions): Promise<boolean> {
    const path = `/orgs/${segment(orgId, 'org id')}`;
    return this.#api.deleted({ method: 'DELETE', path, idempotent: true, options });
  }
}

/** Principals of an org (admin token, or a same-org principal with `M`; listing needs `A`). */
export class Principals {
  readonly #api: Api;

  constructor(api: Api) {
    this.#api = api;
  }

  async create(
    orgId: string,
    p: { name: string; role: string; metadata?: Record<string, string> },
    options?: RequestOptions,
  ): Promise<Principal> {
    const body: Record<string, unknown> = { name: p.name, role: p.role };
    if (p.metadata !== undefined && Object.keys(p.metadata).length > 0) body.metadata = { ...p.metadata };
    const path = `/orgs/${segment(orgId, 'org id')}/principals`;
    const data = await this.#api.ok({ method: 'POST', path, body, idempotent: false, options });
    return decode.principal({ metadata: body.metadata ?? {}, ...decode.obj(data, 'body') });
  }

  async list(orgId: string, options?: RequestOptions): Promise<Principal[]> {
    const path = `/orgs/${segment(orgId, 'org id')}/principals`;
    const data = await this.#api.ok({ method: 'GET', path, idempotent: true, options });
    return decode.list(data, 'principals', decode.principal);
  }

  /**
   * Mints an API key for a principal (Warden's addition, for the admin token
   * only; a principal mints its own with `keys.create`). Key names are unique
   * within the org (`key_name_taken`, 409). The raw key is returned only here.
   */
  async createKey(
    orgId: string,
    principalId: string,
    k: NewKey,
    options?: RequestOptions,
  ): Promise<KeyCreated> {
    const path = `/orgs/${segment(orgId, 'org id')}/principals/${segment(principalId, 'principal id')}/keys`;
    const data = await this.#api.ok({ method: 'POST', path, body: keyBody(k), idempotent: false, options });
    return decode.keyCreated(decode.obj(data, 'body'));
  }

  async delete(orgId: string, principalId: string, options?: RequestOptions): Promise<boolean> {
    const path = `/orgs/${segment(orgId, 'org id')}/principals/${segment(principalId, 'principal id')}`;
    return this.#api.deleted({ method: 'DELETE', path, idempotent: true, options });
  }
}

/** Roles of an org: permission letters `rRlLcCpPaAmMSdD` (sirr-v1-api.md §5). */
export class Roles {
  readonly #api: Api;

  constructor(api: Api) {
    this.#api = api;
  }

  async create(
    orgId: string,
    r: { name: string; permissions: string },
    options?: RequestOptions,
  ): Promise<Role> {
    const path = `/orgs/${segment(orgId, 'org id')}/roles`;
    const body = { name: r.name, permissions: r.permissions };
    const data = await this.#api.ok({ method: 'POST', path, body, idempotent: false, options });
    return decode.role(decode.obj(data, 'body'));
  }

  /** The built-in roles plus the org's own. */
  async list(orgId: string, options?: RequestOptions): Promise<Role[]> {
    const path = `/orgs/${segment(orgId, 'org id')}/roles`;
    const data = await this.#api.ok({ method: 'GET', path, idempotent: true, options });
    return decode.list(data, 'roles', decode.role);
  }

  async delete(orgId: string, name: string, options?: RequestOptions): Promise<boolean> {
    const path = `/orgs/${segment(orgId, 'org id')}/roles/${segment(name, 'role name')}`;
    return this.#api.deleted({ method: 'DELETE', path, idempotent: true, options });
  }
}

/** The calling principal's API keys (`/me/keys`; principal keys only). */
export class Keys {
  readonly #api: Api;

  constructor(api: Api) {
    this.#api = api;
  }

  /**
   * Creates a key; its raw value (`key`, a bearer token) is returned only
   * here. Valid for `validForSeconds` from now, or until `validBefore`
   * (Unix seconds; wins when both are given); default one year, at most 100
   * years. The name must be unused by any key of the org (`key_name_taken`).
   */
  async create(k: NewKey, options?: RequestOptions): Promise<KeyCreated> {
    const data = await this.#api.ok({
      method: 'POST',
      path: '/me/keys',
      body: keyBody(k),
      idempotent: false,
      options,
    });
    return decode.keyCreated(decode.obj(data, 'body'));
  }

  async delete(keyId: string, options?: RequestOptions): Promise<boolean> {
    const path = `/me/keys/${segment(keyId, 'key id')}`;
    return this.#api.deleted({ method: 'DELETE', path, idempotent: true, options });
  }
}
