/**
 * The optional generic detector (`entropy: true`): any `name = value` or
 * `name: value` whose value is long and random-looking (Shannon entropy of
 * at least 3.5 bits per character, letters and digits mixed). It finds keys
 * of providers without a known shape, at the price of false positives on
 * other random-looking values (nonces, content ids), hence off by default.
 * UUIDs and 40-hex git object ids are never reported.
 */
import { hasLetterAndDigit } from '../chars.js';
import { finding } from '../finding.js';
import type { Detector, Finding } from '../types.js';
import { isSecretLikeValue } from './assignment.js';

const MIN_LENGTH = 20;
const MAX_LENGTH = 512;
const MIN_BITS_PER_CHAR = 3.5;
const ASSIGNMENT = new RegExp(
  '(?<![A-Za-z0-9_.\\-\\]])[A-Za-z_][A-Za-z0-9_.\\-]{0,63}(?:\\\\?["\'])?\\s{0,4}(?:=>|:=|=|:)\\s{0,4}(?:\\\\?["\'`])?' +
    `([A-Za-z0-9+/_\\-.~]{${MIN_LENGTH},${MAX_LENGTH}}={0,3})(?![A-Za-z0-9+/_\\-.~=\\[])`,
  'gd',
);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GIT_OBJECT_ID = /^[0-9a-f]{40}$/;

const counts = new Uint32Array(128);

/** Shannon entropy of the ASCII string `s` in bits per character. */
export function shannonEntropy(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) & 0x7f;
    counts[c] = (counts[c] ?? 0) + 1;
  }
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) & 0x7f;
    const n = counts[c] as number;
    if (n === 0) continue;
    bits -= (n / s.length) * Math.log2(n / s.length);
    counts[c] = 0;
  }
  return bits;
}

function isRandomLooking(value: string): boolean {
  return (
    hasLetterAndDigit(value) &&
    !UUID.test(value) &&
    !GIT_OBJECT_ID.test(value) &&
    shannonEntropy(value) >= MIN_BITS_PER_CHAR &&
    isSecretLikeValue(value)
  );
}

export const highEntropyAssignment: Detector = {
  id: 'high-entropy-assignment',
  confidence: 'low',
  keywords: [],
  maxLength: 1 + 64 + 2 + 4 + 2 + 4 + 2 + MAX_LENGTH + 3 + 1,
  find(text: string): Finding[] {
    const out: Finding[] = [];
    ASSIGNMENT.lastIndex = 0;
    for (let m = ASSIGNMENT.exec(text); m !== null; m = ASSIGNMENT.exec(text)) {
      // Judge every start on its own (see scan.ts): resume right after this one.
      ASSIGNMENT.lastIndex = m.index + 1;
      const span = m.indices?.[1];
      const value = m[1];
      if (span !== undefined && value !== undefined && isRandomLooking(value))
        out.push(finding('high-entropy-assignment', span[0], span[1], 'low'));
    }
    return out;
  },
};
