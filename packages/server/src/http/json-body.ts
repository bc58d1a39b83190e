import type { FastifyInstance } from 'fastify';

/**
 * Replaces Fastify's JSON parser with one that accepts an empty body: Sirr's
 * clients send `Content-Type: application/json` with no body on DELETE and on
 * prune, which Fastify would refuse (FST_ERR_CTP_EMPTY_JSON_BODY). A non-empty
 * body still goes through Fastify's own parser, which keeps its prototype
 * poisoning protection (`__proto__` and `constructor` keys are refused).
 * Any other content type with a body is 415.
 */
export function installJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  // JSON only: Fastify's text/plain parser would hand a string to routes that expect an object (415 instead).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    // parseAs 'string' hands over a string.
    const text = body as string;
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parse(request, text, done);
  });
}
