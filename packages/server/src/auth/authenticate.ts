import { constantTimeEqual } from '@warden/core';
import { apiError, unauthorized } from '../errors.js';
import type { VaultStore } from '../store/types.js';
import type { AdminIdentity, PrincipalIdentity } from './identity.js';
import { parsePermissions } from './permissions.js';
import { hashToken } from './tokens.js';

/** What authentication needs: the store and the admin token's SHA-256. */
export interface AuthDeps {
  store: VaultStore;
  adminTokenHash: Uint8Array;
}

/**
 * Resolves a bearer token to an identity or throws the 401 Sirr gives (403
 * `role_not_found` for a principal whose role no longer exists). The admin
 * token is compared as a SHA-256 digest in constant time; a principal key is
 * looked up by its SHA-256, so the raw key is never stored.
 */
export async function authenticate(
  token: string,
  now: number,
  deps: AuthDeps,
): Promise<AdminIdentity | PrincipalIdentity> {
  const digest = hashToken(token);
  if (constantTimeEqual(digest, deps.adminTokenHash)) return { kind: 'admin' };
  const key = await deps.store.findKeyByHash(digest.toString('hex'));
  if (key === undefined) throw unauthorized();
  if (!(key.validAfter <= now && now < key.validBefore)) {
    throw unauthorized('principal key expired or not yet valid');
  }
  const principal = await deps.store.getPrincipal(key.principalId);
  if (principal === undefined) throw unauthorized('principal not found for key');
  const role = await deps.store.getRole(principal.orgId, principal.role);
  // The store refuses to create a principal with a missing role, and to delete a role in use; a
  // principal left without one (data from before those checks, a manual edit) may do nothing.
  if (role === undefined) throw apiError(403, 'role_not_found', 'role not found for principal');
  const parsed = parsePermissions(role.permissions);
  if (!('mask' in parsed)) {
    throw apiError(500, 'internal_error', 'role of principal has invalid permissions');
  }
  return {
    kind: 'principal',
    principalId: principal.id,
    orgId: principal.orgId,
    role: principal.role,
    permissions: parsed.mask,
    keyId: key.id,
    keyName: key.name,
  };
}
