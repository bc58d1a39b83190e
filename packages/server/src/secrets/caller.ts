import type { FastifyRequest } from 'fastify';
import { asPrincipal } from '../auth/access.js';
import { auditContext, identityOf } from '../context.js';
import type { AuditContext } from '../store/types.js';
import { orgPolicy, publicPolicy, type SecretPolicy } from './policy.js';

/** Who calls a secret route: the policy its records are judged by, and the context of its audit rows. */
export interface SecretCaller {
  policy: SecretPolicy;
  audit: AuditContext;
}

/** A caller of the public bucket (`/secrets`): the admin token, a principal of any org, or anyone (open bucket). */
export function publicCaller(request: FastifyRequest): SecretCaller {
  return { policy: publicPolicy(identityOf(request)), audit: auditContext(request, null) };
}

/** A principal of the path's org (`/orgs/{org}/secrets`); the access hook has checked its membership. */
export function orgCaller(request: FastifyRequest): SecretCaller {
  const p = asPrincipal(request.identity);
  return { policy: orgPolicy(p), audit: auditContext(request, p.orgId) };
}
