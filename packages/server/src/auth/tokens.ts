import { createHash, randomBytes } from 'node:crypto';

/** SHA-256 of a token's UTF-8 bytes: how tokens are stored and compared. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Random lowercase hex of `bytes` bytes (ids: 16 bytes = 32 hex, as Sirr's). */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** A new principal API key in Sirr's format, `sirr_key_<32 hex>`. */
export function newPrincipalKey(): string {
  return `sirr_key_${randomHex(16)}`;
}

/** A new admin token; its prefix tells it apart from principal keys in a leak scan. */
export function newAdminToken(): string {
  return `wdn_admin_${randomHex(32)}`;
}
