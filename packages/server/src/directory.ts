import type { FastifyRequest } from 'fastify';
import type { Identity } from './auth/identity.js';
import { parsePermissions } from './auth/permissions.js';
import { hashToken, newPrincipalKey, randomHex } from './auth/tokens.js';
import { type AppContext, auditContext } from './context.js';
import { apiError, forbidden, orgNotFound } from './errors.js';
import type { AuditAction, OrgScope, Principal } from './store/types.js';

/**
 * Checks and steps shared by the org, principal, role, key and webhook
 * routes, with Sirr's limits and messages (notes §4.5, §4.6). Lengths are
 * UTF-8 bytes, as in Sirr.
 */

/** A name of 1..`max` bytes, else 400 `invalid_name` with `message`. */
export function checkName(name: string, max: number, message: string): void {
  const n = Buffer.byteLength(name, 'utf8');
  if (n < 1 || n > max) throw apiError(400, 'invalid_name', message);
}

/** At most 10 entries, each value at most 100 bytes (Sirr); keys 1-128 bytes (Warden). */
export function checkMetadata(metadata: Record<string, string> | null | undefined): Record<string, string> {
  const m = metadata ?? {};
  const entries = Object.entries(m);
  if (entries.length > 10) {
    throw apiError(400, 'invalid_metadata', `metadata has ${entries.length} properties, max is 10`);
  }
  for (const [k, v] of entries) {
    const kb = Buffer.byteLength(k, 'utf8');
    if (kb < 1 || kb > 128) throw apiError(400, 'invalid_metadata', 'metadata keys must be 1-128 bytes');
    const vb = Buffer.byteLength(v, 'utf8');
    if (vb > 100)
      throw apiError(400, 'invalid_metadata', `metadata key "${k}" value is ${vb} bytes, max is 100`);
  }
  return m;
}

/**
 * No escalation through delegation: a principal may only create or replace
 * roles, and create principals, whose permissions are within its own (Sirr
 * v1 let a holder of M hand out `owner`). The admin token is not limited.
 */
export function assertWithin(identity: Identity, permissions: number): void {
  if (identity.kind === 'admin') return;
  if (identity.kind !== 'principal' || (permissions & ~identity.permissions) !== 0) throw forbidden();
}

/** The permission mask of a role, or 400 with Sirr's message for a bad letter. */
export function permissionMask(letters: string): number {
  const parsed = parsePermissions(letters);
  if ('invalid' in parsed) {
    throw apiError(
      400,
      'invalid_permissions',
      `invalid permissions: invalid permission letter: '${parsed.invalid}'`,
    );
  }
  return parsed.mask;
}

/** 404 `org_not_found` unless the org exists. */
export async function requireOrg(ctx: AppContext, orgId: string): Promise<void> {
  if ((await ctx.store.getOrg(orgId)) === undefined) throw orgNotFound();
}

/**
 * The audit row of a directory change `request` made, in `orgId`'s scope;
 * `detail` names the object (`id=...`, `name=...`), never a value or token.
 * The directory's store methods carry no audit context, so the route writes it.
 */
export function auditChange(
  ctx: AppContext,
  request: FastifyRequest,
  action: AuditAction,
  orgId: OrgScope,
  detail: string,
  now: number,
): Promise<void> {
  return ctx.store.appendAudit(action, null, true, auditContext(request, orgId, detail), now);
}

/** Sirr's default validity of a new key: one year. */
const DEFAULT_KEY_SECONDS = 31_536_000;
/** The longest validity of a key: 100 years (of 365.25 days). */
export const MAX_KEY_SECONDS = 3_155_760_000;

/** What a key request may say about validity (unix seconds; `valid_before` wins). */
export interface KeyRequest {
  name: string;
  valid_for_seconds?: number | null | undefined;
  valid_before?: number | null | undefined;
}

/**
 * Creates an API key for `principal` and returns it once, raw; only its
 * SHA-256 is stored. Unlike Sirr, a validity that ends before it starts is
 * refused rather than minted dead, and so is one past 100 years from now
 * (the schema has already refused values that are not safe integers). Key
 * names are unique within the org, since a secret's `allowed_keys` binds
 * names: a name in use is 409 `key_name_taken` (the store checks it in the
 * transaction that inserts the key).
 */
export async function mintKey(
  ctx: AppContext,
  request: FastifyRequest,
  principal: Principal,
  body: KeyRequest,
) {
  checkName(body.name, 128, 'key name must be 1-128 characters');
  const now = ctx.clock.now();
  const validBefore = body.valid_before ?? now + (body.valid_for_seconds ?? DEFAULT_KEY_SECONDS);
  if (validBefore <= now) {
    throw apiError(400, 'invalid_validity', 'key validity must end in the future');
  }
  if (validBefore > now + MAX_KEY_SECONDS) {
    throw apiError(400, 'invalid_validity', 'key validity must end within 100 years');
  }
  const raw = newPrincipalKey();
  const id = randomHex(16);
  await ctx.store.createKey({
    id,
    principalId: principal.id,
    name: body.name,
    hash: hashToken(raw).toString('hex'),
    validAfter: now,
    validBefore,
    createdAt: now,
  });
  await auditChange(ctx, request, 'key.create', principal.orgId, `id=${id}`, now);
  return { id, name: body.name, key: raw, valid_after: now, valid_before: validBefore };
}
