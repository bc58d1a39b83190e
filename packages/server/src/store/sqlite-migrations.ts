import { WardenError } from '@warden/core';
import type Database from 'better-sqlite3';

/** One schema step. Applied once, in order, and recorded in `schema_version`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Conventions of the schema:
 * - `org` columns hold '' for the public bucket (and for built-in roles):
 *   SQL treats NULLs as distinct, so `UNIQUE (org, key)` with NULL would let
 *   two public secrets share a key.
 * - STRICT tables, so a wrong type is an error rather than a silent coercion.
 * - Booleans are INTEGER 0/1; times are Unix seconds; JSON lives in TEXT.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'vault',
    sql: `
CREATE TABLE secrets (
  id TEXT PRIMARY KEY,
  org TEXT NOT NULL,
  key TEXT NOT NULL,
  ciphertext BLOB NOT NULL,
  nonce BLOB NOT NULL,
  key_version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  max_reads INTEGER,
  read_count INTEGER NOT NULL DEFAULT 0,
  delete_on_exhaust INTEGER NOT NULL,
  owner_id TEXT,
  webhook_url TEXT,
  allowed_keys TEXT,
  UNIQUE (org, key)
) STRICT;
CREATE INDEX secrets_expires_at ON secrets (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX secrets_key_version ON secrets (key_version);

CREATE TABLE audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  timestamp INTEGER NOT NULL,
  action TEXT NOT NULL,
  key TEXT,
  source_ip TEXT NOT NULL,
  success INTEGER NOT NULL,
  detail TEXT,
  org TEXT NOT NULL,
  principal_id TEXT
) STRICT;
CREATE INDEX audit_org ON audit (org, id);
CREATE INDEX audit_timestamp ON audit (timestamp);

CREATE TABLE orgs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  metadata TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE principals (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs (id),
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  metadata TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX principals_org ON principals (org_id, role);

CREATE TABLE roles (
  org TEXT NOT NULL,
  name TEXT NOT NULL,
  permissions TEXT NOT NULL,
  built_in INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (org, name)
) STRICT;

CREATE TABLE principal_keys (
  id TEXT PRIMARY KEY,
  principal_id TEXT NOT NULL REFERENCES principals (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  valid_after INTEGER NOT NULL,
  valid_before INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX principal_keys_principal ON principal_keys (principal_id);

CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  org TEXT NOT NULL,
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  secret_ciphertext BLOB NOT NULL,
  secret_nonce BLOB NOT NULL,
  key_version INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX webhooks_org ON webhooks (org);
CREATE INDEX webhooks_key_version ON webhooks (key_version);

CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  webhook_id TEXT REFERENCES webhooks (id) ON DELETE CASCADE,
  org TEXT NOT NULL,
  url TEXT NOT NULL,
  event TEXT NOT NULL,
  body TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id);

CREATE TABLE keyring_keys (
  version INTEGER PRIMARY KEY,
  wrapped BLOB NOT NULL
) STRICT;
CREATE TABLE keyring_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  active_version INTEGER NOT NULL
) STRICT;
`,
  },
  {
    // A secret's allowed_keys binds key names, so a name must pick one key of
    // the org. The org is copied onto each key (a principal never changes
    // org) so a UNIQUE index can hold the rule against any writer.
    version: 2,
    name: 'principal_keys_unique_name_per_org',
    sql: `
ALTER TABLE principal_keys ADD COLUMN org_id TEXT NOT NULL DEFAULT '';
UPDATE principal_keys
  SET org_id = coalesce((SELECT org_id FROM principals WHERE principals.id = principal_keys.principal_id), '');
-- Names shared before this rule: the key valid longest (then the oldest)
-- keeps the name; each other one is renamed <name>~renamed-duplicate-<key id>,
-- so a secret bound to the name no longer admits it. Fail closed.
UPDATE principal_keys
  SET name = name || '~renamed-duplicate-' || id
  WHERE EXISTS (
    SELECT 1 FROM principal_keys AS k
    WHERE k.org_id = principal_keys.org_id AND k.name = principal_keys.name AND k.id != principal_keys.id
      AND (k.valid_before > principal_keys.valid_before
        OR (k.valid_before = principal_keys.valid_before AND k.created_at < principal_keys.created_at)
        OR (k.valid_before = principal_keys.valid_before AND k.created_at = principal_keys.created_at
            AND k.id < principal_keys.id))
  );
CREATE UNIQUE INDEX principal_keys_org_name ON principal_keys (org_id, name);
`,
  },
];

/** Sirr's built-in roles (sirr-v1-api §5), seeded with org '' and createdAt 0. */
export const BUILT_IN_ROLES: readonly { name: string; permissions: string }[] = [
  { name: 'reader', permissions: 'rla' },
  { name: 'writer', permissions: 'rlcpdam' },
  { name: 'admin', permissions: 'rRlLcCpPaAmMdD' },
  { name: 'owner', permissions: 'rRlLcCpPaAmMSdD' },
];

/**
 * Brings the schema up to date and (re)asserts the built-in roles, in one
 * IMMEDIATE transaction: two processes starting together serialize on the
 * write lock, and the second sees the first one's versions and does nothing.
 * Refuses a database whose schema is newer than this code, rather than
 * writing to tables it does not understand.
 */
export function migrate(
  db: Database.Database,
  now: number,
  migrations: readonly Migration[] = MIGRATIONS,
): number[] {
  const applied: number[] = [];
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT',
    );
    const row = db.prepare('SELECT max(version) AS v FROM schema_version').get() as { v: number | null };
    const current = row.v ?? 0;
    const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
    if (current > latest) {
      throw new WardenError('store_error', 'the database schema is newer than this server', { status: 500 });
    }
    const record = db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      record.run(m.version, m.name, now);
      applied.push(m.version);
    }
    const seed = db.prepare(
      `INSERT INTO roles (org, name, permissions, built_in, created_at) VALUES ('', ?, ?, 1, 0)
       ON CONFLICT (org, name) DO UPDATE SET permissions = excluded.permissions, built_in = 1, created_at = 0
       WHERE permissions != excluded.permissions OR built_in != 1 OR created_at != 0`,
    );
    for (const role of BUILT_IN_ROLES) seed.run(role.name, role.permissions);
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return applied;
}
