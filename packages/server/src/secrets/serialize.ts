import type { FastifyReply } from 'fastify';
import type { SecretMeta } from '../store/types.js';

/** Sirr's SecretMeta JSON (notes §2): every key present, `null` where unset. */
export function secretMetaJson(m: SecretMeta) {
  return {
    key: m.key,
    created_at: m.createdAt,
    expires_at: m.expiresAt,
    max_reads: m.maxReads,
    read_count: m.readCount,
    delete: m.deleteOnExhaust,
    owner_id: m.ownerId,
    org_id: m.orgId,
  };
}

/**
 * The `X-Sirr-*` headers of a HEAD response (notes §6). Python requires
 * read-count and created-at; Node reads a missing reads-remaining as 0, so
 * every header but expires-at is always sent.
 */
export function headHeaders(m: SecretMeta, sealed: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'x-sirr-read-count': String(m.readCount),
    'x-sirr-reads-remaining':
      m.maxReads === null ? 'unlimited' : String(Math.max(m.maxReads - m.readCount, 0)),
    'x-sirr-delete': m.deleteOnExhaust ? 'true' : 'false',
    'x-sirr-created-at': String(m.createdAt),
    'x-sirr-status': sealed ? 'sealed' : 'active',
  };
  if (m.expiresAt !== null) headers['x-sirr-expires-at'] = String(m.expiresAt);
  return headers;
}

/** A HEAD response: 200, or 410 once sealed, with the `X-Sirr-*` headers and no body. */
export function sendHead(reply: FastifyReply, head: { meta: SecretMeta; sealed: boolean }): FastifyReply {
  return reply
    .status(head.sealed ? 410 : 200)
    .headers(headHeaders(head.meta, head.sealed))
    .send();
}
