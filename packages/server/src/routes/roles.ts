import { Type } from 'typebox';
import { orgManager } from '../auth/access.js';
import { formatPermissions, has } from '../auth/permissions.js';
import { type App, type AppContext, identityOf } from '../context.js';
import { assertWithin, auditChange, checkName, permissionMask, requireOrg } from '../directory.js';
import { apiError } from '../errors.js';
import { Deleted, Nullable, OrgParams, UnixSeconds } from '../schemas.js';

const tags = ['roles'];
const CreateRoleBody = Type.Object(
  { name: Type.String(), permissions: Type.String({ description: 'Letters of rRlLcCpPaAmMdD (no S)' }) },
  { title: 'CreateRole' },
);
const RoleCreated = Type.Object({ name: Type.String(), permissions: Type.String(), org_id: Type.String() });
const RoleList = Type.Object({
  roles: Type.Array(
    Type.Object({
      name: Type.String(),
      permissions: Type.String(),
      built_in: Type.Boolean(),
      org_id: Nullable(Type.String()),
      created_at: UnixSeconds,
    }),
  ),
});
const RoleParams = Type.Object({ org: Type.String(), name: Type.String() });

/**
 * An org's roles: the four built-ins plus its own, which may shadow a
 * built-in name. Created (upserted, as Sirr) and deleted by M, listed by A.
 * A principal may only write a role when both the new permissions and the
 * role's current ones (its own, or the built-in the name would shadow) are
 * within the caller's: otherwise a holder of M could downgrade the role of
 * more powerful principals, or redefine `admin` for the whole org. The
 * current role is checked inside the write transaction.
 */
export function registerRoleRoutes(app: App, ctx: AppContext): void {
  app.post(
    '/orgs/:org/roles',
    {
      config: { access: orgManager('M') },
      schema: {
        tags,
        summary:
          "Create or replace an org role (M, or admin); a principal only when the role's current and new permissions are within its own",
        params: OrgParams,
        body: CreateRoleBody,
        response: { 201: RoleCreated },
      },
    },
    async (request, reply) => {
      const { org } = request.params;
      const { name } = request.body;
      checkName(name, 64, 'role name must be 1-64 characters');
      const mask = permissionMask(request.body.permissions);
      if (has(mask, 'S')) {
        throw apiError(
          400,
          'invalid_permissions',
          'org-scoped roles cannot include the S (SirrAdmin) permission',
        );
      }
      const identity = identityOf(request);
      assertWithin(identity, mask);
      await requireOrg(ctx, org);
      const now = ctx.clock.now();
      const permissions = formatPermissions(mask);
      await ctx.store.putRole(
        { name, permissions, builtIn: false, orgId: org, createdAt: now },
        (current) => {
          if (current !== undefined) assertWithin(identity, permissionMask(current.permissions));
        },
      );
      await auditChange(ctx, request, 'role.create', org, `name=${name}`, now);
      return reply.status(201).send({ name, permissions, org_id: org });
    },
  );

  app.get(
    '/orgs/:org/roles',
    {
      config: { access: orgManager('A') },
      schema: {
        tags,
        summary: 'Built-in and org roles (A, or admin)',
        params: OrgParams,
        response: { 200: RoleList },
      },
    },
    async (request) => {
      const roles = await ctx.store.listRoles(request.params.org);
      return {
        roles: roles.map((r) => ({
          name: r.name,
          permissions: r.permissions,
          built_in: r.builtIn,
          org_id: r.orgId,
          created_at: r.createdAt,
        })),
      };
    },
  );

  app.delete(
    '/orgs/:org/roles/:name',
    {
      config: { access: orgManager('M') },
      schema: {
        tags,
        summary: 'Delete an org role no principal uses',
        params: RoleParams,
        response: { 200: Deleted },
      },
    },
    async (request) => {
      const { org, name } = request.params;
      const outcome = await ctx.store.deleteRole(org, name);
      if (outcome === 'not_found') throw apiError(404, 'role_not_found', 'role not found');
      if (outcome === 'in_use')
        throw apiError(409, 'role_in_use', `cannot delete role "${name}": in use by a principal`);
      await auditChange(ctx, request, 'role.delete', org, `name=${name}`, ctx.clock.now());
      return { deleted: true };
    },
  );
}
