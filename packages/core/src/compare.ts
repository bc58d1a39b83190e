import { timingSafeEqual } from 'node:crypto';

/**
 * Constant-time equality of two byte strings. The length is not secret: unequal
 * lengths return false at once, equal lengths compare in constant time.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}
