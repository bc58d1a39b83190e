import { Type } from 'typebox';
import { orgManager } from '../auth/access.js';
import type { Identity } from '../auth/identity.js';
import { randomHex } from '../auth/tokens.js';
import { type App, type AppContext, identityOf } from '../context.js';
import {
  assertWithin,
  auditChange,
  checkMetadata,
  checkName,
  MAX_KEY_SECONDS,
  mintKey,
  permissionMask,
  requireOrg,
} from '../directory.js';
import { apiError, principalNotFound } from '../errors.js';
import { Deleted, Maybe, Metadata, OrgIdParams, OrgParams, UnixSeconds } from '../schemas.js';
import type { Principal, RoleGuard } from '../store/types.js';

const tags = ['principals'];
const CreatePrincipalBody = Type.Object(
  { name: Type.String(), role: Type.String(), metadata: Maybe(Metadata) },
  { title: 'CreatePrincipal' },
);
const PrincipalCreated = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.String(),
  org_id: Type.String(),
});
/** A principal as the API shows it, without `created_at` (`PATCH /me` omits it). */
export const PrincipalFields = {
  id: Type.String(),
  name: Type.String(),
  role: Type.String(),
  org_id: Type.String(),
  metadata: Metadata,
};
const PrincipalList = Type.Object({
  principals: Type.Array(Type.Object({ ...PrincipalFields, created_at: UnixSeconds })),
});
export const CreateKeyBody = Type.Object(
  {
    name: Type.String({
      description:
        '1-128 bytes, unique within the org (409 key_name_taken): what a secret allowed_keys binds',
    }),
    valid_for_seconds: Maybe(
      Type.Integer({
        minimum: 1,
        maximum: MAX_KEY_SECONDS,
        description: 'Seconds from now, at most 100 years (default one year)',
      }),
    ),
    valid_before: Maybe(
      Type.Integer({
        minimum: 0,
        maximum: Number.MAX_SAFE_INTEGER,
        description: 'Absolute unix seconds, at most 100 years from now; wins over valid_for_seconds',
      }),
    ),
  },
  { title: 'CreateKey' },
);
export const KeyCreated = Type.Object({
  id: Type.String(),
  name: Type.String(),
  key: Type.String({ description: 'sirr_key_<32 hex>; shown once' }),
  valid_after: UnixSeconds,
  valid_before: UnixSeconds,
});

/** {@link PrincipalFields} of a principal. */
export function principalJson(p: Principal) {
  return { id: p.id, name: p.name, role: p.role, org_id: p.orgId, metadata: p.metadata };
}

/**
 * The check of the role a new principal gets, run by the store inside the
 * insert's transaction (so a concurrent change of the role cannot slip
 * between check and insert): 400 when the role exists neither in the org nor
 * built in, 403 when it is beyond the caller's own permissions.
 */
function roleWithinCaller(identity: Identity, name: string): RoleGuard {
  return (role) => {
    if (role === undefined) throw apiError(400, 'invalid_role', `role "${name}" not found`);
    assertWithin(identity, permissionMask(role.permissions));
  };
}

/**
 * An org's principals: created and deleted by M (or admin), listed by A.
 * `POST .../principals/{id}/keys` is Warden's addition, for the admin token
 * only: a key is the principal's identity, so a principal that minted one
 * for another could act as it (read its own secrets without R, get past
 * `allowed_keys`). Principals mint their own keys through `/me/keys`.
 */
export function registerPrincipalRoutes(app: App, ctx: AppContext): void {
  app.post(
    '/orgs/:org/principals',
    {
      config: { access: orgManager('M') },
      schema: {
        tags,
        summary:
          'Create a principal (M, or admin); a principal may only grant a role within its own permissions',
        params: OrgParams,
        body: CreatePrincipalBody,
        response: { 201: PrincipalCreated },
      },
    },
    async (request, reply) => {
      const { org } = request.params;
      const { name, role } = request.body;
      checkName(name, 128, 'name must be 1-128 characters');
      const metadata = checkMetadata(request.body.metadata);
      await requireOrg(ctx, org);
      const principal: Principal = {
        id: randomHex(16),
        orgId: org,
        name,
        role,
        metadata,
        createdAt: ctx.clock.now(),
      };
      await ctx.store.createPrincipal(principal, roleWithinCaller(identityOf(request), role));
      await auditChange(ctx, request, 'principal.create', org, `id=${principal.id}`, principal.createdAt);
      return reply.status(201).send({ id: principal.id, name, role, org_id: org });
    },
  );

  app.get(
    '/orgs/:org/principals',
    {
      config: { access: orgManager('A') },
      schema: {
        tags,
        summary: "The org's principals (A, or admin)",
        params: OrgParams,
        response: { 200: PrincipalList },
      },
    },
    async (request) => {
      const list = await ctx.store.listPrincipals(request.params.org);
      return { principals: list.map((p) => ({ ...principalJson(p), created_at: p.createdAt })) };
    },
  );

  app.delete(
    '/orgs/:org/principals/:id',
    {
      config: { access: orgManager('M') },
      schema: {
        tags,
        summary: 'Delete a principal without active keys',
        params: OrgIdParams,
        response: { 200: Deleted },
      },
    },
    async (request) => {
      const { org, id } = request.params;
      const now = ctx.clock.now();
      const outcome = await ctx.store.deletePrincipal(org, id, now);
      if (outcome === 'not_found') throw principalNotFound();
      if (outcome === 'has_active_keys') {
        throw apiError(409, 'principal_has_keys', `cannot delete principal ${id}: has active keys`);
      }
      await auditChange(ctx, request, 'principal.delete', org, `id=${id}`, now);
      return { deleted: true };
    },
  );

  app.post(
    '/orgs/:org/principals/:id/keys',
    {
      config: { access: { kind: 'admin' } },
      schema: {
        tags,
        summary:
          'Mint an API key for a principal (Warden; admin token only: principals use POST /me/keys); names are unique per org',
        params: OrgIdParams,
        body: CreateKeyBody,
        response: { 201: KeyCreated },
      },
    },
    async (request, reply) => {
      const { org, id } = request.params;
      const principal = await ctx.store.getPrincipal(id);
      if (principal === undefined || principal.orgId !== org) throw principalNotFound();
      return reply.status(201).send(await mintKey(ctx, request, principal, request.body));
    },
  );
}
