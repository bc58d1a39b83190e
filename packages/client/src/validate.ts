/** Small assertions at the client's boundary: misuse throws TypeError/RangeError before any request. */

/** Sirr's upper bound for `ttl_seconds` (10 years). */
export const MAX_TTL_SECONDS = 315_360_000;
const MAX_U32 = 0xffff_ffff;

/** A key name: a non-empty string (the server checks the charset and length, and answers `400` with its code). */
export function assertKey(key: string): void {
  if (typeof key !== 'string' || key === '') throw new TypeError('key must be a non-empty string');
}

/** `reads`: an integer >= 1 (Sirr's `max_reads` is a u32). */
export function assertReads(reads: number, what = 'reads'): void {
  if (!Number.isSafeInteger(reads) || reads < 1 || reads > MAX_U32)
    throw new RangeError(`${what} must be an integer from 1 to ${MAX_U32}`);
}

/** `ttl`: whole seconds, 0 to 10 years. */
export function assertTtl(ttl: number, what = 'ttl'): void {
  if (!Number.isSafeInteger(ttl) || ttl < 0 || ttl > MAX_TTL_SECONDS)
    throw new RangeError(`${what} must be whole seconds from 0 to ${MAX_TTL_SECONDS}`);
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A value as the wire carries it (a JSON string). Bytes must be UTF-8: the
 * Sirr v1 API has no binary values, so encode binary material (base64) first.
 */
export function valueText(value: string | Uint8Array): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) {
    try {
      return utf8.decode(value);
    } catch {
      throw new TypeError('value bytes are not valid UTF-8; encode binary values (e.g. base64) first');
    }
  }
  throw new TypeError('value must be a string or a Uint8Array');
}

/** Unix seconds of a Date or a number. */
export function unixSeconds(t: number | Date, what: string): number {
  const s = t instanceof Date ? Math.floor(t.getTime() / 1000) : t;
  if (!Number.isSafeInteger(s)) throw new RangeError(`${what} must be whole Unix seconds or a Date`);
  return s;
}
