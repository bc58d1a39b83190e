/**
 * The keyring and re-encryption steps of the SQLite store. Both sides of a
 * rotation are compare-and-set, so a crash at any point or a second process
 * rotating at the same time leaves every value readable.
 */
import { WardenError } from '@warden/core';
import { orgOf, type SecretRow, type Sql, toSealed } from './sqlite-rows.js';
import type { OrgScope, SealedValue, StoredKeyring } from './types.js';

/** The stored keyring, or undefined before the first save. */
export function loadKeyring(sql: Sql): StoredKeyring | undefined {
  const state = sql.get<{ active_version: number }>('SELECT active_version FROM keyring_state WHERE id = 1');
  if (state === undefined) return undefined;
  const keys: Record<number, Uint8Array> = {};
  for (const row of sql.all<{ version: number; wrapped: Buffer }>(
    'SELECT version, wrapped FROM keyring_keys',
  )) {
    keys[row.version] = new Uint8Array(row.wrapped);
  }
  return { activeVersion: state.active_version, keys };
}

/**
 * Compare-and-set on the active version. Dropping a version that some record
 * is still sealed under is refused (`keyring_version_in_use`): checked in the
 * same transaction, this catches a value sealed by a process that had not yet
 * seen the rotation, which would otherwise become unreadable.
 */
export function saveKeyring(sql: Sql, keyring: StoredKeyring, expectedActive: number | undefined): boolean {
  const versions = Object.keys(keyring.keys).map(Number);
  if (!versions.includes(keyring.activeVersion))
    throw new TypeError('the keyring must hold its active version');
  const state = sql.get<{ active_version: number }>('SELECT active_version FROM keyring_state WHERE id = 1');
  if (state?.active_version !== expectedActive) return false;

  const stored = sql.all<{ version: number }>('SELECT version FROM keyring_keys').map((r) => r.version);
  for (const dropped of stored.filter((v) => !versions.includes(v))) {
    if (
      sql.get('SELECT 1 FROM secrets WHERE key_version = ? LIMIT 1', dropped) ||
      sql.get('SELECT 1 FROM webhooks WHERE key_version = ? LIMIT 1', dropped)
    ) {
      throw new WardenError('keyring_version_in_use', 'a key version still in use cannot be dropped', {
        status: 409,
      });
    }
    sql.run('DELETE FROM keyring_keys WHERE version = ?', dropped);
  }
  for (const version of versions) {
    sql.run(
      'INSERT INTO keyring_keys (version, wrapped) VALUES (?, ?) ON CONFLICT (version) DO UPDATE SET wrapped = excluded.wrapped',
      version,
      keyring.keys[version] as Uint8Array,
    );
  }
  sql.run(
    'INSERT INTO keyring_state (id, active_version) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET active_version = excluded.active_version',
    keyring.activeVersion,
  );
  return true;
}

/** A record sealed under an old key version, as `findStaleSealed` reports it. */
export interface StaleSealed {
  kind: 'secret' | 'webhook';
  id: string;
  orgId: OrgScope;
  key: string;
  sealed: SealedValue;
}

/** Secrets first, then webhooks; a webhook's `key` is '' (it has none). */
export function findStaleSealed(sql: Sql, activeVersion: number, limit: number): StaleSealed[] {
  const max = Math.max(0, Math.trunc(limit));
  const secrets = sql.all<Pick<SecretRow, 'id' | 'org' | 'key' | 'ciphertext' | 'nonce' | 'key_version'>>(
    'SELECT id, org, key, ciphertext, nonce, key_version FROM secrets WHERE key_version != ? ORDER BY id LIMIT ?',
    activeVersion,
    max,
  );
  const out: StaleSealed[] = secrets.map((r) => ({
    kind: 'secret',
    id: r.id,
    orgId: orgOf(r.org),
    key: r.key,
    sealed: toSealed(r.ciphertext, r.nonce, r.key_version),
  }));
  if (out.length >= max) return out;
  const hooks = sql.all<{
    id: string;
    org: string;
    secret_ciphertext: Buffer;
    secret_nonce: Buffer;
    key_version: number;
  }>(
    'SELECT id, org, secret_ciphertext, secret_nonce, key_version FROM webhooks WHERE key_version != ? ORDER BY id LIMIT ?',
    activeVersion,
    max - out.length,
  );
  for (const r of hooks) {
    out.push({
      kind: 'webhook',
      id: r.id,
      orgId: orgOf(r.org),
      key: '',
      sealed: toSealed(r.secret_ciphertext, r.secret_nonce, r.key_version),
    });
  }
  return out;
}

/** CAS on the key version (and on the nonce when given: the exact ciphertext that was re-encrypted). */
export function resealRecord(
  sql: Sql,
  kind: 'secret' | 'webhook',
  id: string,
  fromVersion: number,
  sealed: SealedValue,
  fromNonce?: Uint8Array,
): boolean {
  const [table, ct, nonce] =
    kind === 'secret'
      ? ['secrets', 'ciphertext', 'nonce']
      : ['webhooks', 'secret_ciphertext', 'secret_nonce'];
  const base = `UPDATE ${table} SET ${ct} = ?, ${nonce} = ?, key_version = ? WHERE id = ? AND key_version = ?`;
  const changed =
    fromNonce === undefined
      ? sql.run(base, sealed.ciphertext, sealed.nonce, sealed.keyVersion, id, fromVersion)
      : sql.run(
          `${base} AND ${nonce} = ?`,
          sealed.ciphertext,
          sealed.nonce,
          sealed.keyVersion,
          id,
          fromVersion,
          fromNonce,
        );
  return changed > 0;
}
