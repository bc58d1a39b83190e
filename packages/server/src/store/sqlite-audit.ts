import { randomBytes } from 'node:crypto';
import { orgCol, orgOf, type Sql, type SqlValue } from './sqlite-rows.js';
import type {
  AuditAction,
  AuditContext,
  AuditEvent,
  AuditQuery,
  OrgScope,
  WebhookDelivery,
} from './types.js';

/** The hard cap on one audit query (Sirr's `limit` cap). */
export const AUDIT_LIMIT_CAP = 1000;

/** One audit row to write; `orgId` is the scope the event belongs to (who may see it). */
export interface AuditWrite {
  action: AuditAction;
  key: string | null;
  success: boolean;
  orgId: OrgScope;
  context: AuditContext;
  detail?: string | null;
  timestamp: number;
  /** The secret's own `webhook_url`, which also gets this event. */
  recordWebhookUrl?: string | null;
  /** false: write the row but deliver nothing (default true). */
  notify?: boolean;
}

/**
 * Writes an audit row and, for a successful `secret.*` event, its webhook
 * deliveries, inside the caller's transaction: an event is never announced
 * unless it committed, and never lost once it did. Failed events get no
 * delivery: the body carries no success flag, and a receiver would take a
 * refused read for a read.
 */
export function writeAudit(sql: Sql, w: AuditWrite): void {
  const detail = w.detail !== undefined ? w.detail : (w.context.detail ?? null);
  const org = orgCol(w.orgId);
  sql.run(
    `INSERT INTO audit (timestamp, action, key, source_ip, success, detail, org, principal_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    w.timestamp,
    w.action,
    w.key,
    w.context.sourceIp,
    w.success ? 1 : 0,
    detail,
    org,
    w.context.principalId,
  );
  if (!w.success || w.notify === false || !w.action.startsWith('secret.')) return;
  const hooks = sql.all<{ id: string; url: string; events: string }>(
    'SELECT id, url, events FROM webhooks WHERE org = ? ORDER BY created_at, id',
    org,
  );
  for (const hook of hooks) {
    const events = JSON.parse(hook.events) as string[];
    if (events.includes(w.action) || events.includes('*')) enqueueDelivery(sql, hook.id, hook.url, w);
  }
  if (w.recordWebhookUrl) enqueueDelivery(sql, null, w.recordWebhookUrl, w);
}

function enqueueDelivery(sql: Sql, webhookId: string | null, url: string, w: AuditWrite): void {
  // The delivery id doubles as the receiver's idempotency key (at-least-once delivery).
  const id = randomBytes(16).toString('hex');
  const body = JSON.stringify({ id, event: w.action, key: w.key, org_id: w.orgId, timestamp: w.timestamp });
  sql.run(
    `INSERT INTO webhook_deliveries (id, webhook_id, org, url, event, body, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    id,
    webhookId,
    orgCol(w.orgId),
    url,
    w.action,
    body,
    w.timestamp,
    w.timestamp,
  );
}

interface AuditRow {
  id: number;
  timestamp: number;
  action: string;
  key: string | null;
  source_ip: string;
  success: number;
  detail: string | null;
  org: string;
  principal_id: string | null;
}

/** Newest first, with Sirr's inclusive `since`/`until` and exact `action`. */
export function queryAudit(sql: Sql, q: AuditQuery): AuditEvent[] {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (q.orgId !== undefined) {
    where.push('org = ?');
    params.push(orgCol(q.orgId));
  }
  if (q.since !== undefined) {
    where.push('timestamp >= ?');
    params.push(q.since);
  }
  if (q.until !== undefined) {
    where.push('timestamp <= ?');
    params.push(q.until);
  }
  if (q.action !== undefined) {
    where.push('action = ?');
    params.push(q.action);
  }
  const limit = Math.min(Math.max(Math.trunc(q.limit) || 0, 0), AUDIT_LIMIT_CAP);
  const text = `SELECT * FROM audit ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
  return sql.all<AuditRow>(text, ...params, limit).map((r) => ({
    id: r.id,
    timestamp: r.timestamp,
    action: r.action as AuditAction,
    key: r.key,
    sourceIp: r.source_ip,
    success: r.success === 1,
    detail: r.detail,
    orgId: orgOf(r.org),
    principalId: r.principal_id,
  }));
}

interface DeliveryRow {
  id: string;
  webhook_id: string | null;
  org: string;
  url: string;
  event: string;
  body: string;
  attempts: number;
  next_attempt_at: number;
}

/**
 * Leases due deliveries: a claimed row is invisible to other claimers until
 * `lease_until`, so a worker that dies mid-delivery has its rows retried after
 * the lease, and two workers never hold the same row. Runs inside a write
 * transaction, which is what makes select-then-lease atomic.
 */
export function claimDeliveries(
  sql: Sql,
  now: number,
  limit: number,
  leaseSeconds: number,
): WebhookDelivery[] {
  const rows = sql.all<DeliveryRow>(
    `SELECT id, webhook_id, org, url, event, body, attempts, next_attempt_at FROM webhook_deliveries
     WHERE next_attempt_at <= ? AND lease_until <= ? ORDER BY next_attempt_at, created_at, id LIMIT ?`,
    now,
    now,
    Math.max(0, Math.trunc(limit)),
  );
  return rows.map((r) => {
    sql.run(
      'UPDATE webhook_deliveries SET lease_until = ?, attempts = attempts + 1 WHERE id = ?',
      now + leaseSeconds,
      r.id,
    );
    return {
      id: r.id,
      webhookId: r.webhook_id,
      orgId: orgOf(r.org),
      url: r.url,
      event: r.event,
      body: r.body,
      attempts: r.attempts + 1,
      nextAttemptAt: r.next_attempt_at,
    };
  });
}
