import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { asPrincipal } from '../auth/access.js';
import type { App, AppContext } from '../context.js';
import { auditChange, checkMetadata, mintKey } from '../directory.js';
import { apiError, principalNotFound } from '../errors.js';
import { Deleted, IdParams, Maybe, Metadata, UnixSeconds } from '../schemas.js';
import type { Principal } from '../store/types.js';
import { CreateKeyBody, KeyCreated, PrincipalFields, principalJson } from './principals.js';

const tags = ['me'];
const KeyItem = Type.Object({
  id: Type.String(),
  name: Type.String(),
  valid_after: UnixSeconds,
  valid_before: UnixSeconds,
  created_at: UnixSeconds,
});
const MeSchema = Type.Object({ ...PrincipalFields, created_at: UnixSeconds, keys: Type.Array(KeyItem) });
const PatchMeBody = Type.Object({ metadata: Maybe(Metadata) });

/** The calling principal as stored: 404 once it was deleted (its key authenticated before). */
async function loadCaller(ctx: AppContext, request: FastifyRequest): Promise<Principal> {
  const principal = await ctx.store.getPrincipal(asPrincipal(request.identity).principalId);
  if (principal === undefined) throw principalNotFound();
  return principal;
}

/** `/me`: the calling principal (never the admin token): itself (a), its metadata and its keys (m). */
export function registerMeRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/me',
    {
      config: { access: { kind: 'principal', anyOf: 'a' } },
      schema: { tags, summary: 'The calling principal and its keys (a)', response: { 200: MeSchema } },
    },
    async (request) => {
      const principal = await loadCaller(ctx, request);
      const keys = await ctx.store.listKeys(principal.id);
      return {
        ...principalJson(principal),
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
      if (updated === undefined) throw principalNotFound();
      return principalJson(updated);
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
      const principal = await loadCaller(ctx, request);
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
      await auditChange(ctx, request, 'key.delete', me.orgId, `id=${id}`, ctx.clock.now());
      return { deleted: true };
    },
  );
}
