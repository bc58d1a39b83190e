/** The operator: the admin token (Sirr's master key). Belongs to no org. */
export interface AdminIdentity {
  kind: 'admin';
}

/** A principal authenticated by one of its API keys. */
export interface PrincipalIdentity {
  kind: 'principal';
  principalId: string;
  orgId: string;
  /** Role name, and its permissions as a bit mask (auth/permissions.ts). */
  role: string;
  permissions: number;
  keyId: string;
  /** The key's name: what a secret's `allowed_keys` lists. */
  keyName: string;
}

/** Who is calling; `anonymous` only reaches routes that allow it. */
export type Identity = AdminIdentity | PrincipalIdentity | { kind: 'anonymous' };
