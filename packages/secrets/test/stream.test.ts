/**
 * The streaming core: for any chunking, the concatenated output equals the
 * whole-text redaction, and what it holds stays bounded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RedactBuffer, safeCut } from '../src/redact/stream-core.js';
import type { Finding, Redactor } from '../src/redact/types.js';
import { arbChunkedText, arbText, testRedactor, VALUES } from './stream-support.js';

const byOffset = (f: Finding) => `<${f.type}@${f.start}-${f.end}>`;

/** Streams `chunks` through a fresh core and returns everything emitted. */
function streamed(redactor: Redactor, chunks: readonly string[], replace: (f: Finding) => string): string {
  const buffer = new RedactBuffer(redactor, replace);
  return chunks.map((c) => buffer.push(c)).join('') + buffer.end();
}

describe('RedactBuffer: streamed redaction equals whole-text redaction', () => {
  const redactor = testRedactor(VALUES);

  it('for any chunking of any text', () => {
    fc.assert(
      fc.property(arbChunkedText(), ({ text, chunks }) => {
        expect(chunks.join('')).toBe(text);
        expect(streamed(redactor, chunks, () => '[REDACTED]')).toBe(redactor.redact(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('with a replacement that depends on the finding, offsets included', () => {
    const r = testRedactor(VALUES, byOffset);
    fc.assert(
      fc.property(arbChunkedText(), ({ text, chunks }) => {
        expect(streamed(r, chunks, byOffset)).toBe(r.redact(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('one UTF-16 code unit at a time (surrogate pairs split too)', () => {
    fc.assert(
      fc.property(arbText(), (text) => {
        expect(streamed(redactor, text.split(''), () => '[REDACTED]')).toBe(redactor.redact(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('never emits a lone high surrogate at the end of a piece', () => {
    fc.assert(
      fc.property(arbChunkedText(), ({ chunks }) => {
        const buffer = new RedactBuffer(redactor, () => '[REDACTED]');
        for (const c of chunks) expect(buffer.push(c)).not.toMatch(/[\uD800-\uDBFF]$/);
      }),
      { numRuns: 500 },
    );
  });

  it('holds a secret that arrives one character at a time, and a key that keeps growing', () => {
    const key = 'sk-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ';
    const text = `${'x '.repeat(200)}${key}${' y'.repeat(200)}`;
    const out = streamed(redactor, text.split(''), () => '[REDACTED]');
    expect(out).toBe(`${'x '.repeat(200)}[REDACTED]${' y'.repeat(200)}`);
    expect(out).not.toContain('sk-abc');
  });

  it('keeps emitted text as context, so a boundary or a key id before the cut still counts', () => {
    // Whole text: `xAKIA...` is no key (no word boundary); the secret key counts next to its key id.
    const r = testRedactor([], '#');
    const body = `xAKIAIOSFODNN7EXAMPLE ${'p'.repeat(50)} AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`;
    // Every offset of the body against the cut points, one character at a time.
    for (let offset = 0; offset <= 2 * r.holdback; offset++) {
      const text = 'p'.repeat(offset) + body;
      expect(streamed(r, text.split(''), () => '#')).toBe(r.redact(text));
    }
    expect(r.redact(body)).toBe(`xAKIAIOSFODNN7EXAMPLE ${'p'.repeat(50)} # #`);
  });
});

describe('RedactBuffer: bounded memory', () => {
  it('holds a bounded amount over a 10 MB stream: 2 or, for overlapping secrets, 4 holdbacks + a chunk', () => {
    const redactor = testRedactor(VALUES);
    const h = redactor.holdback;
    const random = mulberry32(0x5eed);
    const pieces = [
      'AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
      `sk-${'a1B2'.repeat(20)}`,
      'Authorization: Bearer abcdefgh12345678\n',
      ...VALUES,
      'log line: nothing to see here, ünïcødé 😀 ',
      'x'.repeat(3000),
    ];
    const buffer = new RedactBuffer(redactor, () => '[REDACTED]');
    let total = 0;
    let maxPending = 0;
    let overlapping = 0;
    let out = 0;
    const parts: string[] = [];
    while (total < 10 * 1024 * 1024) {
      let c = '';
      const size = 1 + Math.floor(random() * 4096);
      while (c.length < size) c += pieces[Math.floor(random() * pieces.length)] as string;
      total += c.length;
      parts.push(c);
      out += buffer.push(c).length;
      maxPending = Math.max(maxPending, buffer.pending);
      expect(buffer.pending).toBeLessThanOrEqual(4 * h + 1 + c.length);
      expect(buffer.held).toBeLessThanOrEqual(5 * h + 1 + c.length);
      if (buffer.pending > 2 * h + 1 + c.length) overlapping++;
    }
    out += buffer.end().length;
    expect(out).toBe(redactor.redact(parts.join('')).length);
    expect(maxPending).toBeGreaterThan(h);
    // Beyond 2 x holdback only while a merged run of overlapping secrets straddles the cut: rarely.
    expect(overlapping).toBeLessThan(10);
  });
});

describe('safeCut', () => {
  it('moves the cut to the start of a finding that straddles it', () => {
    expect(safeCut('a'.repeat(20), [f(2, 4), f(8, 12)], 10)).toBe(8);
    expect(safeCut('a'.repeat(20), [f(2, 4), f(8, 10)], 10)).toBe(10);
    expect(safeCut('a'.repeat(20), [], 10)).toBe(10);
  });

  it('cuts inside a finding only when it starts before the floor (a merged run)', () => {
    expect(safeCut('a'.repeat(40), [f(0, 15)], 10, -20)).toBe(0);
    expect(safeCut('a'.repeat(40), [f(0, 15)], 10, 5)).toBe(10);
  });

  it('never splits a surrogate pair', () => {
    expect(safeCut('ab😀cd', [], 3)).toBe(2);
    expect(safeCut('ab😀cd', [], 4)).toBe(4);
  });
});

describe('RedactBuffer: misuse and a broken redactor', () => {
  it('refuses a bad holdback and findings that break the contract, failing closed', () => {
    const base = testRedactor();
    expect(() => new RedactBuffer({ ...base, holdback: -1 }, () => '')).toThrow(RangeError);
    const overlapping: Redactor = { ...base, holdback: 0, find: () => [f(0, 3), f(2, 4)] };
    expect(() => new RedactBuffer(overlapping, () => '').push('abcdef')).toThrow(RangeError);
  });

  it('refuses push after end', () => {
    const buffer = new RedactBuffer(testRedactor(), () => '');
    buffer.end();
    expect(() => buffer.push('x')).toThrow(TypeError);
  });
});

function f(start: number, end: number): Finding {
  return { type: 't', start, end, confidence: 'high' };
}

/** A seeded PRNG, so the 10 MB stream is the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
