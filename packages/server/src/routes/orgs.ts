import { Type } from 'typebox';
import { randomHex } from '../auth/tokens.js';
import type { App, AppContext } from '../context.js';
import { auditChange, checkMetadata, checkName } from '../directory.js';
import { apiError, orgNotFound } from '../errors.js';
import { Deleted, Maybe, Metadata, OrgParams, UnixSeconds } from '../schemas.js';

const tags = ['orgs'];
const CreateOrgBody = Type.Object({ name: Type.String(), metadata: Maybe(Metadata) }, { title: 'CreateOrg' });
const OrgCreated = Type.Object({ id: Type.String(), name: Type.String() });
const OrgList = Type.Object({
  orgs: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), metadata: Metadata, created_at: UnixSeconds }),
  ),
});

/** Orgs: created by the admin token or a principal holding S; listed and deleted by the admin token. */
export function registerOrgRoutes(app: App, ctx: AppContext): void {
  app.post(
    '/orgs',
    {
      config: { access: { kind: 'admin-or', anyOf: 'S' } },
      schema: {
        tags,
        summary: 'Create an org (admin, or S)',
        body: CreateOrgBody,
        response: { 201: OrgCreated },
      },
    },
    async (request, reply) => {
      const { name } = request.body;
      checkName(name, 128, 'name must be 1-128 characters');
      const metadata = checkMetadata(request.body.metadata);
      const org = { id: randomHex(16), name, metadata, createdAt: ctx.clock.now() };
      await ctx.store.createOrg(org);
      await auditChange(ctx, request, 'org.create', org.id, `id=${org.id}`, org.createdAt);
      return reply.status(201).send({ id: org.id, name });
    },
  );

  app.get(
    '/orgs',
    {
      config: { access: { kind: 'admin' } },
      schema: { tags, summary: 'List orgs (admin)', response: { 200: OrgList } },
    },
    async () => {
      const orgs = await ctx.store.listOrgs();
      return {
        orgs: orgs.map((o) => ({ id: o.id, name: o.name, metadata: o.metadata, created_at: o.createdAt })),
      };
    },
  );

  app.delete(
    '/orgs/:org',
    {
      config: { access: { kind: 'admin' } },
      schema: {
        tags,
        summary: 'Delete an org without principals, with its secrets, roles and webhooks (admin)',
        params: OrgParams,
        response: { 200: Deleted },
      },
    },
    async (request) => {
      const { org } = request.params;
      const outcome = await ctx.store.deleteOrg(org);
      if (outcome === 'not_found') throw orgNotFound();
      if (outcome === 'has_principals') {
        throw apiError(409, 'org_has_principals', `cannot delete org ${org}: still has principals`);
      }
      await auditChange(ctx, request, 'org.delete', org, `id=${org}`, ctx.clock.now());
      return { deleted: true };
    },
  );
}
