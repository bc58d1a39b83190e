/**
 * A small Redactor for the stream tests, independent of the real detectors:
 * exact values plus regex detectors chosen for what makes streaming hard (a
 * word boundary on each side, a match that grows with more text, a finding
 * that needs the text before it), and generators of texts full of secrets,
 * their prefixes and near misses.
 */
import fc from 'fast-check';
import type { Finding, Redactor } from '../src/redact/types.js';

interface TestDetector {
  readonly id: string;
  readonly re: RegExp;
  /** Longest match plus lookahead; the lookbehind is bounded by `LOOKBEHIND`. */
  readonly maxLength: number;
}

const LOOKBEHIND = 30;

const DETECTORS: readonly TestDetector[] = [
  // Word boundaries on both sides: a 21-character run is no key, and neither is `xAKIA...`.
  { id: 'aws-access-key-id', re: /(?<![A-Za-z0-9])AKIA[A-Z0-9]{16}(?![A-Za-z0-9])/g, maxLength: 21 },
  // Greedy and open-ended up to 60: the match grows while more key characters arrive.
  { id: 'openai-api-key', re: /(?<![A-Za-z0-9])sk-[A-Za-z0-9]{20,60}/g, maxLength: 63 },
  // The finding is the token only; `Bearer ` before it is context.
  { id: 'bearer', re: /(?<=Bearer )[A-Za-z0-9._~+/-]{8,40}={0,2}/g, maxLength: 42 },
  // A secret key counts only next to a key id before it (the AWS pair).
  {
    id: 'aws-secret-key',
    re: /(?<=AKIA[A-Z0-9]{16}[ :=,]{1,5})[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/g,
    maxLength: 41,
  },
];

/** Non-overlapping findings sorted by start, overlaps merged into the widest, as the contract says. */
function merge(findings: Finding[]): Finding[] {
  findings.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Finding[] = [];
  for (const f of findings) {
    const last = out[out.length - 1];
    if (last !== undefined && f.start < last.end) {
      if (f.end > last.end) out[out.length - 1] = { ...last, end: f.end };
    } else out.push(f);
  }
  return out;
}

/** A test-only Redactor over `values` and the detectors above. */
export function testRedactor(
  values: readonly string[] = [],
  replacement: string | ((f: Finding) => string) = '[REDACTED]',
): Redactor {
  const find = (text: string): Finding[] => {
    const found: Finding[] = [];
    for (const d of DETECTORS) {
      for (const m of text.matchAll(d.re))
        found.push({ type: d.id, start: m.index, end: m.index + m[0].length, confidence: 'high' });
    }
    for (const v of values) {
      for (let i = text.indexOf(v); i !== -1; i = text.indexOf(v, i + v.length))
        found.push({ type: 'exact-value', start: i, end: i + v.length, confidence: 'high' });
    }
    return merge(found);
  };
  const render = typeof replacement === 'function' ? replacement : () => replacement;
  return {
    find,
    redact(text) {
      let out = '';
      let pos = 0;
      for (const f of find(text)) {
        out += text.slice(pos, f.start) + render(f);
        pos = f.end;
      }
      return out + text.slice(pos);
    },
    holdback: Math.max(LOOKBEHIND, ...DETECTORS.map((d) => d.maxLength), ...values.map((v) => v.length)),
  };
}

/** Exact values without self-overlap (a real secret has none; `abab` would make match alignment matter). */
export const VALUES = ['hunter2-PASSWORD', 'Zq9#ünïcødé-secret', 's3cr3t😀value'] as const;

const AWS_ID = 'AKIAIOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const OPENAI = 'sk-proj4Ab8Cd2Ef6Gh0Ij4Kl8Mn2Op6Qr0St4Uv8Wx2Yz';

/** Pieces texts are built from: secrets, their prefixes and near misses, separators, multi-byte characters. */
const FRAGMENTS: readonly string[] = [
  AWS_ID,
  `${AWS_ID} ${AWS_SECRET}`,
  `${AWS_ID}=${AWS_SECRET}`,
  AWS_SECRET,
  OPENAI,
  OPENAI.slice(0, 30),
  // At and past the longest match: an off-by-one in the holdback shows here.
  `sk-${'A1b2C3'.repeat(10)}`,
  `sk-${'d4E5'.repeat(20)}`,
  `Bearer ${'t0K'.repeat(14)}==`,
  'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig==',
  'Bearer abc',
  'Bearer',
  ...VALUES,
  ...VALUES.map((v) => v.slice(0, v.length - 1)),
  'AKIA',
  'AKIAIOSFODNN7EXAMPL',
  'xAKIAIOSFODNN7EXAMPLE',
  'AKIAIOSFODNN7EXAMPLEZ',
  'sk-',
  'sk-short',
  'risk-assessment',
  'task-0123456789abcdefghijklmnop',
  'hunter2',
  ' ',
  '\n',
  '=',
  ': ',
  '"',
  'é',
  '日本語',
  '😀',
  '👩‍💻',
  'a',
  'Z9',
  '0123456789',
  'lorem ipsum dolor sit amet ',
];

/** A random text made of `FRAGMENTS`. */
export const arbText = (maxFragments = 60): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6, unit: 'grapheme' })), {
      maxLength: maxFragments,
    })
    .map((parts) => parts.join(''));

/** `text` cut at the given (arbitrary, possibly mid-character) code-unit positions. */
export function chunk(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let prev = 0;
  for (const p of [...points, text.length]) {
    out.push(text.slice(prev, p));
    prev = p;
  }
  return out;
}

/** A text with its chunking at random code-unit positions. */
export const arbChunkedText = (maxFragments?: number): fc.Arbitrary<{ text: string; chunks: string[] }> =>
  fc
    .tuple(arbText(maxFragments), fc.array(fc.nat(), { maxLength: 80 }))
    .map(([text, cuts]) => ({ text, chunks: chunk(text, cuts) }));
