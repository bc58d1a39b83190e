import { randomBytes } from 'node:crypto';
import { toHex } from '@warden/core';

/** Textual prefix of a warrant id in revocation lists, approvals and logs (`tnu_wrt_` + 32 hex). */
export const WARRANT_ID_PREFIX = 'tnu_wrt_';

/** A fresh UUIDv7 (RFC 9562): 48-bit milliseconds, version 7, random bits, variant 10. */
export function newWarrantId(nowMs = Date.now()): Uint8Array {
  const id = randomBytes(16);
  let ms = BigInt(nowMs);
  for (let i = 5; i >= 0; i--) {
    id[i] = Number(ms & 0xffn);
    ms >>= 8n;
  }
  id[6] = 0x70 | ((id[6] as number) & 0x0f);
  id[8] = 0x80 | ((id[8] as number) & 0x3f);
  return new Uint8Array(id);
}

/**
 * Parses a warrant id: `tnu_wrt_` + 32 hex, bare 32 hex (either case) or the
 * hyphenated UUID form, as Tenuo's `WarrantId::from_string` accepts.
 */
export function parseWarrantId(text: string): Uint8Array | undefined {
  let hex = text.startsWith(WARRANT_ID_PREFIX) ? text.slice(WARRANT_ID_PREFIX.length) : text;
  if (/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(hex)) {
    hex = hex.replaceAll('-', '');
  }
  return /^[0-9a-fA-F]{32}$/.test(hex) ? new Uint8Array(Buffer.from(hex, 'hex')) : undefined;
}

/** `tnu_wrt_` + lowercase hex: the form revocation lists match on. */
export function prefixedWarrantId(id: Uint8Array): string {
  return WARRANT_ID_PREFIX + toHex(id);
}
