import type { App } from '../context.js';
import { buildOpenApi, type RouteRecord } from '../openapi.js';

/** `GET /openapi.json`: built once, on first request, from the routes' own schemas. */
export function registerOpenApiRoute(
  app: App,
  records: readonly RouteRecord[],
  options: { openBucket: boolean },
): void {
  let doc: unknown;
  app.get(
    '/openapi.json',
    {
      config: { access: { kind: 'open' } },
      schema: { tags: ['system'], summary: 'This API as OpenAPI 3.1' },
    },
    async () => {
      doc ??= buildOpenApi(records, options);
      return doc;
    },
  );
}
