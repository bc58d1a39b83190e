import { asPrincipal } from '../auth/access.js';
import { type App, type AppContext, auditContext } from '../context.js';
import { OrgParams, Pruned } from '../schemas.js';

/**
 * `POST /prune` removes dead public secrets only (Sirr v1 pruned every org's
 * too); `POST /orgs/{org}/prune` those of one org, for a principal holding M
 * or D. Both accept the empty JSON body Sirr's clients send.
 */
export function registerPruneRoutes(app: App, ctx: AppContext, options: { publicBucket: boolean }): void {
  if (options.publicBucket) {
    app.post(
      '/prune',
      {
        config: { access: { kind: 'admin' } },
        schema: {
          tags: ['public bucket'],
          summary: 'Remove expired and burned public secrets',
          response: { 200: Pruned },
        },
      },
      async (request) => ({
        pruned: await ctx.store.pruneSecrets(null, ctx.clock.now(), auditContext(request, null)),
      }),
    );
  }

  app.post(
    '/orgs/:org/prune',
    {
      config: { access: { kind: 'org', anyOf: 'MD', admin: false, notFound: 'org' } },
      schema: {
        tags: ['org secrets'],
        summary: "Remove the org's expired and burned secrets (M or D)",
        params: OrgParams,
        response: { 200: Pruned },
      },
    },
    async (request) => {
      const p = asPrincipal(request.identity);
      return {
        pruned: await ctx.store.pruneSecrets(p.orgId, ctx.clock.now(), auditContext(request, p.orgId)),
      };
    },
  );
}
