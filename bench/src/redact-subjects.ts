/**
 * What the redaction benchmark runs over the corpus: secretlint's
 * `lintSource` with the recommended preset (the baseline), Warden's
 * `redact`, its streams fed in chunks, and a one-regex floor. Each subject
 * can also say which spans it flags, for recall.
 */
import { once } from 'node:events';
import type { Transform } from 'node:stream';
import { finished } from 'node:stream/promises';
import { lintSource } from '@secretlint/core';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import { createRedactor, createRedactStream, createRedactTransformStream, redact } from '@warden/secrets';
import type { Span } from './redact-score.js';

const SECRETLINT_CONFIG = { rules: [{ id: recommendedPreset.meta.id, rule: recommendedPreset }] };

/** secretlint's findings on `text` as one in-memory source (what its CLI does per file, minus the file I/O). */
export async function secretlintSpans(text: string): Promise<Span[]> {
  const result = await lintSource({
    source: { filePath: '/bench/corpus.txt', content: text, contentType: 'text' },
    options: { config: SECRETLINT_CONFIG },
  });
  return result.messages.map((m) => ({ start: m.range[0], end: m.range[1], kind: m.ruleId }));
}

/** Warden's findings with the default detectors: the spans `redact(text)` replaces. */
export function wardenSpans(text: string): Span[] {
  return createRedactor()
    .find(text)
    .map((f) => ({ start: f.start, end: f.end, kind: f.type }));
}

export { redact as wardenRedact };

/**
 * Cuts `text` into chunks whose lengths `nextSize` draws, never between the
 * two halves of a surrogate pair (a stream that encodes to UTF-8 would turn
 * a lone half into U+FFFD, and the output would differ for a wrong reason).
 */
export function chunk(text: string, nextSize: () => number): string[] {
  const out: string[] = [];
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + Math.max(1, nextSize()));
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++;
    out.push(text.slice(at, end));
    at = end;
  }
  return out;
}

/** Feeds `chunks` through a fresh Node `Transform` from `createRedactStream()`, honouring back-pressure. */
export async function throughNodeStream(chunks: readonly string[]): Promise<string> {
  const stream: Transform = createRedactStream();
  const out: string[] = [];
  if (!stream.readableObjectMode) stream.setEncoding('utf8');
  stream.on('data', (d: string | Buffer) => {
    out.push(typeof d === 'string' ? d : d.toString('utf8'));
  });
  const done = finished(stream);
  for (const c of chunks) if (!stream.write(c)) await once(stream, 'drain');
  stream.end();
  await done;
  return out.join('');
}

/** Feeds `chunks` through a fresh WHATWG `TransformStream` from `createRedactTransformStream()`. */
export async function throughWebStream(chunks: readonly string[]): Promise<string> {
  const stream = createRedactTransformStream();
  const reading = (async () => {
    const out: string[] = [];
    for await (const c of stream.readable) out.push(c);
    return out.join('');
  })();
  const writer = stream.writable.getWriter();
  for (const c of chunks) {
    await writer.ready;
    // A write error also errors the readable side, where `reading` reports it.
    writer.write(c).catch(() => {});
  }
  await writer.close();
  return reading;
}

/**
 * The floor: one pass of a single V8 regex over the text (a few well-known
 * prefixes, match only). No scanner that looks at every character can do
 * much better in JavaScript.
 */
const FLOOR_PATTERN = /\b(?:AKIA|ghp_|sk-|xox[bap]-)[A-Za-z0-9_-]{16,}/g;
export function floorScan(text: string): number {
  let n = 0;
  FLOOR_PATTERN.lastIndex = 0;
  while (FLOOR_PATTERN.exec(text) !== null) n++;
  return n;
}
