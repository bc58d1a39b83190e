import type { App, AppContext } from '../context.js';

/**
 * `GET /metrics` in Prometheus text format. It needs the admin token unless
 * the operator made it public: request counts by route reveal activity.
 */
export function registerMetricsRoute(app: App, ctx: AppContext): void {
  app.get(
    '/metrics',
    {
      config: { access: ctx.settings.metricsPublic ? { kind: 'open' } : { kind: 'admin' } },
      schema: { tags: ['system'], summary: 'Prometheus metrics' },
    },
    async (_request, reply) =>
      reply.type('text/plain; version=0.0.4; charset=utf-8').send(ctx.metrics.render()),
  );
}
