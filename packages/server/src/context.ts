import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Clock } from '@warden/core';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Access } from './auth/access.js';
import type { Identity } from './auth/identity.js';
import type { Metrics } from './metrics.js';
import type { Sealer } from './seal/types.js';
import type { WebhookUrlPolicy } from './secrets/validate.js';
import type { AuditContext, OrgScope, VaultStore } from './store/types.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook on every routed request; `anonymous` without a token. */
    identity: Identity | null;
  }
  interface FastifySchema {
    /** OpenAPI grouping and one-line summary, read by openapi.ts. */
    tags?: string[];
    summary?: string;
  }
  interface FastifyContextConfig {
    /** Who may call the route (auth/access.ts); absent means the admin token only. */
    access?: Access;
  }
}

/** Whether and how the public bucket (Sirr's `/secrets`) is served. */
export type PublicBucketMode = 'token' | 'open' | 'off';

/** The behaviour switches of the HTTP app (the listener's settings are in config.ts). */
export interface AppSettings {
  /** Cap on a secret value, in UTF-8 bytes. */
  maxValueBytes: number;
  /** `token` (default): any valid token; `open`: Sirr's unauthenticated bucket; `off`: no public routes. */
  publicBucket: PublicBucketMode;
  webhookUrlPolicy: WebhookUrlPolicy;
  /** Audit responses show `sha256:<8 hex>` instead of key names (Sirr's `SIRR_AUDIT_REDACT_KEYS`). */
  auditRedactKeys: boolean;
  maxWebhooksPerOrg: number;
  /** `GET /metrics` without the admin token. */
  metricsPublic: boolean;
}

/** What route handlers share. */
export interface AppContext {
  store: VaultStore;
  sealer: Sealer;
  clock: Clock;
  metrics: Metrics;
  settings: AppSettings;
}

/** The Fastify instance with the TypeBox type provider. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** The audit context of a request: who, from where, in which org scope. Never a value or token. */
export function auditContext(request: FastifyRequest, orgId: OrgScope, detail?: string): AuditContext {
  const identity = request.identity;
  return {
    orgId,
    principalId: identity?.kind === 'principal' ? identity.principalId : null,
    sourceIp: request.ip,
    ...(detail !== undefined && { detail }),
  };
}

/** The caller as the guard resolved it (anonymous if the route is open). */
export function identityOf(request: FastifyRequest): Identity {
  return request.identity ?? { kind: 'anonymous' };
}
