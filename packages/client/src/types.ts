/**
 * What the client returns. Wire names (Sirr v1, snake_case) are mapped to
 * camelCase; times are integer Unix seconds, as on the wire.
 */

/** Per-call options every method accepts. */
export interface RequestOptions {
  /** Cancels the request; the method then throws a `VaultError` with code `aborted`. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call (the whole call, retries included). */
  timeoutMs?: number;
}

/** Options of `push`. */
export interface PushOptions extends RequestOptions {
  /** How many reads the secret allows (>= 1); unlimited when absent. */
  reads?: number;
  /** Lifetime in seconds (0 .. 315 360 000); no time limit when absent. */
  ttl?: number;
  /**
   * What the read that exhausts `reads` does: delete the secret (`true`, the
   * default: later reads find nothing) or seal it (`false`: later reads get
   * `null` too, but `head` still shows it, with `status: 'sealed'`).
   */
  delete?: boolean;
  /** A URL notified on each read and burn (the server must allow its origin). */
  webhookUrl?: string;
  /** Names of the principal keys allowed to read the secret (org-scoped clients only). */
  allowedKeys?: string[];
}

/** Options of `patch`; read count restarts at 0 on every patch, as in Sirr. */
export interface PatchOptions extends RequestOptions {
  value?: string | Uint8Array;
  reads?: number;
  ttl?: number;
}

/** A secret's metadata (never its value). */
export interface SecretMeta {
  key: string;
  createdAt: number;
  /** null: no time limit. */
  expiresAt: number | null;
  /** null: unlimited reads. */
  maxReads: number | null;
  readCount: number;
  /** true: burned by its last read; false: sealed instead. */
  delete: boolean;
  ownerId: string | null;
  orgId: string | null;
}

/** What `head` reports, from the `X-Sirr-*` headers; reading it consumes nothing. */
export interface SecretStatus {
  key: string;
  /** `sealed`: reads exhausted and kept (created with `delete: false`). */
  status: 'active' | 'sealed';
  readCount: number;
  /** null: unlimited. */
  readsRemaining: number | null;
  delete: boolean;
  createdAt: number;
  expiresAt: number | null;
}

/**
 * What `WardenClient.readSecret` found: the value, or why there is none
 * (`not_found`: never set, expired, burned or deleted; `sealed`: reads
 * exhausted and kept, `delete: false`).
 */
export type SecretRead =
  | { value: string; reason?: undefined }
  | { value: null; reason: 'not_found' | 'sealed' };

/** Why `pull` did not get a key's value. */
export interface PullFailure {
  key: string;
  /** `not_found` (burned or expired since it was listed), `sealed`, or the error's code. */
  code: string;
  /** The error's status, 0 when the request never got an answer. */
  status: number;
}

/** What `pull` returns: the values it read, and every key it could not read. */
export interface PullResult {
  values: Record<string, string>;
  failed: PullFailure[];
}

/** Options of `pull`. */
export interface PullOptions extends RequestOptions {
  /** Only these keys (each still costs one read); default: every key `list` shows. */
  keys?: readonly string[];
  /** How many reads run at once (default 8). */
  concurrency?: number;
}

/** An audit query; `since` and `until` are inclusive. */
export interface AuditQuery extends RequestOptions {
  since?: number | Date;
  until?: number | Date;
  /** Exact action name, e.g. `secret.read`. */
  action?: string;
  /** At most this many, newest first (the server caps it). */
  limit?: number;
}

export interface AuditEvent {
  id: number;
  timestamp: number;
  action: string;
  key: string | null;
  sourceIp: string;
  success: boolean;
  detail: string | null;
  orgId: string | null;
  principalId: string | null;
}

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  createdAt: number;
}

/** A new webhook; `secret` (the signing key) is shown only here. */
export interface WebhookCreated {
  id: string;
  secret: string;
}

export interface Org {
  id: string;
  name: string;
  metadata: Record<string, string>;
  /** null when the server did not say (create responses). */
  createdAt: number | null;
}

export interface Principal {
  id: string;
  name: string;
  role: string;
  orgId: string;
  metadata: Record<string, string>;
  createdAt: number | null;
}

export interface Role {
  name: string;
  /** Canonical permission letters (`rRlLcCpPaAmMSdD` order). */
  permissions: string;
  builtIn: boolean;
  orgId: string | null;
  createdAt: number | null;
}

/** A principal key as `/me` lists it (never the raw key). */
export interface KeyInfo {
  id: string;
  name: string;
  validAfter: number;
  validBefore: number;
  createdAt: number;
}

/** A new principal key; `key` (the raw bearer token) is shown only here. */
export interface KeyCreated {
  id: string;
  name: string;
  key: string;
  validAfter: number;
  validBefore: number;
}

/** The calling principal. `createdAt` and `keys` are absent from `updateMe`'s answer. */
export interface Me {
  id: string;
  name: string;
  role: string;
  orgId: string;
  metadata: Record<string, string>;
  createdAt: number | null;
  keys: KeyInfo[];
}

/** `GET /version`: Warden's addition; fields beyond `version` pass through. */
export interface VersionInfo {
  version: string;
  [field: string]: unknown;
}
