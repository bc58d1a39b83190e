import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Access, enforceAccess } from '../auth/access.js';
import { authenticate } from '../auth/authenticate.js';
import { parseBearer } from '../auth/bearer.js';
import type { Identity } from '../auth/identity.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { setSecurityHeaders } from './security-headers.js';
import type { TokenBuckets } from './token-bucket.js';

const OPEN: Access = { kind: 'open' };
const ADMIN: Access = { kind: 'admin' };
const ANONYMOUS: Identity = { kind: 'anonymous' };

/** What the guard needs beyond the app context. */
export interface GuardOptions {
  adminTokenHash: Uint8Array;
  perIp: TokenBuckets;
  perToken: TokenBuckets;
}

function rateLimited(seconds: number): ApiError {
  const wait = String(seconds);
  return new ApiError(429, 'rate_limited', `Too Many Requests! Wait for ${wait}s`, {
    'retry-after': wait,
    'x-ratelimit-after': wait,
  });
}

/**
 * The `onRequest` hook every request passes before its body is read:
 * security headers, the per-IP limit, authentication, the per-token limit,
 * then the route's `access` rule. A refusal here costs no body parsing.
 * A presented token that fails is audited as `auth.failure` (a missing one
 * is not: health probes would flood the log).
 */
export function installGuard(app: FastifyInstance, ctx: AppContext, options: GuardOptions): void {
  app.decorateRequest('identity', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    setSecurityHeaders(reply);
    const ipWait = options.perIp.take(request.ip);
    if (ipWait > 0) {
      ctx.metrics.rateLimited.inc({ limiter: 'ip' });
      throw rateLimited(ipWait);
    }
    // Unknown routes reach the 404 handler without authenticating.
    const access = request.is404 ? OPEN : (request.routeOptions.config.access ?? ADMIN);
    if (access.kind === 'open') {
      request.identity = ANONYMOUS;
      return;
    }
    const token = parseBearer(request.headers.authorization);
    let identity: Identity = ANONYMOUS;
    if (token !== undefined) {
      const now = ctx.clock.now();
      try {
        identity = await authenticate(token, now, {
          store: ctx.store,
          adminTokenHash: options.adminTokenHash,
        });
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          const audit = { orgId: null, principalId: null, sourceIp: request.ip, detail: err.message };
          await ctx.store.appendAudit('auth.failure', null, false, audit, now);
        }
        throw err;
      }
      const tokenWait = options.perToken.take(identity.kind === 'admin' ? 'admin' : `key:${identity.keyId}`);
      if (tokenWait > 0) {
        ctx.metrics.rateLimited.inc({ limiter: 'token' });
        throw rateLimited(tokenWait);
      }
    }
    const params = request.params as { org?: unknown } | undefined;
    enforceAccess(access, identity, {
      openPublicBucket: ctx.settings.publicBucket === 'open',
      pathOrg: typeof params?.org === 'string' ? params.org : undefined,
    });
    request.identity = identity;
  });
}
