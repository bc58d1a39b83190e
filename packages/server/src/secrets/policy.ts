import type { Identity, PrincipalIdentity } from '../auth/identity.js';
import { has, hasAny } from '../auth/permissions.js';
import { type ApiError, apiError, forbidden } from '../errors.js';
import type { Authorize, OrgScope, SecretMeta } from '../store/types.js';
import type { Wording } from './validate.js';

/**
 * Per-request decisions about existing records, run by the store inside its
 * transaction. `denial` remembers why the last check said `forbidden`, so the
 * 403 can say "key not authorized" rather than a generic refusal.
 */
export interface SecretPolicy {
  scope: OrgScope;
  wording: Wording;
  /** `owner_id` of records this caller creates. */
  ownerId: string | null;
  /** Whether a create may replace this live record: only if the caller could delete it. */
  canReplace(existing: SecretMeta): boolean;
  read: Authorize;
  patch: Authorize;
  remove: Authorize;
  /** The 403 for the last `forbidden` decision. */
  denial(): ApiError;
}

const ALLOW = 'allow' as const;
const FORBID = 'forbidden' as const;

/**
 * The public bucket. The admin token may do anything. A principal's letters
 * were checked by the access hook (`c` create, `r`/`R` read, `p`/`P` patch,
 * `d`/`D` delete); it may read any public secret and patch, delete or
 * replace only its own, replacing only if it could delete (`d` or `D`). The
 * bucket spans every org, so an upper-case letter grants nothing over other
 * principals' records here. An anonymous caller (open bucket) may read, and
 * create keys that are free: never replace one.
 */
export function publicPolicy(identity: Identity): SecretPolicy {
  const admin = identity.kind === 'admin';
  const me = identity.kind === 'principal' ? identity.principalId : null;
  const mine = (m: SecretMeta) => admin || (me !== null && m.ownerId === me);
  const mayDelete = admin || (identity.kind === 'principal' && hasAny(identity.permissions, 'dD'));
  return {
    scope: null,
    wording: 'public',
    ownerId: me,
    canReplace: (m) => mayDelete && mine(m),
    read: () => ALLOW,
    patch: (m) => (mine(m) ? ALLOW : FORBID),
    remove: (m) => (mine(m) ? ALLOW : FORBID),
    denial: forbidden,
  };
}

/**
 * An org's secrets, for a principal of that org (the access hook has checked
 * membership and that some letter of the operation is held). Lower-case
 * letters act on the caller's own records, upper-case on any; `allowed_keys`
 * binds reads to key names (Sirr §4.3), checked after ownership as Sirr does.
 */
export function orgPolicy(p: PrincipalIdentity): SecretPolicy {
  let reason: 'forbidden' | 'key_not_allowed' = 'forbidden';
  const own = (m: SecretMeta) => m.ownerId === p.principalId;
  const either = (any: 'R' | 'P' | 'D', mine: 'r' | 'p' | 'd'): Authorize => {
    return (m) => {
      reason = 'forbidden';
      return has(p.permissions, any) || (has(p.permissions, mine) && own(m)) ? ALLOW : FORBID;
    };
  };
  const readOwn = either('R', 'r');
  return {
    scope: p.orgId,
    wording: 'org',
    ownerId: p.principalId,
    canReplace: (m) => own(m) || has(p.permissions, 'D'),
    read: (m) => {
      if (readOwn(m) === FORBID) return FORBID;
      if (m.allowedKeys !== null && m.allowedKeys.length > 0 && !m.allowedKeys.includes(p.keyName)) {
        reason = 'key_not_allowed';
        return FORBID;
      }
      return ALLOW;
    },
    patch: either('P', 'p'),
    remove: either('D', 'd'),
    denial: () =>
      reason === 'key_not_allowed'
        ? apiError(403, 'key_not_allowed', 'key not authorized for this secret')
        : forbidden(),
  };
}
