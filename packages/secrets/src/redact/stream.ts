/**
 * Streaming redaction: a Node `Transform` and a WHATWG `TransformStream` over
 * one core (stream-core.ts). For any chunking of a text the output is exactly
 * `redactor.redact(text)`, and no part of a secret split across chunks is
 * ever emitted. The output lags the input by up to about 2 x `holdback` code
 * units (what could still become part of a secret) and catches up at the end.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createRedactor, DEFAULT_REPLACEMENT } from './redactor.js';
import { RedactBuffer, type ReplaceFinding } from './stream-core.js';
import type { Redactor, RedactorOptions } from './types.js';

/**
 * A redactor built elsewhere (a scope's, a shared one). The stream finds with
 * it and renders each finding itself, so give the `replacement` the redactor
 * was created with if it was not the default.
 */
export interface ExistingRedactorOptions {
  readonly redactor: Redactor;
  /** The `replacement` the redactor was created with (default `[REDACTED]`). */
  readonly replacement?: RedactorOptions['replacement'];
}

/** What the redaction streams take: the options of `createRedactor`, or a redactor already built. */
export type RedactStreamOptions = RedactorOptions | ExistingRedactorOptions;

/** Node stream settings of `createRedactStream`. */
export interface RedactNodeStreamOptions {
  /** Node's buffering threshold for each side (default 16 KiB); `write()` returns false beyond it. */
  readonly highWaterMark?: number;
  /** Destroys the stream when aborted. */
  readonly signal?: AbortSignal;
}

function newBuffer(options: RedactStreamOptions): RedactBuffer {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const redactor = 'redactor' in options ? options.redactor : createRedactor(options);
  if (redactor === null || typeof redactor !== 'object' || typeof redactor.find !== 'function')
    throw new TypeError('options.redactor must be a Redactor');
  const r = options.replacement ?? DEFAULT_REPLACEMENT;
  if (typeof r !== 'string' && typeof r !== 'function')
    throw new TypeError('options.replacement must be a string or a function');
  const replace: ReplaceFinding = typeof r === 'function' ? r : () => r;
  return new RedactBuffer(redactor, replace);
}

/**
 * A Node `Transform` that redacts secrets from text: strings or UTF-8 bytes
 * in (a character split across `Buffer` chunks is reassembled), UTF-8 strings
 * out. It holds back what could still become a secret and releases it once
 * it cannot, or at the end. On error or destroy, held text is dropped.
 *
 * @example
 * ```ts
 * import { pipeline } from 'node:stream/promises';
 * await pipeline(process.stdin, createRedactStream({ values: [apiKey] }), process.stdout);
 * ```
 */
export function createRedactStream(
  options: RedactStreamOptions = {},
  streamOptions: RedactNodeStreamOptions = {},
): Transform {
  const buffer = newBuffer(options);
  const decoder = new StringDecoder('utf8');
  return new Transform({
    decodeStrings: false,
    encoding: 'utf8',
    ...(streamOptions.highWaterMark !== undefined && { highWaterMark: streamOptions.highWaterMark }),
    ...(streamOptions.signal !== undefined && { signal: streamOptions.signal }),
    transform(chunk: unknown, encoding: BufferEncoding | 'buffer', callback: TransformCallback) {
      try {
        const out = buffer.push(decodeChunk(decoder, chunk, encoding));
        callback(null, out === '' ? undefined : out);
      } catch (err) {
        buffer.discard();
        callback(err as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        const out = buffer.push(decoder.end()) + buffer.end();
        callback(null, out === '' ? undefined : out);
      } catch (err) {
        buffer.discard();
        callback(err as Error);
      }
    },
    destroy(err, callback) {
      buffer.discard();
      callback(err);
    },
  });
}

/** Text of one written chunk; bytes go through the decoder so a split UTF-8 sequence waits for its rest. */
function decodeChunk(decoder: StringDecoder, chunk: unknown, encoding: BufferEncoding | 'buffer'): string {
  if (typeof chunk === 'string') {
    // A string written after bytes that ended mid-character: the dangling bytes become U+FFFD first.
    const dangling = decoder.end();
    return encoding === 'buffer' || encoding === 'utf8' || encoding === 'utf-8'
      ? dangling + chunk
      : dangling + decoder.write(Buffer.from(chunk, encoding));
  }
  if (chunk instanceof Uint8Array) return decoder.write(chunk as Buffer);
  throw new TypeError('the redaction stream takes strings or bytes');
}

/**
 * A WHATWG `TransformStream` of text that redacts secrets, for `pipeThrough`
 * (an LLM's token stream, a `fetch` body after `TextDecoderStream`). Same
 * guarantee as `createRedactStream`: the output equals whole-text redaction.
 *
 * @example
 * ```ts
 * const safe = modelTokens.pipeThrough(createRedactTransformStream({ values: [apiKey] }));
 * ```
 */
export function createRedactTransformStream(
  options: RedactStreamOptions = {},
): TransformStream<string, string> {
  const buffer = newBuffer(options);
  return new TransformStream<string, string>({
    transform(chunk, controller) {
      if (typeof chunk !== 'string') throw new TypeError('the redaction stream takes strings');
      try {
        const out = buffer.push(chunk);
        if (out !== '') controller.enqueue(out);
      } catch (err) {
        buffer.discard();
        throw err;
      }
    },
    flush(controller) {
      const out = buffer.end();
      if (out !== '') controller.enqueue(out);
    },
  });
}
