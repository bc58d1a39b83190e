/**
 * The storage contract of the vault. Every backend (SQLite now, PostgreSQL
 * later) implements `VaultStore` and passes the same conformance suite
 * (test/store-conformance.ts). The store never sees a plaintext value: the
 * server seals values before `createSecret`/`patchSecret` and opens them
 * after `readSecret` returns. Every method that changes state writes its
 * audit row (and its webhook outbox rows) in the same transaction, and
 * resolves only after that transaction is durable.
 */

/** `null` is Sirr's public bucket; otherwise a 32-hex org id. */
export type OrgScope = string | null;

/** The sealed form of a value (AES-256-GCM); AAD binds org, key, record id and key version. */
export interface SealedValue {
  ciphertext: Uint8Array;
  nonce: Uint8Array;
  keyVersion: number;
}

/** A secret as stored. */
export interface SecretRecord extends SealedValue {
  /** Random 32-hex id of this record; a new one on every create. */
  id: string;
  orgId: OrgScope;
  key: string;
  createdAt: number;
  /** Unix seconds; null = no time limit. Expired when `now >= expiresAt`. */
  expiresAt: number | null;
  /** null = unlimited reads. */
  maxReads: number | null;
  readCount: number;
  /** true: the read that exhausts `maxReads` deletes the record; false: it seals it (410 afterwards). */
  deleteOnExhaust: boolean;
  ownerId: string | null;
  webhookUrl: string | null;
  /**
   * Principal-key names allowed to read; null or empty = anyone allowed by
   * role. Key names are unique within an org, so a name picks one key.
   */
  allowedKeys: string[] | null;
}

/** Everything about a secret but its value. */
export type SecretMeta = Omit<SecretRecord, keyof SealedValue>;

/** Audit actions (Sirr's names, plus Warden's). */
export type AuditAction =
  | 'secret.create'
  | 'secret.read'
  | 'secret.burn'
  | 'secret.seal'
  | 'secret.patch'
  | 'secret.delete'
  | 'secret.expire'
  | 'secret.prune'
  | 'secret.head'
  | 'auth.failure'
  | 'org.create'
  | 'org.delete'
  | 'principal.create'
  | 'principal.delete'
  | 'role.create'
  | 'role.delete'
  | 'key.create'
  | 'key.delete'
  | 'webhook.create'
  | 'webhook.delete'
  | 'keyring.rotate';

/** Who did something, for the audit row. Never a value or a token. */
export interface AuditContext {
  orgId: OrgScope;
  principalId: string | null;
  sourceIp: string;
  /** Free text; must never hold a value or a token. */
  detail?: string | null;
}

export interface AuditEvent {
  /** Increasing integer. */
  id: number;
  timestamp: number;
  action: AuditAction;
  key: string | null;
  sourceIp: string;
  success: boolean;
  detail: string | null;
  orgId: OrgScope;
  principalId: string | null;
}

export interface AuditQuery {
  /** undefined = every org (admin); null = public bucket only; string = that org. */
  orgId?: OrgScope;
  since?: number;
  until?: number;
  action?: string;
  /** Newest first; at most this many (the store caps it at 1000). */
  limit: number;
}

/**
 * A check the server runs inside the store's write transaction against the
 * role as it is at that moment (undefined: no such role); it throws to refuse.
 */
export type RoleGuard = (role: Role | undefined) => void;

/** A decision the server makes about an existing record, inside the store's transaction. */
export type Authorize = (meta: SecretMeta) => 'allow' | 'forbidden' | 'not_found';

export type CreateOutcome = { status: 'created' | 'replaced' } | { status: 'conflict' };
export type ReadOutcome =
  | { status: 'ok'; record: SecretRecord; burned: boolean }
  | { status: 'sealed'; meta: SecretMeta }
  | { status: 'not_found' }
  | { status: 'forbidden' };
export type HeadOutcome =
  | { status: 'ok' | 'sealed'; meta: SecretMeta }
  | { status: 'not_found' }
  | { status: 'forbidden' };
export type PatchOutcome =
  | { status: 'ok'; meta: SecretMeta }
  | { status: 'not_found' | 'sealed' | 'forbidden' | 'delete_on_exhaust' };
export type DeleteOutcome = { status: 'deleted' | 'not_found' | 'forbidden' };

export interface SecretPatch {
  /** New sealed value (sealed by the caller for this record's id). */
  value?: (recordId: string) => SealedValue;
  maxReads?: number | null;
  /** New `expiresAt` (absolute), or null for no limit. */
  expiresAt?: number | null;
}

export interface Org {
  id: string;
  name: string;
  metadata: Record<string, string>;
  createdAt: number;
}

export interface Principal {
  id: string;
  orgId: string;
  name: string;
  role: string;
  metadata: Record<string, string>;
  createdAt: number;
}

export interface Role {
  name: string;
  /** Canonical letter string (Sirr v1 §5). */
  permissions: string;
  builtIn: boolean;
  orgId: string | null;
  createdAt: number;
}

export interface PrincipalKey {
  id: string;
  principalId: string;
  /** Unique within the principal's org (see `VaultStore.createKey`). */
  name: string;
  /** SHA-256 of the raw key, hex. The raw key is never stored. */
  hash: string;
  validAfter: number;
  validBefore: number;
  createdAt: number;
}

export interface Webhook {
  id: string;
  orgId: OrgScope;
  url: string;
  events: string[];
  /** The signing secret, sealed like a secret value. */
  secret: SealedValue;
  createdAt: number;
}

/** One webhook delivery waiting in the outbox (at least once; `id` is the receiver's idempotency key). */
export interface WebhookDelivery {
  id: string;
  /** The org webhook, or null for a secret's own `webhook_url`. */
  webhookId: string | null;
  /** The scope whose event this is (and whose webhook, when `webhookId` is set, signs it). */
  orgId: OrgScope;
  url: string;
  event: string;
  /** JSON body, never containing a secret value. */
  body: string;
  /** Attempts so far, counting the one this claim starts (1 on the first claim). */
  attempts: number;
  nextAttemptAt: number;
}

/** The persisted keyring: master-key-wrapped data keys by version. */
export interface StoredKeyring {
  activeVersion: number;
  /** version -> data key sealed under the master key (opaque to the store). */
  keys: Record<number, Uint8Array>;
}

export interface VaultStore {
  /** Runs pending migrations. Safe to call concurrently from several processes. */
  init(): Promise<void>;
  /** Flushes pending work and closes. */
  close(): Promise<void>;

  /**
   * Creates a secret. When a live record has the same (org, key), it is
   * replaced only if `canReplace(existing)` says so; otherwise `conflict`.
   * An expired record is always replaced (audited as `secret.expire`; the
   * outcome is then `created`). `record.createdAt` is the current time of the
   * call: it decides whether the existing record has expired.
   */
  createSecret(
    record: SecretRecord,
    canReplace: (existing: SecretMeta) => boolean,
    audit: AuditContext,
  ): Promise<CreateOutcome>;
  /**
   * One read, atomically: expiry (deletes, `not_found`), authorization,
   * seal state, then the read count; the read that exhausts the budget deletes
   * (`burned`) or seals the record. Durable before it resolves.
   */
  readSecret(
    orgId: OrgScope,
    key: string,
    now: number,
    authorize: Authorize,
    audit: AuditContext,
  ): Promise<ReadOutcome>;
  /** Metadata without consuming a read. */
  headSecret(orgId: OrgScope, key: string, now: number, authorize: Authorize): Promise<HeadOutcome>;
  /** Sirr's PATCH: value/max_reads/expiry; read count resets to 0; 409 semantics for delete-on-exhaust records. */
  patchSecret(
    orgId: OrgScope,
    key: string,
    now: number,
    patch: SecretPatch,
    authorize: Authorize,
    audit: AuditContext,
  ): Promise<PatchOutcome>;
  deleteSecret(
    orgId: OrgScope,
    key: string,
    authorize: Authorize,
    audit: AuditContext,
  ): Promise<DeleteOutcome>;
  /** Live (unexpired) secrets of a scope, sealed ones included, ordered by key; optionally only one owner's. */
  listSecrets(orgId: OrgScope, now: number, options?: { ownerId?: string }): Promise<SecretMeta[]>;
  /**
   * Removes expired (and burned-leftover) records and returns how many.
   * With a scope (`null` or an org id), it writes one `secret.prune` row in
   * that scope with the count, even when it is 0 (someone asked), and
   * notifies webhooks only when the count is above 0. With `orgId`
   * undefined (the sweeper), it prunes every scope separately: one
   * `secret.prune` row (and its webhook events) per scope that lost records,
   * written in that scope whatever `audit.orgId` says, and nothing at all for
   * a scope that lost none.
   */
  pruneSecrets(orgId: OrgScope | undefined, now: number, audit: AuditContext): Promise<number>;

  appendAudit(
    action: AuditAction,
    key: string | null,
    success: boolean,
    audit: AuditContext,
    now: number,
  ): Promise<void>;
  queryAudit(query: AuditQuery): Promise<AuditEvent[]>;
  /** Deletes audit events older than `before`; returns how many. */
  pruneAudit(before: number): Promise<number>;

  createOrg(org: Org): Promise<void>;
  getOrg(id: string): Promise<Org | undefined>;
  listOrgs(): Promise<Org[]>;
  deleteOrg(id: string): Promise<'deleted' | 'not_found' | 'has_principals'>;

  /**
   * Inserts a principal. `guard`, when given, runs inside the write
   * transaction with the role the principal would get at that moment (the
   * org's role of that name, else the built-in one, else undefined); if it
   * throws, nothing is written and the call rejects with that error. This is
   * how a caller's check of the role (exists, within the caller's
   * permissions) holds against a concurrent `putRole` or `deleteRole`.
   */
  createPrincipal(principal: Principal, guard?: RoleGuard): Promise<void>;
  getPrincipal(id: string): Promise<Principal | undefined>;
  listPrincipals(orgId: string): Promise<Principal[]>;
  updatePrincipalMetadata(id: string, metadata: Record<string, string>): Promise<Principal | undefined>;
  deletePrincipal(
    orgId: string,
    id: string,
    now: number,
  ): Promise<'deleted' | 'not_found' | 'has_active_keys'>;

  /**
   * Creates or replaces a role (Sirr's upsert). `guard`, when given, runs
   * inside the write transaction with the role `role.name` resolves to in
   * that org right now (the org's own, else the built-in it would shadow,
   * else undefined); if it throws, nothing is written and the call rejects
   * with that error.
   */
  putRole(role: Role, guard?: RoleGuard): Promise<void>;
  /** The org's role of that name, else the built-in one. */
  getRole(orgId: string | null, name: string): Promise<Role | undefined>;
  listRoles(orgId: string): Promise<Role[]>;
  deleteRole(orgId: string, name: string): Promise<'deleted' | 'not_found' | 'in_use'>;

  /**
   * Inserts a principal key. Key names are unique within an org (a secret's
   * `allowedKeys` binds names): rejects with code `key_name_taken` (status
   * 409) when any key of the principal's org, whoever holds it, already has
   * `key.name`, checked and inserted in one transaction. A hash already
   * stored, or an unknown principal, rejects with `store_error`.
   */
  createKey(key: PrincipalKey): Promise<void>;
  findKeyByHash(hash: string): Promise<PrincipalKey | undefined>;
  listKeys(principalId: string): Promise<PrincipalKey[]>;
  deleteKey(principalId: string, keyId: string): Promise<boolean>;

  createWebhook(webhook: Webhook, maxPerOrg: number): Promise<'created' | 'limit'>;
  listWebhooks(orgId: OrgScope): Promise<Webhook[]>;
  deleteWebhook(orgId: OrgScope, id: string): Promise<boolean>;
  /** Claims up to `limit` due deliveries for `leaseSeconds` (no two workers get the same one). */
  claimDeliveries(now: number, limit: number, leaseSeconds: number): Promise<WebhookDelivery[]>;
  completeDelivery(id: string): Promise<void>;
  /** Schedules another attempt, or drops the delivery when `nextAttemptAt` is null (gave up). */
  retryDelivery(id: string, nextAttemptAt: number | null): Promise<void>;

  loadKeyring(): Promise<StoredKeyring | undefined>;
  /**
   * Saves the keyring only if its active version is still `expectedActive` (compare-and-set).
   * Rejects with code `keyring_version_in_use` when it would drop a version some record is still sealed under.
   */
  saveKeyring(keyring: StoredKeyring, expectedActive: number | undefined): Promise<boolean>;
  /**
   * Up to `limit` secrets and webhooks sealed under a key version other than `activeVersion`, for re-encryption.
   * For a webhook, `key` is '' (a webhook has no key; seal its secret with `key: ''`).
   */
  findStaleSealed(
    activeVersion: number,
    limit: number,
  ): Promise<{ kind: 'secret' | 'webhook'; id: string; orgId: OrgScope; key: string; sealed: SealedValue }[]>;
  /**
   * Replaces a record's sealed value only if it is still sealed under `fromVersion` (crash- and race-safe).
   * With `fromNonce` (the nonce `findStaleSealed` returned) it also requires the very same ciphertext, so a
   * PATCH by a process still sealing under the old version is never overwritten by the re-encrypted old value.
   */
  resealRecord(
    kind: 'secret' | 'webhook',
    id: string,
    fromVersion: number,
    sealed: SealedValue,
    fromNonce?: Uint8Array,
  ): Promise<boolean>;
}
