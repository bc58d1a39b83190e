import type { FastifyReply } from 'fastify';

/**
 * Headers on every response, as Sirr v1 sends them, plus `no-store`: a secret
 * value must not rest in a proxy or browser cache, and marking every response
 * is simpler than proving which ones carry values. No `Server` header is ever
 * set (Node and Fastify add none).
 */
const HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'",
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** Sets the security headers on a reply. */
export function setSecurityHeaders(reply: FastifyReply): void {
  reply.headers(HEADERS);
}
