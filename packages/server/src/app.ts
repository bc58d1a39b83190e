import { type TypeBoxTypeProvider, TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import { type Clock, systemClock } from '@warden/core';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { DestinationStream } from 'pino';
import type { App, AppContext, AppSettings } from './context.js';
import { ApiError } from './errors.js';
import { installErrorHandlers, sendError, toApiError } from './http/error-handler.js';
import { installGuard } from './http/guard.js';
import { installJsonParser } from './http/json-body.js';
import { type RateLimit, TokenBuckets } from './http/token-bucket.js';
import { Metrics } from './metrics.js';
import { collectRoutes, type RouteRecord } from './openapi.js';
import { registerAuditRoutes } from './routes/audit.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerMeRoutes } from './routes/me.js';
import { registerMetricsRoute } from './routes/metrics.js';
import { registerOpenApiRoute } from './routes/openapi.js';
import { registerOrgSecretRoutes } from './routes/org-secrets.js';
import { registerOrgRoutes } from './routes/orgs.js';
import { registerPrincipalRoutes } from './routes/principals.js';
import { registerPruneRoutes } from './routes/prune.js';
import { registerRoleRoutes } from './routes/roles.js';
import { registerSecretRoutes } from './routes/secrets.js';
import { registerWebhookRoutes } from './routes/webhooks.js';
import type { Sealer } from './seal/types.js';
import { bodyLimitFor } from './secrets/validate.js';
import type { VaultStore } from './store/types.js';
import { instrumentStore } from './store-metrics.js';
import { Sweeper, type SweeperOptions } from './sweeper.js';
import { type DispatcherOptions, WebhookDispatcher } from './webhooks/dispatcher.js';

/** The default body limit: {@link bodyLimitFor} the default 1 MiB value cap (6 MiB + 64 KiB). */
export const DEFAULT_BODY_LIMIT = bodyLimitFor(1024 * 1024);
/** Default rate limits; `perSecond: 0` disables one. */
export const DEFAULT_RATE_LIMITS: { perIp: RateLimit; perToken: RateLimit } = {
  perIp: { perSecond: 100, burst: 400 },
  perToken: { perSecond: 100, burst: 400 },
};
/** Default behaviour switches. */
export const DEFAULT_SETTINGS: AppSettings = {
  maxValueBytes: 1024 * 1024,
  publicBucket: 'token',
  webhookUrlPolicy: { allowedOrigins: [], allowPrivateTargets: false },
  auditRedactKeys: false,
  maxWebhooksPerOrg: 10,
  metricsPublic: false,
};

/**
 * Paths pino censors if they ever appear in a log object. Fastify's request
 * serializer logs no headers or bodies to begin with; this is the second
 * line of defence.
 */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'body',
  'req.body',
  'value',
  '*.value',
  'secret',
  '*.secret',
  'token',
  '*.token',
];

/** Log settings: a level and where lines go (stdout by default). */
export interface LogSettings {
  level?: string;
  stream?: DestinationStream;
}

/** Everything `createApp` needs. */
export interface CreateAppOptions {
  /** An initialized store. The app owns it from now on: `app.close()` closes it. */
  store: VaultStore;
  sealer: Sealer;
  /** SHA-256 of the admin token (the token itself is never held). */
  adminTokenHash: Uint8Array;
  clock?: Clock;
  settings?: Partial<AppSettings>;
  /** Largest request body in bytes (default `bodyLimitFor(settings.maxValueBytes)`: 6 MiB + 64 KiB for 1 MiB). */
  bodyLimit?: number;
  rateLimits?: { perIp?: RateLimit; perToken?: RateLimit };
  /** IPs or CIDRs whose X-Forwarded-For is believed (default: none). */
  trustedProxies?: readonly string[];
  /** pino settings, or false for no logs (default false). */
  logger?: LogSettings | false;
  /** Run the sweeper from `ready` to `close` (default: not run). */
  sweeper?: SweeperOptions;
  /** Run the webhook dispatcher from `ready` to `close` (default: not run). */
  webhooks?: DispatcherOptions;
}

function loggerOption(logger: LogSettings | false | undefined): FastifyServerOptions['logger'] {
  if (logger === undefined || logger === false) return false;
  return {
    level: logger.level ?? 'info',
    redact: { paths: REDACT, censor: '[redacted]' },
    ...(logger.stream !== undefined && { stream: logger.stream }),
  };
}

/**
 * Builds the vault's Fastify app without listening: tests drive it with
 * `app.inject()`, `startServer` calls `listen`. Closing the app finishes
 * in-flight requests, stops the background workers, then closes the store.
 *
 * @example
 * ```ts
 * const app = createApp({ store, sealer, adminTokenHash: hashToken(token) });
 * const res = await app.inject({ method: 'GET', url: '/health' });
 * ```
 */
export function createApp(options: CreateAppOptions): App {
  const metrics = new Metrics();
  const settings: AppSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const clock = options.clock ?? systemClock;
  const ctx: AppContext = {
    store: instrumentStore(options.store, metrics.storeLatency),
    sealer: options.sealer,
    clock,
    metrics,
    settings,
  };
  const proxies = options.trustedProxies ?? [];
  const app = Fastify({
    logger: loggerOption(options.logger),
    bodyLimit: options.bodyLimit ?? bodyLimitFor(settings.maxValueBytes),
    trustProxy: proxies.length > 0 ? [...proxies] : false,
    // HEAD routes are registered explicitly; an automatic one would run the GET handler and spend a read.
    exposeHeadRoutes: false,
    // Warden answers requests that arrive during shutdown itself (below), with its error body and headers.
    return503OnClosing: false,
    requestTimeout: 30_000,
    // Key names are up to 256 characters, up to three times that percent-encoded.
    routerOptions: { maxParamLength: 1024 },
    frameworkErrors: (err, _request, reply) => {
      sendError(reply, toApiError(err));
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);

  // Once shutdown begins, new requests get a 503 in Warden's error shape, and responses still in
  // flight close their connection: a keep-alive socket left idle would hold `close()` until its timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (closing) return sendError(reply, new ApiError(503, 'shutting_down', 'server is shutting down'));
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });

  installJsonParser(app);
  installErrorHandlers(app);
  const rate = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  installGuard(app, ctx, {
    adminTokenHash: options.adminTokenHash,
    perIp: new TokenBuckets(rate.perIp),
    perToken: new TokenBuckets(rate.perToken),
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.requests.inc({
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    });
  });

  const routes: RouteRecord[] = [];
  app.addHook('onRoute', collectRoutes(routes));
  const publicBucket = settings.publicBucket !== 'off';
  registerHealthRoutes(app);
  registerMetricsRoute(app, ctx);
  registerOpenApiRoute(app, routes, { openBucket: settings.publicBucket === 'open' });
  if (publicBucket) registerSecretRoutes(app, ctx);
  registerOrgSecretRoutes(app, ctx);
  registerPruneRoutes(app, ctx, { publicBucket });
  registerAuditRoutes(app, ctx);
  registerWebhookRoutes(app, ctx, { publicBucket });
  registerOrgRoutes(app, ctx);
  registerPrincipalRoutes(app, ctx);
  registerRoleRoutes(app, ctx);
  registerMeRoutes(app, ctx);

  const sweeper = options.sweeper && new Sweeper(ctx.store, clock, options.sweeper, app.log);
  const dispatcher =
    options.webhooks && new WebhookDispatcher(ctx.store, options.sealer, clock, options.webhooks, app.log);
  app.addHook('onReady', async () => {
    sweeper?.start();
    dispatcher?.start();
  });
  // Fastify runs this after the listener has closed and in-flight requests have finished.
  app.addHook('onClose', async () => {
    await sweeper?.stop();
    await dispatcher?.stop();
    await options.store.close();
  });
  return app;
}
