/** Byte helpers shared by every package. Inputs are validated; outputs are fresh copies. */

const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;

/** Lowercase hex of the bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Parse hex (either case, even length); throws `TypeError` on anything else. */
export function fromHex(hex: string, what = 'hex'): Uint8Array {
  if (typeof hex !== 'string' || !HEX_RE.test(hex))
    throw new TypeError(`${what} must be an even-length hex string`);
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

const B64URL_RE = /^[A-Za-z0-9_-]*$/;
const B64STD_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/** base64url without padding (RFC 4648 §5). */
export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/**
 * Strict base64url decode: no padding, no other alphabet, no non-zero trailing
 * bits (Node's own decoder silently accepts all three). Returns undefined when
 * the text is not canonical base64url.
 */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (!B64URL_RE.test(text) || text.length % 4 === 1) return undefined;
  const out = Buffer.from(text, 'base64url');
  return out.toString('base64url') === text ? new Uint8Array(out) : undefined;
}

/** Standard base64 with padding. */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Strict standard base64 decode (padding required, canonical); undefined if malformed. */
export function fromBase64(text: string): Uint8Array | undefined {
  if (!B64STD_RE.test(text) || text.length % 4 !== 0) return undefined;
  const out = Buffer.from(text, 'base64');
  return out.toString('base64') === text ? new Uint8Array(out) : undefined;
}

/** Concatenate byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** UTF-8 encode. */
export function utf8(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

/** Asserts `value` is a Uint8Array (of `length` bytes when given); throws `TypeError` naming `what`. */
export function assertBytes(value: unknown, what: string, length?: number): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${what} must be a Uint8Array`);
  if (length !== undefined && value.length !== length) throw new TypeError(`${what} must be ${length} bytes`);
}

/** Overwrite the bytes with zeros, in place. */
export function zeroize(bytes: Uint8Array): void {
  bytes.fill(0);
}

/** Bytewise comparison (like memcmp): negative, zero or positive. Not constant-time. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}
