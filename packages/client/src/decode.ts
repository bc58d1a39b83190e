/**
 * Checks each response against the shape Sirr v1 documents (sirr-v1-api.md
 * §2, §6) and maps it to the client's types. A response that does not fit
 * is a `VaultError` with code `invalid_response`, never a half-typed object.
 */
import { VaultError } from './errors.js';
import type {
  AuditEvent,
  KeyCreated,
  KeyInfo,
  Me,
  Org,
  Principal,
  Role,
  SecretMeta,
  SecretStatus,
  VersionInfo,
  Webhook,
  WebhookCreated,
} from './types.js';

type Obj = Record<string, unknown>;

function bad(what: string): VaultError {
  return new VaultError('invalid_response', `unexpected response from the vault: ${what}`);
}

export function obj(v: unknown, what: string): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw bad(`${what} is not an object`);
  return v as Obj;
}

function str(o: Obj, k: string): string {
  const v = o[k];
  if (typeof v !== 'string') throw bad(`${k} is not a string`);
  return v;
}

function optStr(o: Obj, k: string): string | null {
  const v = o[k];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw bad(`${k} is not a string`);
  return v;
}

export function int(o: Obj, k: string): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw bad(`${k} is not an integer`);
  return v;
}

function optInt(o: Obj, k: string): number | null {
  return o[k] === undefined || o[k] === null ? null : int(o, k);
}

function bool(o: Obj, k: string, fallback: boolean): boolean {
  const v = o[k];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') throw bad(`${k} is not a boolean`);
  return v;
}

function strMap(o: Obj, k: string): Record<string, string> {
  const v = o[k];
  if (v === undefined || v === null) return {};
  const m = obj(v, k);
  const out: Record<string, string> = {};
  for (const [mk, mv] of Object.entries(m)) {
    if (typeof mv !== 'string') throw bad(`${k} values must be strings`);
    out[mk] = mv;
  }
  return out;
}

/** The array under `k` of a list response (`{"secrets":[...]}`), each item mapped. */
export function list<T>(body: unknown, k: string, item: (o: Obj) => T): T[] {
  const v = obj(body, 'body')[k];
  if (!Array.isArray(v)) throw bad(`${k} is not an array`);
  return v.map((x) => item(obj(x, `${k} item`)));
}

export function secretMeta(o: Obj): SecretMeta {
  return {
    key: str(o, 'key'),
    createdAt: int(o, 'created_at'),
    expiresAt: optInt(o, 'expires_at'),
    maxReads: optInt(o, 'max_reads'),
    readCount: int(o, 'read_count'),
    delete: bool(o, 'delete', true),
    ownerId: optStr(o, 'owner_id'),
    orgId: optStr(o, 'org_id'),
  };
}

/** `{"key","value"}` of a read; only the value is kept. */
export function secretValue(body: unknown): string {
  return str(obj(body, 'body'), 'value');
}

function headerInt(h: Headers, name: string, required: boolean): number | null {
  const v = h.get(name);
  if (v === null) {
    if (required) throw bad(`missing ${name} header`);
    return null;
  }
  if (!/^\d+$/.test(v.trim())) throw bad(`${name} header is not an integer`);
  return Number(v);
}

/** The `X-Sirr-*` headers of a HEAD answer (§6): read count and created-at are required, as Python's client requires. */
export function secretStatus(key: string, status: number, h: Headers): SecretStatus {
  const remaining = h.get('x-sirr-reads-remaining');
  const sealed = status === 410 || h.get('x-sirr-status')?.trim().toLowerCase() === 'sealed';
  return {
    key,
    status: sealed ? 'sealed' : 'active',
    readCount: headerInt(h, 'x-sirr-read-count', true) as number,
    readsRemaining:
      remaining === null || remaining.trim().toLowerCase() === 'unlimited'
        ? null
        : (headerInt(h, 'x-sirr-reads-remaining', true) as number),
    delete: (h.get('x-sirr-delete') ?? 'true').trim().toLowerCase() === 'true',
    createdAt: headerInt(h, 'x-sirr-created-at', true) as number,
    expiresAt: headerInt(h, 'x-sirr-expires-at', false),
  };
}

export function auditEvent(o: Obj): AuditEvent {
  return {
    id: int(o, 'id'),
    timestamp: int(o, 'timestamp'),
    action: str(o, 'action'),
    key: optStr(o, 'key'),
    sourceIp: str(o, 'source_ip'),
    success: bool(o, 'success', false),
    detail: optStr(o, 'detail'),
    orgId: optStr(o, 'org_id'),
    principalId: optStr(o, 'principal_id'),
  };
}

export function webhook(o: Obj): Webhook {
  const events = o.events;
  if (!Array.isArray(events) || !events.every((e) => typeof e === 'string'))
    throw bad('events is not a list of strings');
  return { id: str(o, 'id'), url: str(o, 'url'), events, createdAt: int(o, 'created_at') };
}

export function webhookCreated(o: Obj): WebhookCreated {
  return { id: str(o, 'id'), secret: str(o, 'secret') };
}

export function org(o: Obj): Org {
  return {
    id: str(o, 'id'),
    name: str(o, 'name'),
    metadata: strMap(o, 'metadata'),
    createdAt: optInt(o, 'created_at'),
  };
}

export function principal(o: Obj): Principal {
  return {
    id: str(o, 'id'),
    name: str(o, 'name'),
    role: str(o, 'role'),
    orgId: str(o, 'org_id'),
    metadata: strMap(o, 'metadata'),
    createdAt: optInt(o, 'created_at'),
  };
}

export function role(o: Obj): Role {
  return {
    name: str(o, 'name'),
    permissions: str(o, 'permissions'),
    // Sirr's server sends `built_in`; its Node client's type says `builtin`. Accept both.
    builtIn: bool(o, 'built_in', bool(o, 'builtin', false)),
    orgId: optStr(o, 'org_id'),
    createdAt: optInt(o, 'created_at'),
  };
}

export function keyInfo(o: Obj): KeyInfo {
  return {
    id: str(o, 'id'),
    name: str(o, 'name'),
    validAfter: int(o, 'valid_after'),
    validBefore: int(o, 'valid_before'),
    createdAt: int(o, 'created_at'),
  };
}

export function keyCreated(o: Obj): KeyCreated {
  return {
    id: str(o, 'id'),
    name: str(o, 'name'),
    key: str(o, 'key'),
    validAfter: int(o, 'valid_after'),
    validBefore: int(o, 'valid_before'),
  };
}

export function me(o: Obj): Me {
  const keys = o.keys;
  return {
    id: str(o, 'id'),
    name: str(o, 'name'),
    role: str(o, 'role'),
    orgId: str(o, 'org_id'),
    metadata: strMap(o, 'metadata'),
    createdAt: optInt(o, 'created_at'),
    keys: keys === undefined || keys === null ? [] : list(o, 'keys', keyInfo),
  };
}

export function versionInfo(o: Obj): VersionInfo {
  return { ...o, version: str(o, 'version') };
}
