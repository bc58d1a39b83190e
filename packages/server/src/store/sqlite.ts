import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Clock, systemClock } from '@warden/core';
import Database from 'better-sqlite3';
import { type GroupCommitStats, GroupCommitter } from './group-commit.js';
import * as audit from './sqlite-audit.js';
import * as directory from './sqlite-directory.js';
import { storeClosed, toStoreError } from './sqlite-errors.js';
import * as keyring from './sqlite-keyring.js';
import { migrate } from './sqlite-migrations.js';
import { Sql } from './sqlite-rows.js';
import * as secrets from './sqlite-secrets.js';
import type {
  AuditAction,
  AuditContext,
  AuditEvent,
  AuditQuery,
  Authorize,
  CreateOutcome,
  DeleteOutcome,
  HeadOutcome,
  Org,
  OrgScope,
  PatchOutcome,
  Principal,
  PrincipalKey,
  ReadOutcome,
  Role,
  RoleGuard,
  SealedValue,
  SecretMeta,
  SecretPatch,
  SecretRecord,
  StoredKeyring,
  VaultStore,
  Webhook,
  WebhookDelivery,
} from './types.js';

/** Options of {@link SqliteStore}. */
export interface SqliteStoreOptions {
  /** The database file, e.g. `<data dir>/vault.db`; created (mode 0600, directory 0700) when missing. */
  path: string;
  /** Time for the few methods that take no `now` (audit stamps of deletes, migration records). */
  clock?: Clock;
  /** Commit a batch as soon as it holds this many operations instead of waiting for `setImmediate` (default 256). */
  maxBatch?: number;
  /** How long to wait for another process's write lock before `store_unavailable` (default 5000 ms). */
  busyTimeoutMs?: number;
  /**
   * After this long without a commit, checkpoint and truncate the WAL (default 1000 ms; 0 turns it off).
   * See {@link SqliteStore.checkpoint}.
   */
  checkpointIdleMs?: number;
}

/** The connection settings in force, for health checks and tests. */
export interface SqliteSettings {
  journalMode: string;
  synchronous: number;
  secureDelete: number;
  foreignKeys: number;
  busyTimeoutMs: number;
}

/**
 * The embedded vault store: one SQLite file in WAL mode with
 * `synchronous=FULL` (a commit is on disk when it returns) and
 * `secure_delete=ON` (a burned record's bytes are overwritten, not left in
 * free pages). Every state change, its audit row and its webhook outbox rows
 * form one transaction; concurrent changes share one transaction and one
 * fsync (group commit, see group-commit.ts), and each call resolves only
 * after that COMMIT. Read-only calls run directly on committed state.
 *
 * Several processes may open the same file: SQLite's locks serialize their
 * writers, and the conditional steps run inside the write transaction, so a
 * secret still burns exactly once.
 *
 * @example
 * ```ts
 * const store = new SqliteStore({ path: join(dataDir, 'vault.db') });
 * await store.init();
 * ```
 */
export class SqliteStore implements VaultStore {
  readonly #path: string;
  readonly #clock: Clock;
  readonly #maxBatch: number;
  readonly #busyTimeoutMs: number;
  readonly #checkpointIdleMs: number;
  #idleTimer: NodeJS.Timeout | undefined;
  #db: Database.Database | undefined;
  #sql: Sql | undefined;
  #committer: GroupCommitter | undefined;
  #closed = false;

  constructor(options: SqliteStoreOptions) {
    if (typeof options.path !== 'string' || options.path === '')
      throw new TypeError('path must be a file path');
    this.#path = options.path;
    this.#clock = options.clock ?? systemClock;
    this.#maxBatch = options.maxBatch ?? 256;
    this.#busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.#checkpointIdleMs = options.checkpointIdleMs ?? 1000;
    if (!Number.isSafeInteger(this.#maxBatch) || this.#maxBatch < 1)
      throw new RangeError('maxBatch must be >= 1');
    for (const [name, value] of [
      ['busyTimeoutMs', this.#busyTimeoutMs],
      ['checkpointIdleMs', this.#checkpointIdleMs],
    ] as const) {
      if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be >= 0`);
    }
  }

  /** Opens the file, applies the pragmas and runs pending migrations. Idempotent. */
  async init(): Promise<void> {
    if (this.#closed) throw storeClosed();
    if (this.#db !== undefined) return;
    let db: Database.Database | undefined;
    try {
      if (this.#path !== ':memory:') mkdirSync(dirname(this.#path), { recursive: true, mode: 0o700 });
      db = new Database(this.#path, { timeout: this.#busyTimeoutMs });
      // Before WAL exists: SQLite gives the -wal and -shm files the mode of the database file.
      if (this.#path !== ':memory:') chmodSync(this.#path, 0o600);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('secure_delete = ON');
      db.pragma('foreign_keys = ON');
      // Truncate the WAL after a checkpoint resets it: its old frames still
      // hold the ciphertext of records burned since.
      db.pragma('journal_size_limit = 0');
      migrate(db, this.#clock.now());
      this.#committer = new GroupCommitter(db, this.#maxBatch, () => this.#armCheckpoint());
      this.#sql = new Sql(db);
      this.#db = db;
    } catch (error) {
      db?.close();
      throw toStoreError(error);
    }
  }

  /** Commits what is queued, checkpoints the WAL into the main file and closes. Later calls fail with `store_unavailable`. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const db = this.#db;
    if (db === undefined) return;
    this.#committer?.flush();
    clearTimeout(this.#idleTimer);
    this.checkpoint();
    db.close();
    this.#db = undefined;
    this.#sql = undefined;
    this.#committer = undefined;
  }

  /**
   * Copies the WAL into the main file and truncates it to zero bytes. The
   * WAL keeps the frames of past writes (the ciphertext of records burned
   * since) until it wraps around; `secure_delete` only scrubs the main file.
   * Runs by itself once the store has been idle for `checkpointIdleMs`.
   * Never waits for other connections: returns false when one is in the way
   * (their WAL is then truncated by a later checkpoint).
   */
  checkpoint(): boolean {
    const db = this.#db;
    if (db === undefined) return false;
    try {
      // A zero busy timeout for this call only: a checkpoint must not stall the event loop.
      db.pragma('busy_timeout = 0');
      const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      return row?.busy === 0;
    } catch {
      return false;
    } finally {
      db.pragma(`busy_timeout = ${this.#busyTimeoutMs}`);
    }
  }

  #armCheckpoint(): void {
    if (this.#checkpointIdleMs === 0) return;
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      if ((this.#committer?.pending ?? 0) === 0) this.checkpoint();
    }, this.#checkpointIdleMs);
    // An idle checkpoint is housekeeping; it must not keep the process alive.
    this.#idleTimer.unref();
  }

  /** Group-commit counters (commits, committed ops, largest batch). */
  get stats(): GroupCommitStats {
    return this.#committer?.stats ?? { commits: 0, ops: 0, maxBatch: 0 };
  }

  /** The pragmas of this connection, read back from SQLite. */
  settings(): SqliteSettings {
    const db = this.#db;
    if (db === undefined) throw storeClosed();
    const num = (name: string) => Number(db.pragma(name, { simple: true }));
    return {
      journalMode: String(db.pragma('journal_mode', { simple: true })),
      synchronous: num('synchronous'),
      secureDelete: num('secure_delete'),
      foreignKeys: num('foreign_keys'),
      busyTimeoutMs: num('busy_timeout'),
    };
  }

  /** A state change: queued for the next group commit, settled after it. */
  #write<T>(step: (sql: Sql) => T): Promise<T> {
    const committer = this.#committer;
    const sql = this.#sql;
    if (this.#closed || committer === undefined || sql === undefined) return Promise.reject(storeClosed());
    return committer.enqueue(() => step(sql));
  }

  /** A read of committed state; never waits for the queue. */
  #read<T>(step: (sql: Sql) => T): Promise<T> {
    const sql = this.#sql;
    if (this.#closed || sql === undefined) return Promise.reject(storeClosed());
    try {
      return Promise.resolve(step(sql));
    } catch (error) {
      return Promise.reject(toStoreError(error));
    }
  }

  /** `record.createdAt` is taken as the current time of this call. */
  createSecret(
    record: SecretRecord,
    canReplace: (existing: SecretMeta) => boolean,
    ctx: AuditContext,
  ): Promise<CreateOutcome> {
    return this.#write((sql) => secrets.createSecret(sql, record, canReplace, ctx));
  }

  readSecret(
    orgId: OrgScope,
    key: string,
    now: number,
    authorize: Authorize,
    ctx: AuditContext,
  ): Promise<ReadOutcome> {
    return this.#write((sql) => secrets.readSecret(sql, orgId, key, now, authorize, ctx));
  }

  headSecret(orgId: OrgScope, key: string, now: number, authorize: Authorize): Promise<HeadOutcome> {
    return this.#read((sql) => secrets.headSecret(sql, orgId, key, now, authorize));
  }

  patchSecret(
    orgId: OrgScope,
    key: string,
    now: number,
    patch: SecretPatch,
    authorize: Authorize,
    ctx: AuditContext,
  ): Promise<PatchOutcome> {
    return this.#write((sql) => secrets.patchSecret(sql, orgId, key, now, patch, authorize, ctx));
  }

  deleteSecret(
    orgId: OrgScope,
    key: string,
    authorize: Authorize,
    ctx: AuditContext,
  ): Promise<DeleteOutcome> {
    return this.#write((sql) => secrets.deleteSecret(sql, orgId, key, this.#clock.now(), authorize, ctx));
  }

  listSecrets(orgId: OrgScope, now: number, options?: { ownerId?: string }): Promise<SecretMeta[]> {
    return this.#read((sql) => secrets.listSecrets(sql, orgId, now, options?.ownerId));
  }

  pruneSecrets(orgId: OrgScope | undefined, now: number, ctx: AuditContext): Promise<number> {
    return this.#write((sql) => secrets.pruneSecrets(sql, orgId, now, ctx));
  }

  appendAudit(
    action: AuditAction,
    key: string | null,
    success: boolean,
    ctx: AuditContext,
    now: number,
  ): Promise<void> {
    return this.#write((sql) =>
      audit.writeAudit(sql, { action, key, success, orgId: ctx.orgId, context: ctx, timestamp: now }),
    );
  }

  queryAudit(query: AuditQuery): Promise<AuditEvent[]> {
    return this.#read((sql) => audit.queryAudit(sql, query));
  }

  pruneAudit(before: number): Promise<number> {
    return this.#write((sql) => sql.run('DELETE FROM audit WHERE timestamp < ?', before));
  }

  createOrg(org: Org): Promise<void> {
    return this.#write((sql) => directory.createOrg(sql, org));
  }

  getOrg(id: string): Promise<Org | undefined> {
    return this.#read((sql) => directory.getOrg(sql, id));
  }

  listOrgs(): Promise<Org[]> {
    return this.#read((sql) => directory.listOrgs(sql));
  }

  deleteOrg(id: string): Promise<'deleted' | 'not_found' | 'has_principals'> {
    return this.#write((sql) => directory.deleteOrg(sql, id));
  }

  createPrincipal(principal: Principal, guard?: RoleGuard): Promise<void> {
    return this.#write((sql) => directory.createPrincipal(sql, principal, guard));
  }

  getPrincipal(id: string): Promise<Principal | undefined> {
    return this.#read((sql) => directory.getPrincipal(sql, id));
  }

  listPrincipals(orgId: string): Promise<Principal[]> {
    return this.#read((sql) => directory.listPrincipals(sql, orgId));
  }

  updatePrincipalMetadata(id: string, metadata: Record<string, string>): Promise<Principal | undefined> {
    return this.#write((sql) => directory.updatePrincipalMetadata(sql, id, metadata));
  }

  deletePrincipal(
    orgId: string,
    id: string,
    now: number,
  ): Promise<'deleted' | 'not_found' | 'has_active_keys'> {
    return this.#write((sql) => directory.deletePrincipal(sql, orgId, id, now));
  }

  putRole(role: Role, guard?: RoleGuard): Promise<void> {
    return this.#write((sql) => directory.putRole(sql, role, guard));
  }

  getRole(orgId: string | null, name: string): Promise<Role | undefined> {
    return this.#read((sql) => directory.getRole(sql, orgId, name));
  }

  listRoles(orgId: string): Promise<Role[]> {
    return this.#read((sql) => directory.listRoles(sql, orgId));
  }

  deleteRole(orgId: string, name: string): Promise<'deleted' | 'not_found' | 'in_use'> {
    return this.#write((sql) => directory.deleteRole(sql, orgId, name));
  }

  createKey(key: PrincipalKey): Promise<void> {
    return this.#write((sql) => directory.createKey(sql, key));
  }

  findKeyByHash(hash: string): Promise<PrincipalKey | undefined> {
    return this.#read((sql) => directory.findKeyByHash(sql, hash));
  }

  listKeys(principalId: string): Promise<PrincipalKey[]> {
    return this.#read((sql) => directory.listKeys(sql, principalId));
  }

  deleteKey(principalId: string, keyId: string): Promise<boolean> {
    return this.#write((sql) => directory.deleteKey(sql, principalId, keyId));
  }

  createWebhook(webhook: Webhook, maxPerOrg: number): Promise<'created' | 'limit'> {
    return this.#write((sql) => directory.createWebhook(sql, webhook, maxPerOrg));
  }

  listWebhooks(orgId: OrgScope): Promise<Webhook[]> {
    return this.#read((sql) => directory.listWebhooks(sql, orgId));
  }

  deleteWebhook(orgId: OrgScope, id: string): Promise<boolean> {
    return this.#write((sql) => directory.deleteWebhook(sql, orgId, id));
  }

  claimDeliveries(now: number, limit: number, leaseSeconds: number): Promise<WebhookDelivery[]> {
    return this.#write((sql) => audit.claimDeliveries(sql, now, limit, leaseSeconds));
  }

  completeDelivery(id: string): Promise<void> {
    return this.#write((sql) => {
      sql.run('DELETE FROM webhook_deliveries WHERE id = ?', id);
    });
  }

  retryDelivery(id: string, nextAttemptAt: number | null): Promise<void> {
    return this.#write((sql) => {
      if (nextAttemptAt === null) sql.run('DELETE FROM webhook_deliveries WHERE id = ?', id);
      else
        sql.run(
          'UPDATE webhook_deliveries SET next_attempt_at = ?, lease_until = 0 WHERE id = ?',
          nextAttemptAt,
          id,
        );
    });
  }

  loadKeyring(): Promise<StoredKeyring | undefined> {
    return this.#read((sql) => keyring.loadKeyring(sql));
  }

  saveKeyring(value: StoredKeyring, expectedActive: number | undefined): Promise<boolean> {
    return this.#write((sql) => keyring.saveKeyring(sql, value, expectedActive));
  }

  findStaleSealed(activeVersion: number, limit: number): Promise<keyring.StaleSealed[]> {
    return this.#read((sql) => keyring.findStaleSealed(sql, activeVersion, limit));
  }

  resealRecord(
    kind: 'secret' | 'webhook',
    id: string,
    fromVersion: number,
    sealed: SealedValue,
    fromNonce?: Uint8Array,
  ): Promise<boolean> {
    return this.#write((sql) => keyring.resealRecord(sql, kind, id, fromVersion, sealed, fromNonce));
  }
}
