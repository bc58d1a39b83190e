import { Keys, Orgs, Principals, Roles, Webhooks } from './admin.js';
import { Api } from './api.js';
import { optionsFromEnv, type WardenClientOptions } from './config.js';
import * as decode from './decode.js';
import { SecretSealedError, VaultError } from './errors.js';
import { pullSecrets } from './pull.js';
import type { Call } from './transport.js';
import type {
  AuditEvent,
  AuditQuery,
  Me,
  PatchOptions,
  PullOptions,
  PullResult,
  PushOptions,
  RequestOptions,
  SecretMeta,
  SecretRead,
  SecretStatus,
  VersionInfo,
} from './types.js';
import { normalizeServer, query, segment } from './url.js';
import { assertKey, assertReads, assertTtl, unixSeconds, valueText } from './validate.js';

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 2;

/**
 * A typed client of the Warden vault, which speaks the Sirr v1 HTTP API plus
 * Warden's additions. Works with the global `fetch` of Node >= 20.
 *
 * Retries: only idempotent calls (list, head, audit, DELETE, admin reads) are
 * retried, after a network error or a 503. A secret's GET is never retried,
 * even on a network error: the server may have counted (and burned) the read
 * before the answer was lost, and a second attempt would spend another read,
 * or burn a one-read secret for nothing. POST and PATCH are never retried.
 *
 * @example
 * ```ts
 * const vault = new WardenClient({ server: 'http://127.0.0.1:8080', token: process.env.WARDEN_TOKEN });
 * await vault.push('OPENAI_KEY', key, { reads: 1, ttl: 600 });
 * const value = await vault.get('OPENAI_KEY'); // the value; the secret is now gone
 * await vault.get('OPENAI_KEY'); // null: burned
 * ```
 */
export class WardenClient {
  readonly #api: Api;
  /** The normalized base URL. */
  readonly server: string;
  /** The org this client is scoped to, if any. */
  readonly org: string | undefined;
  /** Webhooks of this client's scope (org, or the public bucket). */
  readonly webhooks: Webhooks;
  /** Orgs (admin token, or a principal with `S` to create). */
  readonly orgs: Orgs;
  /** Principals of an org. */
  readonly principals: Principals;
  /** Roles of an org. */
  readonly roles: Roles;
  /** The calling principal's own API keys. */
  readonly keys: Keys;

  constructor(options: WardenClientOptions) {
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
    const { token, org } = options;
    // Validated here with a fixed message: fetch's own error for a bad header value would quote the token.
    if (token !== undefined && (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token)))
      throw new TypeError('token must be a non-empty string of printable ASCII without spaces');
    if (org !== undefined) segment(org, 'org');
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0)
      throw new RangeError('timeoutMs must be a positive integer');
    const retries = options.retries ?? DEFAULT_RETRIES;
    if (!Number.isSafeInteger(retries) || retries < 0 || retries > 10)
      throw new RangeError('retries must be an integer from 0 to 10');
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') throw new TypeError('no fetch available; pass options.fetch');
    this.server = normalizeServer(options.server);
    this.org = org;
    this.#api = new Api({ base: this.server, token, fetch: fetchImpl, timeoutMs, retries }, org);
    this.webhooks = new Webhooks(this.#api);
    this.orgs = new Orgs(this.#api);
    this.principals = new Principals(this.#api);
    this.roles = new Roles(this.#api);
    this.keys = new Keys(this.#api);
  }

  /**
   * A client configured from the environment: `WARDEN_SERVER` / `SIRR_SERVER`
   * (default `http://127.0.0.1:8080`), `WARDEN_TOKEN` / `SIRR_TOKEN`,
   * `WARDEN_ORG` / `SIRR_ORG`; defined `overrides` win.
   */
  static fromEnv(
    overrides: Partial<WardenClientOptions> = {},
    env: Record<string, string | undefined> = process.env,
  ): WardenClient {
    return new WardenClient(optionsFromEnv(overrides, env));
  }

  /** Whether a token is configured (the token itself is never exposed). */
  get hasToken(): boolean {
    return this.#api.config.token !== undefined;
  }

  #secret(key: string): string {
    assertKey(key);
    return `${this.#api.scoped('secrets')}/${segment(key, 'key')}`;
  }

  /**
   * Stores a secret (HTTP 201). Creating a key that is live replaces it only
   * when the caller could delete it; otherwise the server answers 409
   * (`VaultError` with status 409). Bytes must be UTF-8.
   */
  async push(key: string, value: string | Uint8Array, options: PushOptions = {}): Promise<{ key: string }> {
    assertKey(key);
    const text = valueText(value);
    const body: Record<string, unknown> = { key, value: text };
    if (options.reads !== undefined) {
      assertReads(options.reads);
      body.max_reads = options.reads;
    }
    if (options.ttl !== undefined) {
      assertTtl(options.ttl);
      body.ttl_seconds = options.ttl;
    }
    if (options.delete !== undefined) body.delete = options.delete === true;
    if (options.webhookUrl !== undefined) body.webhook_url = options.webhookUrl;
    if (options.allowedKeys !== undefined) {
      // The public bucket has no principal keys to bind to; the restriction would be silently void.
      if (this.org === undefined) throw new TypeError('allowedKeys needs an org-scoped client');
      body.allowed_keys = [...options.allowedKeys];
    }
    const data = await this.#api.ok({
      method: 'POST',
      path: this.#api.scoped('secrets'),
      body,
      idempotent: false,
      redact: [text],
      options,
    });
    const o = data === undefined ? { key } : decode.obj(data, 'body');
    return { key: typeof o.key === 'string' ? o.key : key };
  }

  /**
   * Reads a secret: its value, or `null` when there is none to read: never
   * set, expired, burned, deleted (404), or sealed (410: created with
   * `delete: false` and its reads are spent; to a reader that is as good as
   * burned, and `head` still tells the two apart with `status: 'sealed'`).
   * Each call consumes one read; the read that exhausts the budget burns
   * (or seals) the secret. Any other refusal throws a `VaultError`. Never
   * retried (see the class notes).
   */
  async get(key: string, options?: RequestOptions): Promise<string | null> {
    return (await this.readSecret(key, options)).value;
  }

  /** `get`, as UTF-8 bytes the caller can zero when done; `null` as `get`. */
  async getBytes(key: string, options?: RequestOptions): Promise<Uint8Array | null> {
    const v = await this.get(key, options);
    return v === null ? null : new Uint8Array(Buffer.from(v, 'utf8'));
  }

  /**
   * `get`, saying why there is no value: `reason` is `not_found` (404) or
   * `sealed` (410). Consumes a read exactly like `get`.
   *
   * @internal For the CLI (`warden get` exits 3 with `[not_found]` or
   * `[sealed]`) and `pull`; not part of the documented API.
   */
  async readSecret(key: string, options?: RequestOptions): Promise<SecretRead> {
    const call: Call = { method: 'GET', path: this.#secret(key), idempotent: false, options };
    const reply = await this.#api.send(call);
    if (reply.status === 404) return { value: null, reason: 'not_found' };
    if (reply.status === 410) return { value: null, reason: 'sealed' };
    if (reply.status !== 200) throw this.#api.error(reply, call);
    return { value: decode.secretValue(reply.data) };
  }

  /**
   * A secret's state without reading it (HTTP HEAD: consumes nothing):
   * `undefined` when absent; a sealed secret gives `status: 'sealed'`.
   */
  async head(key: string, options?: RequestOptions): Promise<SecretStatus | undefined> {
    const call: Call = { method: 'HEAD', path: this.#secret(key), idempotent: true, options };
    const reply = await this.#api.send(call);
    if (reply.status === 404) return undefined;
    if (reply.status !== 200 && reply.status !== 410) throw this.#api.error(reply, call);
    return decode.secretStatus(key, reply.status, reply.headers);
  }

  /** Alias of `head` (the name Sirr's Node client uses). */
  async check(key: string, options?: RequestOptions): Promise<SecretStatus | undefined> {
    return this.head(key, options);
  }

  /**
   * Changes a secret's value, read budget or lifetime; the read count starts
   * again at 0. `undefined` when absent. Only secrets created with
   * `delete: false` can be patched (409 otherwise); a sealed one throws
   * `SecretSealedError` (410): unlike `get`, a patch of a sealed secret is a
   * refusal, not an absence.
   */
  async patch(key: string, options: PatchOptions = {}): Promise<SecretMeta | undefined> {
    const body: Record<string, unknown> = {};
    const redact: string[] = [];
    if (options.value !== undefined) {
      body.value = valueText(options.value);
      redact.push(body.value as string);
    }
    if (options.reads !== undefined) {
      assertReads(options.reads);
      body.max_reads = options.reads;
    }
    if (options.ttl !== undefined) {
      assertTtl(options.ttl);
      body.ttl_seconds = options.ttl;
    }
    const call: Call = { method: 'PATCH', path: this.#secret(key), body, idempotent: false, redact, options };
    const reply = await this.#api.send(call);
    if (reply.status === 404) return undefined;
    if (reply.status !== 200) throw this.#api.error(reply, call);
    return decode.secretMeta(decode.obj(reply.data, 'body'));
  }

  /**
   * Deletes a secret: true when deleted, false when absent. Retried after a
   * network error, so it may answer false when a first attempt deleted it
   * but its answer was lost; either way the secret is gone.
   */
  async delete(key: string, options?: RequestOptions): Promise<boolean> {
    return this.#api.deleted({ method: 'DELETE', path: this.#secret(key), idempotent: true, options });
  }

  /** Metadata of the live secrets of this scope, sealed ones included. Never values. */
  async list(options?: RequestOptions): Promise<SecretMeta[]> {
    const data = await this.#api.ok({
      method: 'GET',
      path: this.#api.scoped('secrets'),
      idempotent: true,
      options,
    });
    return decode.list(data, 'secrets', decode.secretMeta);
  }

  /**
   * Reads the values of every listed secret (or of `options.keys`) into an
   * object. **This consumes one read of each secret**: one-read secrets are
   * burned by it. Keys it could not read (burned or expired since listed,
   * sealed, refused) are reported in `failed`, never silently dropped. Once
   * reading has started it does not throw, so no value already spent is lost.
   */
  async pull(options: PullOptions = {}): Promise<PullResult> {
    const keys = options.keys ?? (await this.list(options)).map((m) => m.key);
    return pullSecrets(keys, (k) => this.#pullOne(k, options), options);
  }

  /** One read for `pull`: `undefined` when absent, `SecretSealedError` when sealed, so `failed` says which. */
  async #pullOne(key: string, options: RequestOptions): Promise<string | undefined> {
    const r = await this.readSecret(key, options);
    if (r.value !== null) return r.value;
    if (r.reason === 'sealed') throw new SecretSealedError();
    return undefined;
  }

  /** Alias of `pull` (the name of Sirr's Node client). Consumes one read of each secret. */
  async pullAll(options?: PullOptions): Promise<PullResult> {
    return this.pull(options);
  }

  /**
   * An environment for a child process: `base` (default `process.env`) plus
   * the pulled secrets, without touching `process.env` (safe with concurrent
   * async work). Consumes one read of each secret; throws `VaultError`
   * `pull_incomplete` (naming the keys) when any could not be read.
   */
  async childEnv(
    options: PullOptions & { base?: Record<string, string | undefined> } = {},
  ): Promise<Record<string, string>> {
    const { values, failed } = await this.pull(options);
    if (failed.length > 0) throw incomplete(failed.map((f) => `${f.key} (${f.code})`));
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(options.base ?? process.env)) if (v !== undefined) env[k] = v;
    return Object.assign(env, values);
  }

  /**
   * Runs `fn` with the pulled secrets set in `process.env`, and restores
   * every variable it touched when `fn` settles, even when it throws.
   * `process.env` is global: other async work running meanwhile sees the
   * values too; prefer `childEnv` for child processes. Consumes one read of
   * each secret; throws `pull_incomplete` (before `fn` runs) when any failed.
   */
  async withEnv<T>(fn: () => T | Promise<T>, options: PullOptions = {}): Promise<T> {
    const { values, failed } = await this.pull(options);
    if (failed.length > 0) throw incomplete(failed.map((f) => `${f.key} (${f.code})`));
    const saved = new Map<string, string | undefined>();
    for (const [k, v] of Object.entries(values)) {
      saved.set(k, process.env[k]);
      process.env[k] = v;
    }
    try {
      return await fn();
    } finally {
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }

  /** Removes expired and burned records of this scope; returns how many. */
  async prune(options?: RequestOptions): Promise<number> {
    const data = await this.#api.ok({
      method: 'POST',
      path: this.#api.scoped('prune'),
      idempotent: false,
      options,
    });
    return decode.int(decode.obj(data, 'body'), 'pruned');
  }

  /** Audit events of this scope, newest first. Never values. */
  async audit(q: AuditQuery = {}): Promise<AuditEvent[]> {
    if (q.limit !== undefined && (!Number.isSafeInteger(q.limit) || q.limit < 1))
      throw new RangeError('limit must be a positive integer');
    const qs = query({
      since: q.since === undefined ? undefined : unixSeconds(q.since, 'since'),
      until: q.until === undefined ? undefined : unixSeconds(q.until, 'until'),
      action: q.action,
      limit: q.limit,
    });
    const data = await this.#api.ok({
      method: 'GET',
      path: `${this.#api.scoped('audit')}${qs}`,
      idempotent: true,
      options: q,
    });
    return decode.list(data, 'events', decode.auditEvent);
  }

  /** The calling principal and its keys (principal keys only; the admin token gets 403). */
  async me(options?: RequestOptions): Promise<Me> {
    const data = await this.#api.ok({ method: 'GET', path: '/me', idempotent: true, options });
    return decode.me(decode.obj(data, 'body'));
  }

  /** Replaces the calling principal's metadata. */
  async updateMe(metadata: Record<string, string>, options?: RequestOptions): Promise<Me> {
    const data = await this.#api.ok({
      method: 'PATCH',
      path: '/me',
      body: { metadata },
      idempotent: false,
      options,
    });
    return decode.me(decode.obj(data, 'body'));
  }

  /** `GET /health`: `{ status: 'ok' }`, or throws. Sends no token. */
  async health(options?: RequestOptions): Promise<{ status: string }> {
    const data = await this.#api.ok({
      method: 'GET',
      path: '/health',
      auth: false,
      idempotent: true,
      options,
    });
    const o = decode.obj(data, 'body');
    if (typeof o.status !== 'string')
      throw new VaultError('invalid_response', 'unexpected response from the vault: status is not a string');
    return { status: o.status };
  }

  /** `GET /version` (Warden's addition). */
  async version(options?: RequestOptions): Promise<VersionInfo> {
    const data = await this.#api.ok({ method: 'GET', path: '/version', idempotent: true, options });
    return decode.versionInfo(decode.obj(data, 'body'));
  }
}

function incomplete(keys: string[]): VaultError {
  return new VaultError('pull_incomplete', `could not read ${keys.length} secret(s): ${keys.join(', ')}`);
}
