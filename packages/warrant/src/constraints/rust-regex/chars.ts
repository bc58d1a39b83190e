// Character helpers: Rust's whitespace, hex, escapable and capture-name tests; UTF-8 and code points.

/** Rust `char::is_whitespace`. */
export { isRustWhitespace as isWhitespace } from '../rust-whitespace.js';

export const isHex = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const isAsciiAlnum = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** regex-syntax `is_meta_character`. */
const META = new Set([...'\\.+*?()|[]{}^$#&-~'].map((s) => s.charCodeAt(0)));

/** regex-syntax `is_escapeable_character`: meta, or ASCII that is neither alphanumeric nor `<`/`>`. */
export const isEscapeable = (c: number): boolean =>
  META.has(c) || (c < 0x80 && !isAsciiAlnum(c) && c !== 0x3c && c !== 0x3e);

const ALPHABETIC = /^\p{Alphabetic}$/u;
const ALPHANUMERIC = /^[\p{Alphabetic}\p{N}]$/u;

/** regex-syntax `is_capture_char` (Rust `char::is_alphabetic` / `is_alphanumeric`). */
export function isCaptureChar(c: number, first: boolean): boolean {
  if (c === 0x5f) return true;
  const s = String.fromCodePoint(c);
  if (first) return ALPHABETIC.test(s);
  return c === 0x2e || c === 0x5b || c === 0x5d || ALPHANUMERIC.test(s);
}

export const utf8Length = (c: number): number => (c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4);

/** Decode to code points, or undefined if `s` holds a lone surrogate (impossible in a Rust `str`). */
export function codePoints(s: string): number[] | undefined {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const hi = s.charCodeAt(i);
    if (hi >= 0xd800 && hi <= 0xdbff) {
      const lo = s.charCodeAt(i + 1);
      if (!(lo >= 0xdc00 && lo <= 0xdfff)) return undefined;
      out.push(((hi - 0xd800) << 10) + (lo - 0xdc00) + 0x10000);
      i++;
    } else if (hi >= 0xdc00 && hi <= 0xdfff) {
      return undefined;
    } else {
      out.push(hi);
    }
  }
  return out;
}
