/**
 * GCP service-account key files (JSON): the whole object is redacted, not
 * only its `private_key`, because the file as a whole is the credential (key
 * id, client email and id travel with the key). The private key inside is
 * also caught by the PEM detector, so an object whose braces cannot be
 * matched still loses its key.
 */
import { finding } from '../finding.js';
import type { Detector, Finding } from '../types.js';
import { privateKeyBlockEnd } from './pem.js';

/** Longest service-account object looked at (an RSA-2048 key file is about 2.4 KB). */
const MAX_OBJECT = 8192;
const TYPE = /\\?"type\\?"\s{0,8}:\s{0,8}\\?"service_account\\?"/g;
const PRIVATE_KEY = /\\?"private_key\\?"\s{0,8}:\s{0,8}\\?"(?=-----BEGIN)/g;

/** True when `object` has a `private_key` whose value is a real PEM private key. */
function hasPrivateKey(object: string): boolean {
  PRIVATE_KEY.lastIndex = 0;
  for (let m = PRIVATE_KEY.exec(object); m !== null; m = PRIVATE_KEY.exec(object)) {
    if (privateKeyBlockEnd(object, m.index + m[0].length) > 0) return true;
  }
  return false;
}

/**
 * One pass matching braces over `text[from, to)` (strings are not parsed: key files hold none in
 * their values). An object holding a "type": "service_account" is reported when it closes; `[` or
 * `]` (arrays are not part of a key file) forgets every open object. An object that began before
 * `from` would be longer than MAX_OBJECT, so starting with no open object loses nothing.
 */
function scanWindow(text: string, from: number, to: number, types: readonly number[], out: Finding[]): void {
  const open: number[] = [];
  const marked = new Set<number>();
  let next = 0;
  for (let i = from; i < to; i++) {
    if (i === types[next]) {
      const top = open[open.length - 1];
      if (top !== undefined) marked.add(top);
      next++;
    }
    const c = text.charCodeAt(i);
    if (c === 0x7b) open.push(i);
    else if (c === 0x5b || c === 0x5d) open.length = 0;
    else if (c === 0x7d) {
      const start = open.pop();
      if (start === undefined || !marked.delete(start)) continue;
      if (i + 1 - start <= MAX_OBJECT && hasPrivateKey(text.slice(start, i + 1)))
        out.push(finding('gcp-service-account', start, i + 1, 'high'));
    }
  }
}

export const gcpServiceAccount: Detector = {
  id: 'gcp-service-account',
  confidence: 'high',
  keywords: ['service_account'],
  maxLength: MAX_OBJECT + 2,
  find(text: string): Finding[] {
    const types: number[] = [];
    TYPE.lastIndex = 0;
    for (let m = TYPE.exec(text); m !== null; m = TYPE.exec(text)) {
      types.push(m.index);
      TYPE.lastIndex = m.index + 1;
    }
    if (types.length === 0) return [];
    // A reported object is at most MAX_OBJECT long and contains its "type", so only the text within
    // MAX_OBJECT of a "type" can matter: scan those windows (merged), not the whole text.
    const out: Finding[] = [];
    let w = 0;
    while (w < types.length) {
      const from = Math.max(0, (types[w] as number) - MAX_OBJECT);
      let last = w;
      while (
        last + 1 < types.length &&
        (types[last + 1] as number) - MAX_OBJECT <= (types[last] as number) + MAX_OBJECT
      )
        last++;
      const to = Math.min(text.length, (types[last] as number) + MAX_OBJECT + 1);
      scanWindow(text, from, to, types.slice(w, last + 1), out);
      w = last + 1;
    }
    return out;
  },
};
