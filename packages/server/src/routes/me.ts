import { Type } from 'typebox';
import { asPrincipal } from '../auth/access.js';
import { type App, type AppContext, auditContext } from '../context.js';
import { checkMetadata, mintKey } from '../directory.js';
import { apiError } from '../errors.js';
import { Deleted, IdParams, Maybe, Metadata, UnixSeconds } from '../schemas.js';
import { CreateKeyBody, KeyCreated } from './principals.js';

const tags = ['me'];
const KeyItem = Type.Object({
  id: Type.String(),
  name: Type.String(),
  valid_after: UnixSeconds,
  valid_before: UnixSeconds,
  created_at: UnixSeconds,
});
const PrincipalFields = {
  id: Type.String(),
  name: Type.String(),
  role: Type.String(),
  org_id: Type.String(),
  metadata: Metadata,
};
const MeSchema = Type.Object({ ...PrincipalFields, created_at: UnixSeconds, keys: Type.Array(KeyItem) });
const PatchMeBody = Type.Object({ metadata: Maybe(Metadata) });

/** `/me`: the calling principal (never the admin token): itself (a), its metadata and its keys (m). */
export function registerMeRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/me',
    {
      config: { access: { kind: 'principal', anyOf: 'a' } },
      schema: { tags, summary: 'The calling principal and its keys (a)', response: { 200: MeSchema } },
    },
    async (request) => {
      const me = asPrincipal(request.identity);
      const principal = await ctx.store.getPrincipal(me.principalId);
      if (principal === undefined) throw apiError(404, 'principal_not_found', 'principal not found');
      const keys = await ctx.store.listKeys(me.principalId);
      return {
        id: principal.id,
        name: principal.name,
        role: principal.role,
        org_id: principal.orgId,
        metadata: principal.metadata,
        created_at: principal.createdAt,
        keys: keys.map((k) => ({
          id: k.id,
          name: k.name,
          valid_after: k.validAfter,
          valid_before: k.validBefore,
          created_at: k.createdAt,
        })),
      };
    },
  );

  app.patch(
    '/me',
    {
      config: { access: { kind: 'principal', anyOf: 'm' } },
      schema: {
        tags,
        summary: 'Replace the caller metadata (m)',
        body: PatchMeBody,
        response: { 200: Type.Object(PrincipalFields) },
      },
    },
    async (request) => {
      const me = asPrincipal(request.identity);
      const updated = await ctx.store.updatePrincipalMetadata(
        me.principalId,
        checkMetadata(request.body?.metadata),
      );
      if (updated === undefined) throw apiError(404, 'principal_not_found', 'principal not found');
      return {
        id: updated.id,
        name: updated.name,
        role: updated.role,
        org_id: updated.orgId,
        metadata: updated.metadata,
      };
    },
  );

  app.post(
    '/me/keys',
    {
      config: { access: { kind: 'principal', anyOf: 'm' } },
      schema: {
        tags,
        summary: 'Create an API key for the caller (m)',
        body: CreateKeyBody,
        response: { 201: KeyCreated },
      },
    },
    async (request, reply) => {
      const me = asPrincipal(request.identity);
      const principal = await ctx.store.getPrincipal(me.principalId);
      if (principal === undefined) throw apiError(404, 'principal_not_found', 'principal not found');
      return reply.status(201).send(await mintKey(ctx, request, principal, request.body));
    },
  );

  app.delete(
    '/me/keys/:id',
    {
      config: { access: { kind: 'principal', anyOf: 'm' } },
      schema: {
        tags,
        summary: "Delete one of the caller's keys (m)",
        params: IdParams,
        response: { 200: Deleted },
      },
    },
    async (request) => {
      const me = asPrincipal(request.identity);
      const { id } = request.params;
      if (!(await ctx.store.deleteKey(me.principalId, id)))
        throw apiError(404, 'key_not_found', 'key not found');
      const now = ctx.clock.now();
      await ctx.store.appendAudit('key.delete', null, true, auditContext(request, me.orgId, `id=${id}`), now);
      return { deleted: true };
    },
  );
}
