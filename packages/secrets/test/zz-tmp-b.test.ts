/**
 * Streamed redaction equals whole-text redaction with the real engine:
 * `createRedactor`'s detectors, exact values in their encodings, replacement
 * tokens already in the text, and texts many holdbacks long, cut anywhere.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTORS } from '../src/redact/detectors/index.js';
import { createRedactor } from '../src/redact/redactor.js';
import { createRedactTransformStream } from '../src/redact/stream.js';
import { RedactBuffer } from '../src/redact/stream-core.js';
import type { Finding, Redactor, RedactorOptions } from '../src/redact/types.js';
import { valueVariants } from '../src/redact/values.js';
import { embed, SAMPLES } from './redact-samples.js';
import { chunk } from './stream-support.js';

const VALUE = 'Tr0ub4dor&3-ünï😀';
/** A value that overlaps itself (`k3y-k3y-` at every 4th position of a run). */
const PERIODIC = 'k3y-k3y-k3y-k3y-';

/** Secrets in context, prefixes and near misses of each, encodings of the value, tokens, brackets. */
function fragments(maxSecretLength: number): string[] {
  const out = [
    ' ',
    '\n',
    '=',
    ': ',
    '"',
    "'",
    '[',
    ']',
    '[REDACTED]',
    '***',
    'é',
    '日本',
    '😀',
    'x',
    '0',
    '_',
    '-',
  ];
  out.push('lorem ipsum dolor sit amet, consectetur adipiscing elit\n', 'risk-assessment ', 'task-runner ');
  for (const s of SAMPLES) {
    if (s.secret.length > maxSecretLength) continue;
    out.push(embed(s, '', '').text, s.secret, s.secret.slice(0, Math.ceil(s.secret.length / 2)));
    out.push(`x${s.secret}`, `${s.secret}x`, s.secret.slice(0, -1));
  }
  for (const v of valueVariants(VALUE)) out.push(v, v.slice(1), v.slice(0, -1));
  return out;
}

const LOG = 'INFO 2025-01-01T00:00:00Z request served in 12ms path=/v1/items user=42\n';

/** Texts of `minLength` to `maxLength` pieces: secrets and their look-alikes among log lines. */
const arbText = (pieces: readonly string[], minLength: number, maxLength: number) =>
  fc.array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...pieces) },
      { weight: 2, arbitrary: fc.integer({ min: 1, max: 4 }).map((n) => LOG.repeat(n)) },
      { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
    ),
    { minLength, maxLength },
  );

function streamed(redactor: Redactor, chunks: readonly string[], options: RedactorOptions): string {
  const r = options.replacement ?? '[REDACTED]';
  const buffer = new RedactBuffer(redactor, typeof r === 'function' ? r : () => r);
  return chunks.map((c) => buffer.push(c)).join('') + buffer.end();
}

describe('streaming with the real detectors', () => {
  // Detectors of short secrets keep the holdback short, so texts of a few thousand
  // characters are cut many times and thousands of runs stay fast.
  const short = DEFAULT_DETECTORS.filter((d) => d.maxLength <= 450);
  const pieces = fragments(400);

  it.each<[string, RedactorOptions]>([
    ['[REDACTED]', { detectors: short, values: [VALUE] }],
    ['*** (the self-checking path)', { detectors: short, values: [VALUE], replacement: '***' }],
    [
      'a function of the finding',
      { detectors: short, values: [VALUE], replacement: (f: Finding) => `<${f.type}:${f.start}>` },
    ],
  ])('equals whole-text redaction for any chunking, replacement %s', (_name, options) => {
    const redactor = createRedactor(options);
    expect(redactor.holdback).toBeLessThan(1000);
    fc.assert(
      fc.property(arbText(pieces, 20, 120), fc.array(fc.nat(), { maxLength: 60 }), (parts, cuts) => {
        const text = parts.join('');
        expect(streamed(redactor, chunk(text, cuts), options)).toBe(redactor.redact(text));
      }),
      { numRuns: options.replacement === undefined ? 10000 : 3000 },
    );
  });

  it('equals whole-text redaction one code unit at a time', () => {
    const options: RedactorOptions = { detectors: short, values: [VALUE] };
    const redactor = createRedactor(options);
    fc.assert(
      fc.property(arbText(pieces, 20, 80), (parts) => {
        const text = parts.join('');
        expect(streamed(redactor, text.split(''), options)).toBe(redactor.redact(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('with every default detector and entropy, over texts several holdbacks long', () => {
    const options: RedactorOptions = { values: [VALUE], entropy: true };
    const redactor = createRedactor(options);
    const all = fragments(Number.POSITIVE_INFINITY);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...all), fc.constant(LOG.repeat(40))), {
          minLength: 20,
          maxLength: 60,
        }),
        fc.array(fc.nat(), { maxLength: 200 }),
        (parts, cuts) => {
          const text = parts.join('');
          expect(streamed(redactor, chunk(text, cuts), options)).toBe(redactor.redact(text));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('as a WHATWG stream of tokens, with the defaults', async () => {
    const redactor = createRedactor();
    const secrets = SAMPLES.map((s) => embed(s).text).join('\n');
    const text = `${'model says hello\n'.repeat(1500)}${secrets}\n${'and goodbye\n'.repeat(1500)}`;
    let at = 0;
    let i = 0;
    const source = new ReadableStream<string>({
      pull(controller) {
        if (at >= text.length) return controller.close();
        const n = 1 + (i++ % 5);
        controller.enqueue(text.slice(at, at + n));
        at += n;
      },
    });
    let out = '';
    for await (const c of source.pipeThrough(createRedactTransformStream())) out += c;
    expect(out).toBe(redactor.redact(text));
    for (const s of SAMPLES) expect(out).not.toContain(s.secret);
  });

  it('bounds memory on a run of overlapping secrets, which comes out as several replacements', () => {
    // A value that overlaps itself: the redactor merges a run of it into one finding, of any length.
    const options: RedactorOptions = { detectors: false, values: [PERIODIC] };
    const redactor = createRedactor(options);
    const h = redactor.holdback;
    const text = `before ${'k3y-'.repeat(10 * h)} after\n`.repeat(3);
    expect(redactor.find(text)[0]?.end).toBeGreaterThan(h * 30);
    const buffer = new RedactBuffer(redactor, () => '[REDACTED]');
    let out = '';
    for (const c of chunk(
      text,
      Array.from({ length: 400 }, (_, i) => i * 337),
    )) {
      out += buffer.push(c);
      expect(buffer.pending).toBeLessThanOrEqual(4 * h + 1 + c.length);
    }
    out += buffer.end();
    expect(out).not.toContain('k3y');
    expect(out).toMatch(/^before (\[REDACTED\])+ after\n/);
    expect(collapse(out)).toBe(redactor.redact(text));
  });

  it('never leaks from runs of adjacent and overlapping secrets, whatever the chunking', () => {
    const options: RedactorOptions = { detectors: short, values: [VALUE, PERIODIC] };
    const redactor = createRedactor(options);
    const variants = [...valueVariants(VALUE), PERIODIC];
    const secrets = [...variants, ...SAMPLES.filter((s) => s.secret.length < 200).map((s) => s.secret)];
    const run = fc.integer({ min: 1, max: 400 }).map((n) => 'k3y-'.repeat(n));
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...secrets), run, fc.constantFrom(' ', 'x', LOG)), {
          minLength: 30,
          maxLength: 150,
        }),
        fc.array(fc.nat(), { maxLength: 60 }),
        (parts, cuts) => {
          const text = parts.join('');
          const out = streamed(redactor, chunk(text, cuts), options);
          for (const v of variants) expect(out).not.toContain(v);
          expect(collapse(out)).toBe(collapse(redactor.redact(text)));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

/** Adjacent replacement tokens as one: how a run longer than the holdback differs from whole-text output. */
function collapse(text: string): string {
  return text.replace(/(?:\[REDACTED\])+/g, '[REDACTED]');
}
