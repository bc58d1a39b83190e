/**
 * The Node `Transform`: bytes split anywhere (mid-character too) give the
 * whole-text redaction; back-pressure holds; errors fail closed.
 */
import { once } from 'node:events';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactStream } from '../src/redact/stream.js';
import type { Finding } from '../src/redact/types.js';
import { arbText, chunk, testRedactor, VALUES } from './stream-support.js';

const redactor = testRedactor(VALUES);

/** Everything `source` yields, through a fresh redaction stream. */
async function through(source: Iterable<unknown> | AsyncIterable<unknown>, r = redactor): Promise<string> {
  let out = '';
  await pipeline(
    Readable.from(source, { objectMode: false }),
    createRedactStream({ redactor: r }),
    new Writable({
      decodeStrings: false,
      write(c: string, _enc, cb) {
        out += c;
        cb();
      },
    }),
  );
  return out;
}

describe('createRedactStream', () => {
  it('equals whole-text redaction for UTF-8 bytes cut anywhere, mid-character included', async () => {
    await fc.assert(
      fc.asyncProperty(arbText(), fc.array(fc.nat(), { maxLength: 40 }), async (text, cuts) => {
        const bytes = Buffer.from(text, 'utf8');
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks = [...points, bytes.length].map((p, i) => bytes.subarray(points[i - 1] ?? 0, p));
        expect(await through(chunks)).toBe(redactor.redact(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('reassembles a secret whose multi-byte character is split across Buffer chunks', async () => {
    const text = `value: ${VALUES[2]} and 😀 done`;
    const bytes = Buffer.from(text, 'utf8');
    const emoji = bytes.indexOf(Buffer.from('😀', 'utf8'));
    for (let at = emoji + 1; at < emoji + 4; at++) {
      const out = await through([bytes.subarray(0, at), bytes.subarray(at)]);
      expect(out).toBe('value: [REDACTED] and 😀 done');
      expect(out).not.toContain('\uFFFD');
    }
  });

  it('takes strings and bytes mixed, and strings in another encoding', async () => {
    const text = `a ${VALUES[0]} b AKIAIOSFODNN7EXAMPLE c`;
    const s = createRedactStream({ redactor });
    s.write(Buffer.from(text.slice(0, 5)));
    s.write(text.slice(5, 12));
    s.write(Buffer.from(text.slice(12), 'utf8').toString('hex'), 'hex');
    s.end();
    let out = '';
    for await (const c of s) out += c;
    expect(out).toBe('a [REDACTED] b [REDACTED] c');
  });

  it('renders findings with the given replacement, at whole-stream offsets', async () => {
    const byOffset = (f: Finding) => `<${f.type}@${f.start}>`;
    const r = testRedactor(VALUES, byOffset);
    const text = `${'x '.repeat(300)}AKIAIOSFODNN7EXAMPLE ${'y '.repeat(300)}${VALUES[1]}`;
    let out = '';
    const s = createRedactStream({ redactor: r, replacement: byOffset });
    const done = (async () => {
      for await (const c of s) out += c;
    })();
    for (const c of chunk(text, [7, 100, 601, 602, 900, 1210])) s.write(c);
    s.end();
    await done;
    expect(out).toBe(r.redact(text));
    expect(out).toContain('<aws-access-key-id@600>');
  });

  it('honours highWaterMark: writes report back-pressure until the reader drains', async () => {
    const s = createRedactStream({ redactor }, { highWaterMark: 1024 });
    let written = 0;
    while (s.write('lorem ipsum dolor sit amet '.repeat(10))) {
      written += 270;
      expect(written).toBeLessThan(16 * 1024);
    }
    expect(s.writableNeedDrain).toBe(true);
    const drained = once(s, 'drain');
    s.resume();
    await drained;
    s.destroy();
  });

  it('passes 10 MB of random chunks through with whole-text output', async () => {
    const pieces = ['AKIAIOSFODNN7EXAMPLE ', ...VALUES, ' log line ünïcødé 😀 ', 'sk-', 'z'.repeat(500)];
    const parts: string[] = [];
    let seed = 7;
    for (let size = 0; size < 10 * 1024 * 1024; ) {
      seed = (seed * 48271) % 2147483647;
      const p = pieces[seed % pieces.length] as string;
      parts.push(p);
      size += p.length;
    }
    const text = parts.join('');
    const bytes = Buffer.from(text, 'utf8');
    const sizes = [1, 17, 4096, 65536];
    const chunks: Buffer[] = [];
    for (let at = 0, i = 0; at < bytes.length; i++) {
      const n = (sizes[i % 4] as number) + (i % 13);
      chunks.push(bytes.subarray(at, at + n));
      at += n;
    }
    expect(await through(chunks)).toBe(redactor.redact(text));
  });
});

describe('createRedactStream: errors fail closed', () => {
  it('propagates a source error through pipeline and drops what it held back', async () => {
    let out = '';
    const source = async function* () {
      yield `safe ${'x'.repeat(500)} `;
      yield 'sk-abcdefghijklmn';
      throw new Error('upstream broke');
    };
    const redacting = createRedactStream({ redactor });
    await expect(
      pipeline(
        source(),
        redacting,
        new Writable({
          write(c: Buffer, _enc, cb) {
            out += c.toString('utf8');
            cb();
          },
        }),
      ),
    ).rejects.toThrow('upstream broke');
    expect(redacting.destroyed).toBe(true);
    expect(out.startsWith('safe ')).toBe(true);
    expect(out).not.toContain('sk-');
  });

  it('errors when the redactor throws, emitting nothing more', async () => {
    const broken = {
      ...redactor,
      find: () => {
        throw new Error('detector failed');
      },
    };
    await expect(through(['a'.repeat(10_000)], broken)).rejects.toThrow('detector failed');
  });

  it('refuses a chunk that is not text or bytes', () => {
    const s = createRedactStream({ redactor });
    expect(() => s.write({} as unknown as string)).toThrow(TypeError);
  });

  it('refuses options without a redactor shape', () => {
    expect(() => createRedactStream({ redactor: {} as never })).toThrow(TypeError);
  });
});
