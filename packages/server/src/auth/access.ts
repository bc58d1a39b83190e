import { forbidden, orgNotFound, secretNotFound, unauthorized } from '../errors.js';
import type { Identity, PrincipalIdentity } from './identity.js';
import { hasAny } from './permissions.js';

/**
 * Who may call a route, declared in its `config.access` and enforced in the
 * `onRequest` hook, before the body is parsed. `anyOf` lists permission
 * letters (one suffices); ownership is decided later, per record.
 */
export type Access =
  /** No token needed; an Authorization header is ignored. */
  | { kind: 'open' }
  /**
   * The public bucket's read/create routes: the admin token, a principal
   * holding one of `anyOf`, or anyone when the open bucket is opted in.
   */
  | { kind: 'public'; anyOf: string }
  /** The admin token only. */
  | { kind: 'admin' }
  /** Any valid token; the handler decides per record. */
  | { kind: 'token' }
  /** The admin token, or a principal holding one of `anyOf`. */
  | { kind: 'admin-or'; anyOf: string }
  /** A principal (never the admin token) holding one of `anyOf`. */
  | { kind: 'principal'; anyOf: string }
  /**
   * A principal of the path's `{org}` holding one of `anyOf`, or the admin
   * token when `admin`. A principal of another org gets the same 404 as an
   * absent record, so no response tells whether another org exists.
   */
  | { kind: 'org'; anyOf: string; admin: boolean; notFound: 'secret' | 'org' };

/**
 * An org's directory (principals, roles, webhooks): a principal of the org
 * holding one of `anyOf`, or the admin token; another org's principal gets
 * 404 `org_not_found`.
 */
export const orgManager = (anyOf: string): Access => ({ kind: 'org', anyOf, admin: true, notFound: 'org' });

/**
 * Applies `access` to an authenticated (or anonymous) caller; throws the
 * 401/403/404 it deserves. `pathOrg` is the route's `{org}` parameter.
 */
export function enforceAccess(
  access: Access,
  identity: Identity,
  options: { openPublicBucket: boolean; pathOrg: string | undefined },
): void {
  if (access.kind === 'open') return;
  if (identity.kind === 'anonymous') {
    if (access.kind === 'public' && options.openPublicBucket) return;
    throw unauthorized();
  }
  switch (access.kind) {
    case 'token':
      return;
    case 'public':
      if (identity.kind === 'admin' || hasAny(identity.permissions, access.anyOf)) return;
      throw forbidden();
    case 'admin':
      if (identity.kind !== 'admin') throw forbidden();
      return;
    case 'admin-or':
      if (identity.kind === 'admin' || hasAny(identity.permissions, access.anyOf)) return;
      throw forbidden();
    case 'principal':
      if (identity.kind === 'principal' && hasAny(identity.permissions, access.anyOf)) return;
      throw forbidden();
    case 'org':
      if (identity.kind === 'admin') {
        if (access.admin) return;
        throw forbidden();
      }
      if (identity.orgId !== options.pathOrg)
        throw access.notFound === 'secret' ? secretNotFound() : orgNotFound();
      if (!hasAny(identity.permissions, access.anyOf)) throw forbidden();
      return;
  }
}

/** The identity as a principal, for handlers behind `principal`/`org` access. */
export function asPrincipal(identity: Identity | null | undefined): PrincipalIdentity {
  if (identity?.kind !== 'principal') throw forbidden();
  return identity;
}
