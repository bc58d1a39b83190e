/**
 * PEM private keys (PKCS#1, PKCS#8, SEC1, OpenSSH, PGP, encrypted), raw or
 * JSON-escaped (`\n`), redacted as a whole block from BEGIN to END. A block
 * cut off before its END line is still redacted up to where its body stops
 * (fail closed: a truncated log or stream must not show half a key).
 * Placeholders (`...`, `xxx`, `***`, a short dummy body) are left alone.
 */
import { finding } from '../finding.js';
import { anchoredDetector } from '../scan.js';
import type { Detector } from '../types.js';

const HEADER = /-----BEGIN (?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY(?: BLOCK)?-----/y;
const FOOTER = /-----END (?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY(?: BLOCK)?-----/y;
// RFC 1421 / RFC 4880 armour headers (Proc-Type, DEK-Info, Version, Comment) right after BEGIN.
const ARMOUR_HEADERS = /(?:(?:\r?\n|\\r?\\n)[A-Za-z][A-Za-z-]{0,31}: [^\r\n\\]{0,128}){1,4}/y;

/** Longest body (base64, whitespace and `\n` escapes) looked at: an RSA-8192 key fits. */
export const MAX_PEM_BODY = 8192;
const MAX_HEADER = 80;
const MAX_ARMOUR = 4 * (4 + 32 + 2 + 128);
/** Fewest base64 characters a real key body has (an Ed25519 PKCS#8 key has 64). */
const MIN_KEY_CHARS = 64;

function isBodyChar(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x2b || // +
    c === 0x2f || // /
    c === 0x3d || // =
    c === 0x5c || // backslash of a \n escape
    c === 0x20 ||
    c === 0x09 ||
    c === 0x0a ||
    c === 0x0d
  );
}

/** True when `body` holds enough varied base64 to be a key rather than a placeholder. */
function isKeyBody(body: string): boolean {
  const b64 = body.replace(/\\[nrt]/g, '').replace(/[^A-Za-z0-9+/]/g, '');
  return b64.length >= MIN_KEY_CHARS && new Set(b64).size >= 16;
}

/** The end of the private-key block starting at `at` (a `-----BEGIN`), or -1. */
export function privateKeyBlockEnd(text: string, at: number): number {
  HEADER.lastIndex = at;
  const header = HEADER.exec(text);
  if (header === null) return -1;
  let pos = at + header[0].length;
  ARMOUR_HEADERS.lastIndex = pos;
  const armour = ARMOUR_HEADERS.exec(text);
  if (armour !== null) pos += armour[0].length;
  const bodyStart = pos;
  const limit = Math.min(text.length, bodyStart + MAX_PEM_BODY);
  while (pos < limit && isBodyChar(text.charCodeAt(pos))) pos++;
  const body = text.slice(bodyStart, pos);
  if (!isKeyBody(body)) return -1;
  FOOTER.lastIndex = pos;
  const footer = FOOTER.exec(text);
  if (footer !== null) return pos + footer[0].length;
  // Unterminated: stop at the last base64 character (not the whitespace or escapes after it).
  let end = pos;
  for (;;) {
    const c = text.charCodeAt(end - 1);
    if (c === 0x5c || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) end--;
    else if ((c === 0x6e || c === 0x72 || c === 0x74) && text.charCodeAt(end - 2) === 0x5c) end -= 2;
    else return end;
  }
}

export const privateKey: Detector = anchoredDetector({
  id: 'private-key',
  confidence: 'high',
  keywords: ['-----BEGIN'],
  maxLength: MAX_HEADER + MAX_ARMOUR + MAX_PEM_BODY + MAX_HEADER,
  findAt(text, at) {
    const end = privateKeyBlockEnd(text, at);
    return end > at ? finding('private-key', at, end, 'high') : undefined;
  },
});
