/**
 * ASCII character classes and the word-boundary rule every built-in detector
 * follows. Besides the class itself, `]` counts as "inside a word" before a
 * match and `[` after it, and no built-in match ever contains `[` or `]`. A
 * `[REDACTED]` token therefore can neither be part of a match nor turn its
 * neighbour into a word boundary, which is what makes `redact` idempotent
 * without a second pass (see redactor.ts).
 */

/** A set of ASCII characters, as a 128-entry lookup table. */
export type CharClass = Uint8Array;

const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** The class of the ASCII characters matched by the regex class body `body` (e.g. `A-Za-z0-9_-`). */
export function charClass(body: string): CharClass {
  const re = new RegExp(`[${body}]`);
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) if (re.test(String.fromCharCode(c))) table[c] = 1;
  return table;
}

/** True when the code unit `c` is in `cls` (non-ASCII is never in a class). */
export function inClass(cls: CharClass, c: number): boolean {
  return c < 128 && cls[c] === 1;
}

/** True when a match may start at `at`: the code unit before it is neither in `cls` nor `]`. */
export function boundaryBefore(text: string, at: number, cls: CharClass): boolean {
  if (at <= 0) return true;
  const c = text.charCodeAt(at - 1);
  return c !== CLOSE_BRACKET && !inClass(cls, c);
}

/** True when a match may end at `at`: the code unit after it is neither in `cls` nor `[`. */
export function boundaryAfter(text: string, at: number, cls: CharClass): boolean {
  if (at >= text.length) return true;
  const c = text.charCodeAt(at);
  return c !== OPEN_BRACKET && !inClass(cls, c);
}

/** Regex class bodies shared by the detector tables. */
export const ALPHA = 'A-Za-z';
export const ALNUM = 'A-Za-z0-9';
export const WORD = 'A-Za-z0-9_';
export const TOKEN = 'A-Za-z0-9_\\-';
export const BASE64 = 'A-Za-z0-9+/';

/** Escapes `s` for use as a literal inside a regex (non-printable characters as `\xNN`). */
export function escapeRegex(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (/[.*+?^${}()|[\]\\/-]/.test(ch)) out += `\\${ch}`;
    else if (c < 0x20 || (c >= 0x7f && c <= 0xff)) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

/** Number of distinct code units in `s` (a cheap "is this a placeholder like `xxxx`" check). */
export function distinctChars(s: string): number {
  return new Set(s).size;
}

/** True when `s` has at least one ASCII letter and one ASCII digit. */
export function hasLetterAndDigit(s: string): boolean {
  return /[A-Za-z]/.test(s) && /[0-9]/.test(s);
}
