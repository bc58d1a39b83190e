/**
 * The secret operations of the SQLite store, as synchronous steps that run
 * inside a group-commit transaction (the write ones) or directly (the
 * read-only ones). Each write step writes its audit row in the same
 * transaction, so an effect and its record commit or vanish together.
 */
import { writeAudit } from './sqlite-audit.js';
import {
  isBurnedLeftover,
  isExpired,
  isSealed,
  orgCol,
  orgOf,
  type SecretRow,
  type Sql,
  type SqlValue,
  toMeta,
  toRecord,
} from './sqlite-rows.js';
import type {
  AuditAction,
  AuditContext,
  Authorize,
  CreateOutcome,
  DeleteOutcome,
  HeadOutcome,
  OrgScope,
  PatchOutcome,
  ReadOutcome,
  SecretMeta,
  SecretPatch,
  SecretRecord,
} from './types.js';

const SELECT_ONE = 'SELECT * FROM secrets WHERE org = ? AND key = ?';
/** "Gone" in every sense the API has: expired, or burned but left behind. */
const GONE =
  '((expires_at IS NOT NULL AND expires_at <= ?) OR (delete_on_exhaust = 1 AND max_reads IS NOT NULL AND read_count >= max_reads))';

function findRow(sql: Sql, orgId: OrgScope, key: string): SecretRow | undefined {
  return sql.get<SecretRow>(SELECT_ONE, orgCol(orgId), key);
}

/** Dead in every sense the API has: expired, or burned but left behind (the row form of `GONE`). */
function isDead(row: SecretRow, now: number): boolean {
  return isExpired(row, now) || isBurnedLeftover(row);
}

function deleteRow(sql: Sql, row: SecretRow): void {
  sql.run('DELETE FROM secrets WHERE id = ?', row.id);
}

/** The audit row of an effect on `row`, in `orgId`'s scope; the record's own webhook hears of it too. */
function auditRow(
  sql: Sql,
  action: AuditAction,
  row: SecretRow,
  orgId: OrgScope,
  now: number,
  context: AuditContext,
): void {
  writeAudit(sql, {
    action,
    key: row.key,
    success: true,
    orgId,
    context,
    timestamp: now,
    recordWebhookUrl: row.webhook_url,
  });
}

/**
 * The live record at (org, key), or undefined. A dead one is deleted here,
 * in the caller's transaction, with its `secret.expire` row, and reported
 * absent: the step of create, read and patch that comes before anything else.
 */
function liveRow(
  sql: Sql,
  orgId: OrgScope,
  key: string,
  now: number,
  context: AuditContext,
): SecretRow | undefined {
  const row = findRow(sql, orgId, key);
  if (row === undefined || !isDead(row, now)) return row;
  deleteRow(sql, row);
  auditRow(sql, 'secret.expire', row, orgOf(row.org), now, context);
  return undefined;
}

/** A record `authorize` allowed, or why the step ends here. */
type Checked = { status: 'allow'; row: SecretRow; meta: SecretMeta } | { status: 'not_found' | 'forbidden' };

/** Sirr's missing-then-authorization steps (sirr-v1-api §3.2) of read, HEAD, patch and delete. */
function checkRow(row: SecretRow | undefined, authorize: Authorize): Checked {
  if (row === undefined) return { status: 'not_found' };
  const meta = toMeta(row);
  const decision = authorize(meta);
  return decision === 'allow' ? { status: 'allow', row, meta } : { status: decision };
}

/**
 * Inserts `record`. `record.createdAt` is "now" for this call: it decides
 * whether an existing record has expired and stamps the audit row.
 */
export function createSecret(
  sql: Sql,
  record: SecretRecord,
  canReplace: (existing: SecretMeta) => boolean,
  context: AuditContext,
): CreateOutcome {
  const now = record.createdAt;
  const existing = liveRow(sql, record.orgId, record.key, now, context);
  if (existing !== undefined) {
    // Never a silent takeover: only a caller who could delete it may replace it.
    if (!canReplace(toMeta(existing))) return { status: 'conflict' };
    deleteRow(sql, existing);
  }
  const replaced = existing !== undefined;
  sql.run(
    `INSERT INTO secrets (id, org, key, ciphertext, nonce, key_version, created_at, expires_at, max_reads,
       read_count, delete_on_exhaust, owner_id, webhook_url, allowed_keys)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    record.id,
    orgCol(record.orgId),
    record.key,
    record.ciphertext,
    record.nonce,
    record.keyVersion,
    record.createdAt,
    record.expiresAt,
    record.maxReads,
    record.readCount,
    record.deleteOnExhaust ? 1 : 0,
    record.ownerId,
    record.webhookUrl,
    record.allowedKeys === null ? null : JSON.stringify(record.allowedKeys),
  );
  const given = context.detail ?? null;
  writeAudit(sql, {
    action: 'secret.create',
    key: record.key,
    success: true,
    orgId: record.orgId,
    context,
    detail: replaced ? (given === null ? 'replaced' : `replaced; ${given}`) : given,
    timestamp: now,
    recordWebhookUrl: record.webhookUrl,
  });
  return { status: replaced ? 'replaced' : 'created' };
}

/**
 * One read, in Sirr's order (sirr-v1-api §3.2): missing, expired (deleted),
 * authorization, sealed (no increment), then the increment; the read that
 * spends the budget deletes the record (`secret.burn`) or seals it
 * (`secret.seal`). Everything happens in the caller's transaction, so
 * concurrent reads of the same record are serialized and the budget is spent
 * exactly once per read.
 */
export function readSecret(
  sql: Sql,
  orgId: OrgScope,
  key: string,
  now: number,
  authorize: Authorize,
  context: AuditContext,
): ReadOutcome {
  const found = checkRow(liveRow(sql, orgId, key, now, context), authorize);
  if (found.status !== 'allow') return found;
  const { row } = found;
  if (isSealed(row)) return { status: 'sealed', meta: toMeta(row) };

  const readCount = row.read_count + 1;
  const exhausted = row.max_reads !== null && readCount >= row.max_reads;
  const burned = exhausted && row.delete_on_exhaust === 1;
  if (burned) deleteRow(sql, row);
  else sql.run('UPDATE secrets SET read_count = ? WHERE id = ?', readCount, row.id);
  auditRow(sql, burned ? 'secret.burn' : exhausted ? 'secret.seal' : 'secret.read', row, orgId, now, context);
  return { status: 'ok', record: toRecord({ ...row, read_count: readCount }), burned };
}

/** Metadata of a record, read-only: an expired record is reported missing but left for the sweeper. */
export function headSecret(
  sql: Sql,
  orgId: OrgScope,
  key: string,
  now: number,
  authorize: Authorize,
): HeadOutcome {
  const row = findRow(sql, orgId, key);
  const found = checkRow(row !== undefined && isDead(row, now) ? undefined : row, authorize);
  if (found.status !== 'allow') return found;
  return { status: isSealed(found.row) ? 'sealed' : 'ok', meta: found.meta };
}

/** Sirr's PATCH order (sirr-v1-api §3.2): missing, expired, authorization, `delete=true` (409), sealed (410), apply. */
export function patchSecret(
  sql: Sql,
  orgId: OrgScope,
  key: string,
  now: number,
  patch: SecretPatch,
  authorize: Authorize,
  context: AuditContext,
): PatchOutcome {
  const found = checkRow(liveRow(sql, orgId, key, now, context), authorize);
  if (found.status !== 'allow') return found;
  const { row } = found;
  if (row.delete_on_exhaust === 1) return { status: 'delete_on_exhaust' };
  if (isSealed(row)) return { status: 'sealed' };

  const next: SecretRow = { ...row, read_count: 0 };
  if (patch.value !== undefined) {
    const sealed = patch.value(row.id);
    next.ciphertext = Buffer.from(sealed.ciphertext);
    next.nonce = Buffer.from(sealed.nonce);
    next.key_version = sealed.keyVersion;
  }
  if (patch.maxReads !== undefined) next.max_reads = patch.maxReads;
  if (patch.expiresAt !== undefined) next.expires_at = patch.expiresAt;
  sql.run(
    `UPDATE secrets SET ciphertext = ?, nonce = ?, key_version = ?, max_reads = ?, expires_at = ?, read_count = 0
     WHERE id = ?`,
    next.ciphertext,
    next.nonce,
    next.key_version,
    next.max_reads,
    next.expires_at,
    row.id,
  );
  auditRow(sql, 'secret.patch', row, orgId, now, context);
  return { status: 'ok', meta: toMeta(next) };
}

/** Sirr's DELETE: removes the record even when it has expired. */
export function deleteSecret(
  sql: Sql,
  orgId: OrgScope,
  key: string,
  now: number,
  authorize: Authorize,
  context: AuditContext,
): DeleteOutcome {
  const found = checkRow(findRow(sql, orgId, key), authorize);
  if (found.status !== 'allow') return found;
  deleteRow(sql, found.row);
  auditRow(sql, 'secret.delete', found.row, orgId, now, context);
  return { status: 'deleted' };
}

/** Live records of one scope, sealed ones included, in key order. */
export function listSecrets(sql: Sql, orgId: OrgScope, now: number, ownerId?: string): SecretMeta[] {
  const params: SqlValue[] = [orgCol(orgId), now];
  let text = `SELECT * FROM secrets WHERE org = ? AND NOT ${GONE}`;
  if (ownerId !== undefined) {
    text += ' AND owner_id = ?';
    params.push(ownerId);
  }
  return sql.all<SecretRow>(`${text} ORDER BY key`, ...params).map(toMeta);
}

/**
 * Deletes the dead records of one scope and writes one `secret.prune` row
 * with the count (someone asked, so even 0 is recorded). Webhooks hear of a
 * prune only when it removed something.
 *
 * With `orgId` undefined (the sweeper), every scope is pruned on its own:
 * one row and one event per scope that lost records, in that scope (so an
 * org sees its own expiries, and the public count is the public bucket's
 * only), and nothing for a scope that lost none (a sweep every five minutes
 * would otherwise write hundreds of empty rows a day).
 */
export function pruneSecrets(
  sql: Sql,
  orgId: OrgScope | undefined,
  now: number,
  context: AuditContext,
): number {
  if (orgId !== undefined) {
    const count = sql.run(`DELETE FROM secrets WHERE org = ? AND ${GONE}`, orgCol(orgId), now);
    writePrune(sql, orgId, count, now, context);
    return count;
  }
  const scopes = sql.all<{ org: string }>(`SELECT DISTINCT org FROM secrets WHERE ${GONE} ORDER BY org`, now);
  let total = 0;
  for (const { org } of scopes) {
    const count = sql.run(`DELETE FROM secrets WHERE org = ? AND ${GONE}`, org, now);
    if (count === 0) continue;
    const scope = orgOf(org);
    writePrune(sql, scope, count, now, { ...context, orgId: scope });
    total += count;
  }
  return total;
}

function writePrune(sql: Sql, orgId: OrgScope, count: number, now: number, context: AuditContext): void {
  writeAudit(sql, {
    action: 'secret.prune',
    key: null,
    success: true,
    orgId,
    context,
    detail: `pruned=${count}`,
    timestamp: now,
    notify: count > 0,
  });
}
