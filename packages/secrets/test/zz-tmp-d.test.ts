/**
 * The WHATWG `TransformStream`, as an LLM's output would use it: token-sized
 * chunks through `pipeThrough`, the output equal to whole-text redaction.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactTransformStream } from '../src/redact/stream.js';
import { arbText, testRedactor, VALUES } from './stream-support.js';

const redactor = testRedactor(VALUES);

/** A ReadableStream of `chunks`, then an error if given. */
function source(chunks: readonly string[], error?: Error): ReadableStream<string> {
  let i = 0;
  return new ReadableStream<string>({
    pull(controller) {
      const c = chunks[i++];
      if (c !== undefined) controller.enqueue(c);
      else if (error !== undefined) controller.error(error);
      else controller.close();
    },
  });
}

/** `text` as LLM-like tokens of 1 to 5 UTF-16 code units, by the sizes given. */
function tokens(text: string, sizes: readonly number[]): string[] {
  const out: string[] = [];
  for (let at = 0, i = 0; at < text.length; i++) {
    const n = 1 + ((sizes[i % Math.max(1, sizes.length)] ?? 0) % 5);
    out.push(text.slice(at, at + n));
    at += n;
  }
  return out;
}

async function collect(stream: ReadableStream<string>, into: string[] = []): Promise<string> {
  for await (const c of stream) into.push(c);
  return into.join('');
}

describe('createRedactTransformStream', () => {
  it('redacts an LLM-like token stream through pipeThrough exactly as the whole text', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbText(),
        fc.array(fc.nat(), { minLength: 1, maxLength: 50 }),
        async (text, sizes) => {
          const out = await collect(
            source(tokens(text, sizes)).pipeThrough(createRedactTransformStream({ redactor })),
          );
          expect(out).toBe(redactor.redact(text));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('emits as it goes, never any part of a secret spread over tokens', async () => {
    const text = `Here is the key: ${VALUES[0]} and ${'more text '.repeat(30)}the end.`;
    const pieces: string[] = [];
    const out = await collect(
      source(tokens(text, [2, 4, 1, 3])).pipeThrough(createRedactTransformStream({ redactor })),
      pieces,
    );
    expect(out).toBe(`Here is the key: [REDACTED] and ${'more text '.repeat(30)}the end.`);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(p).not.toMatch(/hun|PASS/);
  });

  it('reads bytes after a TextDecoderStream', async () => {
    const text = `token ${VALUES[2]} 😀`;
    const bytes = new TextEncoder().encode(text);
    const byteSource = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 3) controller.enqueue(bytes.subarray(i, i + 3));
        controller.close();
      },
    });
    const out = await collect(
      byteSource.pipeThrough(new TextDecoderStream()).pipeThrough(createRedactTransformStream({ redactor })),
    );
    expect(out).toBe('token [REDACTED] 😀');
  });

  it('propagates a source error and drops what it held back', async () => {
    const pieces: string[] = [];
    const chunks = tokens(`safe ${'x'.repeat(200)} sk-abcdefghijklmnop`, [3, 5, 2]);
    const reading = collect(
      source(chunks, new Error('model stream broke')).pipeThrough(createRedactTransformStream({ redactor })),
      pieces,
    );
    await expect(reading).rejects.toThrow('model stream broke');
    expect(pieces.join('').startsWith('safe ')).toBe(true);
    expect(pieces.join('')).not.toContain('sk-');
  });

  it('errors on a chunk that is not a string', async () => {
    const bad = source([1 as unknown as string]).pipeThrough(createRedactTransformStream({ redactor }));
    await expect(collect(bad)).rejects.toThrow(TypeError);
  });
});
