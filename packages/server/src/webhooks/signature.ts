import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying a delivery's signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'x-warden-signature';

/**
 * Signs a webhook body. The MAC covers `"<timestamp>.<body>"`, so a receiver
 * that rejects old timestamps cannot be fed a replay, and the timestamp
 * cannot be changed without breaking the MAC.
 */
export function signWebhook(secret: string | Uint8Array, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/**
 * Verifies a signature header for a receiver: a well-formed header, a
 * timestamp within `toleranceSeconds` of `now` (default 300), and a MAC that
 * matches in constant time. Returns false on anything else.
 *
 * @example
 * ```ts
 * const ok = verifyWebhookSignature(secret, req.headers['x-warden-signature'], rawBody, Math.floor(Date.now() / 1000));
 * ```
 */
export function verifyWebhookSignature(
  secret: string | Uint8Array,
  header: string | undefined,
  body: string,
  now: number,
  toleranceSeconds = 300,
): boolean {
  try {
    const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header ?? '');
    if (m === null) return false;
    const timestamp = Number(m[1]);
    if (Math.abs(now - timestamp) > toleranceSeconds) return false;
    const expected = Buffer.from(signWebhook(secret, timestamp, body).slice(-64), 'hex');
    return timingSafeEqual(expected, Buffer.from(m[2] as string, 'hex'));
  } catch {
    return false;
  }
}
