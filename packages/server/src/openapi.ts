import type { RouteOptions } from 'fastify';
import type { Access } from './auth/access.js';
import { ErrorBody } from './schemas.js';
import { SERVER_VERSION } from './version.js';

type Json = Record<string, unknown>;

/** What the OpenAPI builder keeps of a registered route. */
export interface RouteRecord {
  method: string;
  url: string;
  schema: Json;
  access: Access | undefined;
}

/** Records every route as Fastify registers it (install before the routes). */
export function collectRoutes(records: RouteRecord[]) {
  return (route: RouteOptions): void => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      records.push({
        method: method.toLowerCase(),
        url: route.url,
        schema: (route.schema ?? {}) as Json,
        access: (route.config as { access?: Access } | undefined)?.access,
      });
    }
  };
}

/** A TypeBox schema as plain JSON (OpenAPI 3.1 is JSON Schema 2020-12). */
const plain = (schema: unknown): Json => JSON.parse(JSON.stringify(schema)) as Json;

function parameters(schema: unknown, where: 'path' | 'query'): Json[] {
  const s = schema as { properties?: Record<string, unknown>; required?: string[] } | undefined;
  return Object.entries(s?.properties ?? {}).map(([name, sub]) => ({
    name,
    in: where,
    required: where === 'path' || (s?.required ?? []).includes(name),
    schema: plain(sub),
  }));
}

function accessText(access: Access | undefined, openBucket: boolean): string {
  const a = access ?? { kind: 'admin' };
  switch (a.kind) {
    case 'open':
      return 'No token.';
    case 'public':
      return openBucket
        ? `No token (open public bucket), the admin token, or a principal holding one of "${a.anyOf}".`
        : `The admin token, or a principal (of any org: the public bucket is shared) holding one of "${a.anyOf}".`;
    case 'admin':
      return 'The admin token.';
    case 'token':
      return 'Any valid token; the record decides (admin, or its owner).';
    case 'admin-or':
      return `The admin token, or a principal holding one of "${a.anyOf}".`;
    case 'principal':
      return `A principal holding one of "${a.anyOf}".`;
    case 'org':
      return `A principal of {org} holding one of "${a.anyOf}"${a.admin ? ', or the admin token' : ''}; other orgs get 404.`;
  }
}

function operation(r: RouteRecord, openBucket: boolean): Json {
  const s = r.schema;
  const responses: Json = {};
  for (const [status, body] of Object.entries((s.response ?? {}) as Json)) {
    responses[status] = {
      description: status.startsWith('2') ? 'Success' : 'Error',
      content: { 'application/json': { schema: plain(body) } },
    };
  }
  if (r.method === 'head') responses['200'] = { description: 'Active; X-Sirr-* headers, empty body' };
  if (r.method === 'head') responses['410'] = { description: 'Sealed; X-Sirr-* headers, empty body' };
  if (Object.keys(responses).length === 0) responses['200'] = { description: 'Success' };
  responses.default = {
    description: 'Error',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
  const open = r.access?.kind === 'open' || (r.access?.kind === 'public' && openBucket);
  return {
    ...(s.summary !== undefined && { summary: s.summary }),
    ...(s.tags !== undefined && { tags: s.tags }),
    description: `Auth: ${accessText(r.access, openBucket)}`,
    parameters: [...parameters(s.params, 'path'), ...parameters(s.querystring, 'query')],
    ...(s.body !== undefined && {
      requestBody: { required: true, content: { 'application/json': { schema: plain(s.body) } } },
    }),
    responses,
    security: open ? [] : [{ bearer: [] }],
  };
}

/** The OpenAPI 3.1 document of the routes recorded, assembled from their TypeBox schemas. */
export function buildOpenApi(records: readonly RouteRecord[], options: { openBucket: boolean }): Json {
  const paths: Record<string, Json> = {};
  for (const r of records) {
    const path = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] ??= {};
    (paths[path] as Json)[r.method] = operation(r, options.openBucket);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Warden vault',
      version: SERVER_VERSION,
      description:
        'Secrets that burn by reads and time. Speaks the Sirr v1 HTTP API; Warden routes and fields are additions. ' +
        'Every error is `{ error, code }`.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: plain(ErrorBody) },
    },
    paths,
  };
}
