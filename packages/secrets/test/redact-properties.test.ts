/**
 * Properties of the redactor over generated text (random strings mixed with
 * real secret shapes, replacement tokens, brackets and the configured values
 * in their encodings): redaction is idempotent, no configured value survives
 * in any encoding, findings are sorted and disjoint, and the single keyword
 * pass finds what each detector finds on its own.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTORS } from '../src/redact/detectors/index.js';
import { createRedactor, DEFAULT_REPLACEMENT } from '../src/redact/redactor.js';
import type { Finding } from '../src/redact/types.js';
import { embed, SAMPLES } from './redact-samples.js';

/** The encodings a value must never appear in, computed here independently of values.ts. */
function encodings(value: string | Uint8Array): string[] {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
  const raw = typeof value === 'string' ? value : new TextDecoder('utf-8', { fatal: false }).decode(value);
  const out = [
    bytes.toString('base64'),
    bytes.toString('base64').replace(/=+$/, ''),
    bytes.toString('base64url'),
  ];
  out.push(bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_'));
  if (Buffer.from(raw, 'utf8').equals(bytes)) {
    out.push(raw, JSON.stringify(raw).slice(1, -1));
    try {
      out.push(encodeURIComponent(raw));
    } catch {
      // a lone surrogate has no URL encoding
    }
  }
  return out.filter((e) => e.length > 0);
}

const PIECES = [
  ...SAMPLES.slice(0, 30).map((s) => embed(s, '', '').text),
  DEFAULT_REPLACEMENT,
  '[',
  ']',
  ' ',
  '\n',
  '"',
  '=',
  'sk-',
  'token=',
  'Bearer ',
  '://u:p4ssw0rd!@',
  'ghp_',
  '-----BEGIN PRIVATE KEY-----\n',
];

const arbValue = fc.oneof(
  fc.string({ minLength: 1, maxLength: 10 }),
  fc.string({ unit: fc.constantFrom('a', 'b', '[', ']', 'D', 'E'), minLength: 1, maxLength: 5 }),
  fc.constantFrom('ACT', 'E', '[RED', 'D]', ']x', 'x[', DEFAULT_REPLACEMENT, 'REDACTED]x', 's3cr3t-v@lue'),
  fc.uint8Array({ minLength: 1, maxLength: 8 }),
);

/** Values, and a text built from random strings, known shapes and those values in their encodings. */
const arbCase = fc.array(arbValue, { maxLength: 3 }).chain((values) => {
  const encoded = values.flatMap(encodings);
  const piece = fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 2, arbitrary: fc.constantFrom(...PIECES) },
    {
      weight: 1,
      arbitrary: fc.string({ unit: fc.constantFrom('a', '1', '[', ']', 'D', '=', '_', '/'), maxLength: 8 }),
    },
    ...(encoded.length > 0 ? [{ weight: 3, arbitrary: fc.constantFrom(...encoded) }] : []),
  );
  return fc.record({
    values: fc.constant(values),
    text: fc.array(piece, { maxLength: 14 }).map((p) => p.join('')),
  });
});

/** True when every occurrence of `needle` in `text` lies inside an occurrence of the replacement. */
function onlyInsideTokens(text: string, needle: string): boolean {
  const tokens: Array<[number, number]> = [];
  for (let i = text.indexOf(DEFAULT_REPLACEMENT); i !== -1; i = text.indexOf(DEFAULT_REPLACEMENT, i + 1))
    tokens.push([i, i + DEFAULT_REPLACEMENT.length]);
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1))
    if (!tokens.some(([s, e]) => s <= i && i + needle.length <= e)) return false;
  return true;
}

function disjoint(findings: readonly Finding[], length: number): boolean {
  return findings.every((f, i) => {
    const next = findings[i + 1];
    return (
      Number.isInteger(f.start) &&
      f.start >= 0 &&
      f.start < f.end &&
      f.end <= length &&
      (next === undefined || f.end <= next.start)
    );
  });
}

describe('redaction properties', () => {
  it('redact is idempotent', () => {
    fc.assert(
      fc.property(arbCase, ({ values, text }) => {
        const r = createRedactor({ values });
        const once = r.redact(text);
        expect(r.redact(once)).toBe(once);
      }),
      { numRuns: 1500 },
    );
  });

  it('the output never contains a configured value in any supported encoding (outside replacement tokens)', () => {
    fc.assert(
      fc.property(arbCase, ({ values, text }) => {
        const out = createRedactor({ values }).redact(text);
        for (const v of values) for (const e of encodings(v)) expect(onlyInsideTokens(out, e), e).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('findings are sorted, inside the text, and never overlap', () => {
    fc.assert(
      fc.property(arbCase, fc.boolean(), ({ values, text }, entropy) => {
        expect(disjoint(createRedactor({ values, entropy }).find(text), text.length)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('the single keyword pass finds what every detector finds on its own', () => {
    const r = createRedactor();
    fc.assert(
      fc.property(arbCase, ({ text }) => {
        const alone = DEFAULT_DETECTORS.flatMap((d) => d.find(text));
        for (const f of alone)
          expect(r.find(text).some((g) => g.start <= f.start && f.end <= g.end)).toBe(true);
        for (const g of r.find(text)) expect(alone.some((f) => f.start === g.start)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
