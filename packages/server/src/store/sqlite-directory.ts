/**
 * Orgs, principals, roles, principal keys and webhooks in the SQLite store.
 * Write steps run inside a group-commit transaction; the server writes their
 * audit rows itself (through `appendAudit`), as these methods carry no audit
 * context.
 */
import { WardenError } from '@warden/core';
import { orgCol, orgOf, parseStringMap, type Sql, toSealed } from './sqlite-rows.js';
import type { Org, OrgScope, Principal, PrincipalKey, Role, RoleGuard, Webhook } from './types.js';

interface OrgRow {
  id: string;
  name: string;
  metadata: string;
  created_at: number;
}

const toOrg = (r: OrgRow): Org => ({
  id: r.id,
  name: r.name,
  metadata: parseStringMap(r.metadata),
  createdAt: r.created_at,
});

/** Inserts an org; an id already in use fails with `store_error`. */
export function createOrg(sql: Sql, org: Org): void {
  sql.run(
    'INSERT INTO orgs (id, name, metadata, created_at) VALUES (?, ?, ?, ?)',
    org.id,
    org.name,
    JSON.stringify(org.metadata),
    org.createdAt,
  );
}

/** The org with that id, if any. */
export function getOrg(sql: Sql, id: string): Org | undefined {
  const row = sql.get<OrgRow>('SELECT * FROM orgs WHERE id = ?', id);
  return row === undefined ? undefined : toOrg(row);
}

/** Every org, oldest first. */
export function listOrgs(sql: Sql): Org[] {
  return sql.all<OrgRow>('SELECT * FROM orgs ORDER BY created_at, id').map(toOrg);
}

/**
 * Deletes an org that has no principals, and with it everything only that org
 * could reach: its secrets (no principal is left to read or delete them, and
 * their ciphertext must not linger), custom roles, webhooks and pending
 * deliveries. Its audit rows stay: they are history.
 */
export function deleteOrg(sql: Sql, id: string): 'deleted' | 'not_found' | 'has_principals' {
  if (sql.get('SELECT 1 FROM orgs WHERE id = ?', id) === undefined) return 'not_found';
  if (sql.get('SELECT 1 FROM principals WHERE org_id = ? LIMIT 1', id) !== undefined) return 'has_principals';
  sql.run('DELETE FROM secrets WHERE org = ?', id);
  sql.run('DELETE FROM webhook_deliveries WHERE org = ?', id);
  sql.run('DELETE FROM webhooks WHERE org = ?', id);
  sql.run('DELETE FROM roles WHERE org = ?', id);
  sql.run('DELETE FROM orgs WHERE id = ?', id);
  return 'deleted';
}

interface PrincipalRow {
  id: string;
  org_id: string;
  name: string;
  role: string;
  metadata: string;
  created_at: number;
}

const toPrincipal = (r: PrincipalRow): Principal => ({
  id: r.id,
  orgId: r.org_id,
  name: r.name,
  role: r.role,
  metadata: parseStringMap(r.metadata),
  createdAt: r.created_at,
});

/**
 * Fails with `store_error` when the org does not exist (foreign key). `guard`
 * sees the role as it is inside this transaction and may throw to refuse.
 */
export function createPrincipal(sql: Sql, p: Principal, guard?: RoleGuard): void {
  guard?.(getRole(sql, p.orgId, p.role));
  sql.run(
    'INSERT INTO principals (id, org_id, name, role, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    p.id,
    p.orgId,
    p.name,
    p.role,
    JSON.stringify(p.metadata),
    p.createdAt,
  );
}

/** The principal with that id, in any org. */
export function getPrincipal(sql: Sql, id: string): Principal | undefined {
  const row = sql.get<PrincipalRow>('SELECT * FROM principals WHERE id = ?', id);
  return row === undefined ? undefined : toPrincipal(row);
}

/** The principals of one org, oldest first. */
export function listPrincipals(sql: Sql, orgId: string): Principal[] {
  return sql
    .all<PrincipalRow>('SELECT * FROM principals WHERE org_id = ? ORDER BY created_at, id', orgId)
    .map(toPrincipal);
}

/** Replaces the whole metadata map (Sirr's PATCH /me); undefined when the principal is gone. */
export function updatePrincipalMetadata(
  sql: Sql,
  id: string,
  metadata: Record<string, string>,
): Principal | undefined {
  if (sql.run('UPDATE principals SET metadata = ? WHERE id = ?', JSON.stringify(metadata), id) === 0)
    return undefined;
  return getPrincipal(sql, id);
}

/** Sirr: only keys still valid (`valid_before > now`) block the deletion; expired ones go with the principal. */
export function deletePrincipal(
  sql: Sql,
  orgId: string,
  id: string,
  now: number,
): 'deleted' | 'not_found' | 'has_active_keys' {
  if (sql.get('SELECT 1 FROM principals WHERE id = ? AND org_id = ?', id, orgId) === undefined)
    return 'not_found';
  if (sql.get('SELECT 1 FROM principal_keys WHERE principal_id = ? AND valid_before > ? LIMIT 1', id, now)) {
    return 'has_active_keys';
  }
  sql.run('DELETE FROM principals WHERE id = ?', id);
  return 'deleted';
}

interface RoleRow {
  org: string;
  name: string;
  permissions: string;
  built_in: number;
  created_at: number;
}

const toRole = (r: RoleRow): Role => ({
  name: r.name,
  permissions: r.permissions,
  builtIn: r.built_in === 1,
  orgId: orgOf(r.org),
  createdAt: r.created_at,
});

/**
 * Sirr's upsert. Built-ins are seeded by the migrations; an org role of the
 * same name shadows one. `guard` sees the role the name resolves to now (the
 * org's, else the built-in) and may throw to refuse.
 */
export function putRole(sql: Sql, role: Role, guard?: RoleGuard): void {
  if (role.orgId === null) throw new TypeError('putRole needs an org: built-in roles are fixed');
  guard?.(getRole(sql, role.orgId, role.name));
  sql.run(
    `INSERT INTO roles (org, name, permissions, built_in, created_at) VALUES (?, ?, ?, 0, ?)
     ON CONFLICT (org, name) DO UPDATE SET permissions = excluded.permissions, created_at = excluded.created_at`,
    role.orgId,
    role.name,
    role.permissions,
    role.createdAt,
  );
}

/** The org's role of that name, else the built-in one. */
export function getRole(sql: Sql, orgId: string | null, name: string): Role | undefined {
  const row = sql.get<RoleRow>(
    "SELECT * FROM roles WHERE name = ? AND org IN (?, '') ORDER BY org = '' LIMIT 1",
    name,
    orgCol(orgId),
  );
  return row === undefined ? undefined : toRole(row);
}

/** The built-ins (minus any the org shadows), then the org's own roles. */
export function listRoles(sql: Sql, orgId: string): Role[] {
  return sql
    .all<RoleRow>(
      `SELECT * FROM roles
       WHERE org = ? OR (org = '' AND name NOT IN (SELECT name FROM roles WHERE org = ?))
       ORDER BY org != '', created_at, rowid`,
      orgId,
      orgId,
    )
    .map(toRole);
}

/** Sirr: a role any principal of the org still uses is `in_use` (built-ins included); built-ins are never deleted. */
export function deleteRole(sql: Sql, orgId: string, name: string): 'deleted' | 'not_found' | 'in_use' {
  if (sql.get('SELECT 1 FROM principals WHERE org_id = ? AND role = ? LIMIT 1', orgId, name)) return 'in_use';
  return sql.run('DELETE FROM roles WHERE org = ? AND name = ?', orgId, name) > 0 ? 'deleted' : 'not_found';
}

interface KeyRow {
  id: string;
  principal_id: string;
  name: string;
  hash: string;
  valid_after: number;
  valid_before: number;
  created_at: number;
}

const toKey = (r: KeyRow): PrincipalKey => ({
  id: r.id,
  principalId: r.principal_id,
  name: r.name,
  hash: r.hash,
  validAfter: r.valid_after,
  validBefore: r.valid_before,
  createdAt: r.created_at,
});

/** The refusal of a key name another key of the org already has. */
function keyNameTaken(): WardenError {
  return new WardenError('key_name_taken', 'a key with this name already exists in the org', { status: 409 });
}

/**
 * Inserts a principal key, with its principal's org copied onto it. Key
 * names are unique per org: a name in use fails with `key_name_taken`
 * (checked here, in the write transaction; the UNIQUE index of migration 2
 * backs it). A hash already stored, or an unknown principal, fails with
 * `store_error`.
 */
export function createKey(sql: Sql, k: PrincipalKey): void {
  const owner = sql.get<{ org_id: string }>('SELECT org_id FROM principals WHERE id = ?', k.principalId);
  // An unknown principal: the insert below fails on the foreign key.
  const orgId = owner?.org_id ?? '';
  if (
    owner !== undefined &&
    sql.get('SELECT 1 FROM principal_keys WHERE org_id = ? AND name = ?', orgId, k.name)
  )
    throw keyNameTaken();
  sql.run(
    `INSERT INTO principal_keys (id, principal_id, org_id, name, hash, valid_after, valid_before, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    k.id,
    k.principalId,
    orgId,
    k.name,
    k.hash,
    k.validAfter,
    k.validBefore,
    k.createdAt,
  );
}

/** The key whose SHA-256 is `hash` (the lookup of bearer authentication). */
export function findKeyByHash(sql: Sql, hash: string): PrincipalKey | undefined {
  const row = sql.get<KeyRow>('SELECT * FROM principal_keys WHERE hash = ?', hash);
  return row === undefined ? undefined : toKey(row);
}

/** A principal's keys, expired ones included (Sirr's `/me`), oldest first. */
export function listKeys(sql: Sql, principalId: string): PrincipalKey[] {
  return sql
    .all<KeyRow>('SELECT * FROM principal_keys WHERE principal_id = ? ORDER BY created_at, id', principalId)
    .map(toKey);
}

/** Deletes one of the principal's own keys; false when it has no such key. */
export function deleteKey(sql: Sql, principalId: string, keyId: string): boolean {
  return sql.run('DELETE FROM principal_keys WHERE id = ? AND principal_id = ?', keyId, principalId) > 0;
}

interface WebhookRow {
  id: string;
  org: string;
  url: string;
  events: string;
  secret_ciphertext: Buffer;
  secret_nonce: Buffer;
  key_version: number;
  created_at: number;
}

const toWebhook = (r: WebhookRow): Webhook => ({
  id: r.id,
  orgId: orgOf(r.org),
  url: r.url,
  events: JSON.parse(r.events) as string[],
  secret: toSealed(r.secret_ciphertext, r.secret_nonce, r.key_version),
  createdAt: r.created_at,
});

/** Counts and inserts in one transaction, so concurrent creates cannot pass the limit together. */
export function createWebhook(sql: Sql, w: Webhook, maxPerOrg: number): 'created' | 'limit' {
  const org = orgCol(w.orgId);
  const row = sql.get<{ n: number }>('SELECT count(*) AS n FROM webhooks WHERE org = ?', org);
  if ((row?.n ?? 0) >= maxPerOrg) return 'limit';
  sql.run(
    `INSERT INTO webhooks (id, org, url, events, secret_ciphertext, secret_nonce, key_version, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    w.id,
    org,
    w.url,
    JSON.stringify(w.events),
    w.secret.ciphertext,
    w.secret.nonce,
    w.secret.keyVersion,
    w.createdAt,
  );
  return 'created';
}

/** The webhooks of one scope, with their sealed signing secrets, oldest first. */
export function listWebhooks(sql: Sql, orgId: OrgScope): Webhook[] {
  return sql
    .all<WebhookRow>('SELECT * FROM webhooks WHERE org = ? ORDER BY created_at, id', orgCol(orgId))
    .map(toWebhook);
}

/** Deletes only within the given scope (Sirr v1 did not check the org); pending deliveries go with it. */
export function deleteWebhook(sql: Sql, orgId: OrgScope, id: string): boolean {
  return sql.run('DELETE FROM webhooks WHERE id = ? AND org = ?', id, orgCol(orgId)) > 0;
}
