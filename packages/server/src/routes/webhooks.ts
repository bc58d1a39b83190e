import type { FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { type Access, orgManager } from '../auth/access.js';
import { randomHex } from '../auth/tokens.js';
import type { App, AppContext } from '../context.js';
import { auditChange, requireOrg } from '../directory.js';
import { apiError } from '../errors.js';
import { Deleted, IdParams, Maybe, OrgIdParams, OrgParams, UnixSeconds } from '../schemas.js';
import { checkWebhookTarget } from '../secrets/validate.js';
import type { OrgScope, Webhook } from '../store/types.js';

const tags = ['webhooks'];
const CreateWebhookBody = Type.Object(
  {
    url: Type.String({
      description: 'http(s) URL; private, loopback and link-local targets refused by default',
    }),
    events: Maybe(
      Type.Array(Type.String({ maxLength: 64 }), {
        maxItems: 32,
        description: 'Audit action names (secret.create, secret.read, secret.burn, ...) or "*" (default)',
      }),
    ),
  },
  { title: 'CreateWebhook' },
);
const WebhookCreated = Type.Object({ id: Type.String(), secret: Type.String({ description: 'Shown once' }) });
const WebhookList = Type.Object({
  webhooks: Type.Array(
    Type.Object({
      id: Type.String(),
      url: Type.String(),
      events: Type.Array(Type.String()),
      created_at: UnixSeconds,
    }),
  ),
});
const ORG_ACCESS = orgManager('M');
const utf8 = new TextEncoder();

async function create(
  ctx: AppContext,
  request: FastifyRequest,
  orgId: OrgScope,
  body: Static<typeof CreateWebhookBody>,
) {
  checkWebhookTarget(body.url, ctx.settings.webhookUrlPolicy.allowPrivateTargets);
  if (orgId !== null) await requireOrg(ctx, orgId);
  const id = randomHex(8);
  const secret = `whsec_${randomHex(16)}`;
  const plaintext = utf8.encode(secret);
  // A webhook has no key: the store's rotation re-seals it with `key: ''` (store/types.ts).
  const sealed = ctx.sealer.seal(plaintext, { kind: 'webhook', orgId, key: '', recordId: id });
  plaintext.fill(0);
  const webhook: Webhook = {
    id,
    orgId,
    url: body.url,
    events: body.events ?? ['*'],
    secret: sealed,
    createdAt: ctx.clock.now(),
  };
  const max = ctx.settings.maxWebhooksPerOrg;
  if ((await ctx.store.createWebhook(webhook, max)) === 'limit') {
    throw apiError(
      409,
      'webhook_limit',
      `maximum of ${max} webhooks reached${orgId === null ? '' : ' for org'}`,
    );
  }
  await auditChange(ctx, request, 'webhook.create', orgId, `id=${id}`, webhook.createdAt);
  return { id, secret };
}

async function list(ctx: AppContext, orgId: OrgScope) {
  const hooks = await ctx.store.listWebhooks(orgId);
  return {
    webhooks: hooks.map((w) => ({ id: w.id, url: w.url, events: w.events, created_at: w.createdAt })),
  };
}

async function remove(ctx: AppContext, request: FastifyRequest, orgId: OrgScope, id: string) {
  // Scoped delete: Sirr v1 deleted any org's webhook by id from any org's route.
  if (!(await ctx.store.deleteWebhook(orgId, id)))
    throw apiError(404, 'webhook_not_found', 'webhook not found');
  await auditChange(ctx, request, 'webhook.delete', orgId, `id=${id}`, ctx.clock.now());
  return { deleted: true };
}

/**
 * Webhooks: `/webhooks` for public-bucket events (admin), and
 * `/orgs/{org}/webhooks` for one org's (M, or admin). Each scope sees and
 * deletes only its own webhooks; the signing secret is shown once, at
 * creation, and stored sealed.
 */
export function registerWebhookRoutes(app: App, ctx: AppContext, options: { publicBucket: boolean }): void {
  if (options.publicBucket) {
    const access: Access = { kind: 'admin' };
    app.post(
      '/webhooks',
      {
        config: { access },
        schema: {
          tags,
          summary: 'Register a public-bucket webhook',
          body: CreateWebhookBody,
          response: { 201: WebhookCreated },
        },
      },
      async (request, reply) => reply.status(201).send(await create(ctx, request, null, request.body)),
    );
    app.get(
      '/webhooks',
      {
        config: { access },
        schema: { tags, summary: 'Public-bucket webhooks', response: { 200: WebhookList } },
      },
      async () => list(ctx, null),
    );
    app.delete(
      '/webhooks/:id',
      {
        config: { access },
        schema: {
          tags,
          summary: 'Delete a public-bucket webhook',
          params: IdParams,
          response: { 200: Deleted },
        },
      },
      async (request) => remove(ctx, request, null, request.params.id),
    );
  }

  app.post(
    '/orgs/:org/webhooks',
    {
      config: { access: ORG_ACCESS },
      schema: {
        tags,
        summary: 'Register an org webhook (M, or admin)',
        params: OrgParams,
        body: CreateWebhookBody,
        response: { 201: WebhookCreated },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await create(ctx, request, request.params.org, request.body)),
  );
  app.get(
    '/orgs/:org/webhooks',
    {
      config: { access: ORG_ACCESS },
      schema: { tags, summary: "The org's webhooks", params: OrgParams, response: { 200: WebhookList } },
    },
    async (request) => list(ctx, request.params.org),
  );
  app.delete(
    '/orgs/:org/webhooks/:id',
    {
      config: { access: ORG_ACCESS },
      schema: { tags, summary: 'Delete an org webhook', params: OrgIdParams, response: { 200: Deleted } },
    },
    async (request) => remove(ctx, request, request.params.org, request.params.id),
  );
}
