import type { App, AppContext } from '../context.js';
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
import { publicCaller } from '../secrets/caller.js';
import { createSecret, deleteSecret, headSecret, patchSecret, readSecret } from '../secrets/operations.js';
import { secretMetaJson, sendHead } from '../secrets/serialize.js';

const tags = ['public bucket'];

/**
 * Sirr's public bucket, `/secrets`: one namespace shared by the admin token
 * and every principal, of every org, whose role allows the operation. Unlike
 * Sirr v1, every route needs a token unless the operator opted into the open
 * bucket (then anonymous callers may create and read); a principal needs the
 * letter of the operation: `c` to create, `r` or `R` to read or HEAD, `p` or
 * `P` to patch and `d` or `D` to delete, and patches, deletes and replaces
 * only its own secrets (replacing needs `d` or `D` too). Listing stays with
 * the admin token (it would show every tenant's key names), and sees only
 * public secrets. Sirr's clients use the admin token here and keep full
 * access. For secrets that tenants must not see, use org secrets.
 */
export function registerSecretRoutes(app: App, ctx: AppContext): void {
  app.post(
    '/secrets',
    {
      config: { access: { kind: 'public', anyOf: 'c' } },
      schema: {
        tags,
        summary:
          'Create a public secret (admin, or c): the bucket is shared by every principal allowed to use it',
        body: CreateSecretBody,
        response: { 201: KeyResult },
      },
    },
    async (request, reply) => {
      const result = await createSecret(ctx, publicCaller(request), request.body);
      return reply.status(201).send(result);
    },
  );

  // HEAD is its own route (exposeHeadRoutes is off): Fastify would otherwise run the GET handler and spend a read.
  app.head(
    '/secrets/:key',
    {
      config: { access: { kind: 'public', anyOf: 'rR' } },
      schema: {
        tags,
        summary: 'Secret metadata in X-Sirr-* headers (admin, or r/R); never consumes a read',
        params: KeyParams,
      },
    },
    async (request, reply) =>
      sendHead(reply, await headSecret(ctx, publicCaller(request), request.params.key)),
  );

  app.get(
    '/secrets/:key',
    {
      config: { access: { kind: 'public', anyOf: 'rR' } },
      schema: {
        tags,
        summary: 'Read a public secret (admin, or r/R; consumes one read)',
        params: KeyParams,
        response: { 200: SecretValue, 410: ErrorBody },
      },
    },
    async (request) => readSecret(ctx, publicCaller(request), request.params.key),
  );

  app.get(
    '/secrets',
    {
      config: { access: { kind: 'admin' } },
      schema: {
        tags,
        summary: 'List public secrets (admin token only; no values)',
        response: { 200: SecretList },
      },
    },
    async () => {
      const list = await ctx.store.listSecrets(null, ctx.clock.now());
      return { secrets: list.map(secretMetaJson) };
    },
  );

  app.patch(
    '/secrets/:key',
    {
      config: { access: { kind: 'admin-or', anyOf: 'pP' } },
      schema: {
        tags,
        summary:
          'Change value, max_reads or ttl; resets the read count (admin, or the owning principal with p/P)',
        params: KeyParams,
        body: PatchSecretBody,
        response: { 200: SecretMetaSchema },
      },
    },
    async (request) => patchSecret(ctx, publicCaller(request), request.params.key, request.body),
  );

  app.delete(
    '/secrets/:key',
    {
      config: { access: { kind: 'admin-or', anyOf: 'dD' } },
      schema: {
        tags,
        summary: 'Delete a public secret (admin, or the owning principal with d/D)',
        params: KeyParams,
        response: { 200: Deleted },
      },
    },
    async (request) => deleteSecret(ctx, publicCaller(request), request.params.key),
  );
}
