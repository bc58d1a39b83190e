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
 * Resolves a bearer token to an identity or throws the 401 (or 500) Sirr
 * gives. The admin token is compared as a SHA-256 digest in constant time;
 * a principal key is looked up by its SHA-256, so the raw key is never stored.
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
  const parsed = role === undefined ? undefined : parsePermissions(role.permissions);
  if (parsed === undefined || !('mask' in parsed)) {
    throw apiError(500, 'internal_error', 'role not found for principal');
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
