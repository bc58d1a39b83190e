import { Type } from 'typebox';
import type { App } from '../context.js';
import { API_COMPAT, SERVER_VERSION } from '../version.js';

const tags = ['system'];
const open = { access: { kind: 'open' } } as const;

/** Liveness, version and robots: open, no token (Node's Sirr client calls /health without headers). */
export function registerHealthRoutes(app: App): void {
  app.get(
    '/health',
    {
      config: open,
      schema: { tags, summary: 'Liveness', response: { 200: Type.Object({ status: Type.String() }) } },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/version',
    {
      config: open,
      schema: {
        tags,
        summary: 'Server version',
        response: { 200: Type.Object({ name: Type.String(), version: Type.String(), api: Type.String() }) },
      },
    },
    async () => ({ name: 'warden', version: SERVER_VERSION, api: API_COMPAT }),
  );

  app.get(
    '/robots.txt',
    { config: open, schema: { tags, summary: 'Disallow all crawling' } },
    async (_req, reply) => reply.type('text/plain; charset=utf-8').send('User-agent: *\nDisallow: /\n'),
  );
}
