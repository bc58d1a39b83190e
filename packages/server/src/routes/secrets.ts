import type { AppContext } from '../context.js';
import { type App, auditContext, identityOf } from '../context.js';
import {
  CreateSecretBody,
  Deleted,
  ErrorBody,
  KeyParams,
  KeyResult,
  PatchSecretBody,
  SecretList,
  SecretMetaSchema,
  SecretValue,
} from '../schemas.js';
import { createSecret, deleteSecret, headSecret, patchSecret, readSecret } from '../secrets/operations.js';
import { publicPolicy } from '../secrets/policy.js';
import { headHeaders, secretMetaJson } from '../secrets/serialize.js';

const tags = ['public bucket'];

/**
 * Sirr's public bucket, `/secrets`. Unlike Sirr v1, create, read and HEAD
 * need a token (admin or any principal key) unless the operator opted into
 * the open bucket; list is admin-only and sees only public secrets.
 */
export function registerSecretRoutes(app: App, ctx: AppContext): void {
  app.post(
    '/secrets',
    {
      config: { access: { kind: 'public' } },
      schema: { tags, summary: 'Create a secret', body: CreateSecretBody, response: { 201: KeyResult } },
    },
    async (request, reply) => {
      const result = await createSecret(
        ctx,
        publicPolicy(identityOf(request)),
        request.body,
        auditContext(request, null),
      );
      return reply.status(201).send(result);
    },
  );

  // HEAD is its own route (exposeHeadRoutes is off): Fastify would otherwise run the GET handler and spend a read.
  app.head(
    '/secrets/:key',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags,
        summary: 'Secret metadata in X-Sirr-* headers; never consumes a read',
        params: KeyParams,
      },
    },
    async (request, reply) => {
      const { meta, sealed } = await headSecret(ctx, publicPolicy(identityOf(request)), request.params.key);
      return reply
        .status(sealed ? 410 : 200)
        .headers(headHeaders(meta, sealed))
        .send();
    },
  );

  app.get(
    '/secrets/:key',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags,
        summary: 'Read a secret (consumes one read)',
        params: KeyParams,
        response: { 200: SecretValue, 410: ErrorBody },
      },
    },
    async (request) =>
      readSecret(ctx, publicPolicy(identityOf(request)), request.params.key, auditContext(request, null)),
  );

  app.get(
    '/secrets',
    {
      config: { access: { kind: 'admin' } },
      schema: { tags, summary: 'List public secrets (no values)', response: { 200: SecretList } },
    },
    async () => {
      const list = await ctx.store.listSecrets(null, ctx.clock.now());
      return { secrets: list.map(secretMetaJson) };
    },
  );

  app.patch(
    '/secrets/:key',
    {
      config: { access: { kind: 'token' } },
      schema: {
        tags,
        summary: 'Change value, max_reads or ttl; resets the read count (admin, or the owning principal)',
        params: KeyParams,
        body: PatchSecretBody,
        response: { 200: SecretMetaSchema },
      },
    },
    async (request) =>
      patchSecret(
        ctx,
        publicPolicy(identityOf(request)),
        request.params.key,
        request.body,
        auditContext(request, null),
      ),
  );

  app.delete(
    '/secrets/:key',
    {
      config: { access: { kind: 'token' } },
      schema: {
        tags,
        summary: 'Delete a secret (admin, or the owning principal)',
        params: KeyParams,
        response: { 200: Deleted },
      },
    },
    async (request) =>
      deleteSecret(ctx, publicPolicy(identityOf(request)), request.params.key, auditContext(request, null)),
  );
}
