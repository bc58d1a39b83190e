import { createHash } from 'node:crypto';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import type { App, AppContext } from '../context.js';
import { AuditEventSchema, AuditQuerySchema, OrgParams } from '../schemas.js';
import type { AuditEvent, OrgScope } from '../store/types.js';

const AuditList = Type.Object({ events: Type.Array(AuditEventSchema) });
/** Sirr's default page and cap. */
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

function eventJson(e: AuditEvent, redactKeys: boolean) {
  const key =
    redactKeys && e.key !== null
      ? `sha256:${createHash('sha256').update(e.key).digest('hex').slice(0, 8)}`
      : e.key;
  return {
    id: e.id,
    timestamp: e.timestamp,
    action: e.action,
    key,
    source_ip: e.sourceIp,
    success: e.success,
    detail: e.detail,
    org_id: e.orgId,
    principal_id: e.principalId,
  };
}

async function query(ctx: AppContext, orgId: OrgScope | undefined, q: Static<typeof AuditQuerySchema>) {
  const events = await ctx.store.queryAudit({
    ...(orgId !== undefined && { orgId }),
    ...(q.since !== undefined && { since: q.since }),
    ...(q.until !== undefined && { until: q.until }),
    ...(q.action !== undefined && { action: q.action }),
    limit: Math.min(q.limit ?? DEFAULT_LIMIT, MAX_LIMIT),
  });
  return { events: events.map((e) => eventJson(e, ctx.settings.auditRedactKeys)) };
}

/**
 * The audit log, newest first. `GET /audit` is the operator's view of every
 * scope; `GET /orgs/{org}/audit` shows one org's events only, to its
 * principals holding M (or the admin token). Events never hold a value.
 */
export function registerAuditRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/audit',
    {
      config: { access: { kind: 'admin' } },
      schema: {
        tags: ['audit'],
        summary: 'Audit events of every scope (admin)',
        querystring: AuditQuerySchema,
        response: { 200: AuditList },
      },
    },
    async (request) => query(ctx, undefined, request.query),
  );

  app.get(
    '/orgs/:org/audit',
    {
      config: { access: { kind: 'org', anyOf: 'M', admin: true, notFound: 'org' } },
      schema: {
        tags: ['audit'],
        summary: "The org's audit events (M, or admin)",
        params: OrgParams,
        querystring: AuditQuerySchema,
        response: { 200: AuditList },
      },
    },
    async (request) => query(ctx, request.params.org, request.query),
  );
}
