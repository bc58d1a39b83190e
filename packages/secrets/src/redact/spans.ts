/**
 * Span arithmetic of the redactor: merging overlapping findings, keeping
 * replacement tokens already in the text intact, and rendering.
 */
import { confidenceRank } from './finding.js';
import type { Confidence } from './types.js';

/** A finding before it becomes a `Finding` object. */
export interface Span {
  start: number;
  end: number;
  type: string;
  confidence: Confidence;
}

/** Wider wins; at equal width, the more confident. */
function better(a: Span, b: Span): boolean {
  const wa = a.end - a.start;
  const wb = b.end - b.start;
  return wa > wb || (wa === wb && confidenceRank(a.confidence) > confidenceRank(b.confidence));
}

/**
 * Sorted, non-overlapping spans: overlapping spans become one, which takes
 * the type and confidence of its widest member. Spans that only touch stay
 * apart: whether the next finding starts exactly where one ends can depend on
 * text a stream has not seen yet, and a stream must not have to wait for it.
 */
export function mergeSpans(spans: Span[]): Span[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  let cur: Span | undefined;
  let widest: Span | undefined;
  for (const s of spans) {
    if (cur !== undefined && widest !== undefined && s.start < cur.end) {
      if (s.end > cur.end) cur.end = s.end;
      if (better(s, widest)) widest = s;
      continue;
    }
    if (cur !== undefined && widest !== undefined)
      out.push({ ...cur, type: widest.type, confidence: widest.confidence });
    cur = { ...s };
    widest = s;
  }
  if (cur !== undefined && widest !== undefined)
    out.push({ ...cur, type: widest.type, confidence: widest.confidence });
  return out;
}

/** Occurrences of `needle` in `text` (overlapping ones merged), sorted. */
export function occurrences(text: string, needle: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (needle.length === 0) return out;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) {
    const last = out[out.length - 1];
    if (last !== undefined && i < last[1]) last[1] = i + needle.length;
    else out.push([i, i + needle.length]);
  }
  return out;
}

/** Index of the first of the sorted disjoint `ranges` that ends after `at`. */
function firstEndingAfter(ranges: ReadonlyArray<[number, number]>, at: number): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ranges[mid] as [number, number])[1] > at) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Spans with the replacement tokens already in the text respected: a span
 * inside a token is dropped (`[REDACTED]` is never redacted again, even when
 * a value is a substring of it); a span that overlaps a token in part grows
 * to cover the whole token, so no token is ever half-replaced.
 */
export function respectTokens(spans: readonly Span[], tokens: ReadonlyArray<[number, number]>): Span[] {
  if (tokens.length === 0) return [...spans];
  const out: Span[] = [];
  for (const s of spans) {
    let start = s.start;
    let end = s.end;
    let inside = false;
    for (let i = firstEndingAfter(tokens, s.start); i < tokens.length; i++) {
      const [ts, te] = tokens[i] as [number, number];
      if (ts >= s.end) break;
      if (ts <= s.start && s.end <= te) {
        inside = true;
        break;
      }
      if (ts < start) start = ts;
      if (te > end) end = te;
    }
    if (!inside) out.push({ start, end, type: s.type, confidence: s.confidence });
  }
  return out;
}

/** A segment of rendered text: a piece of the input kept as is, or a replacement. */
export interface Segment {
  readonly outStart: number;
  readonly inStart: number;
  readonly inEnd: number;
  readonly replaced: boolean;
}

/** `text` with each span replaced by `replacement`, and how output offsets map back to input offsets. */
export function renderWithMap(
  text: string,
  spans: readonly Span[],
  replacement: string,
): { out: string; segments: Segment[] } {
  const segments: Segment[] = [];
  const parts: string[] = [];
  let length = 0;
  let pos = 0;
  const piece = (from: number, to: number) => {
    segments.push({ outStart: length, inStart: from, inEnd: to, replaced: false });
    parts.push(text.slice(from, to));
    length += to - from;
  };
  for (const s of spans) {
    if (s.start > pos) piece(pos, s.start);
    segments.push({ outStart: length, inStart: s.start, inEnd: s.end, replaced: true });
    parts.push(replacement);
    length += replacement.length;
    pos = s.end;
  }
  if (pos < text.length) piece(pos, text.length);
  return { out: parts.join(''), segments };
}

/** The input span that the output span `[start, end)` comes from (a replacement maps to all it replaced). */
export function toInputSpan(segments: readonly Segment[], start: number, end: number): [number, number] {
  const first = segments[segmentAt(segments, start)] as Segment;
  const last = segments[segmentAt(segments, end - 1)] as Segment;
  const inStart = first.replaced ? first.inStart : first.inStart + (start - first.outStart);
  const inEnd = last.replaced ? last.inEnd : last.inStart + (end - last.outStart);
  return [inStart, inEnd];
}

/** Index of the segment containing output offset `out`. */
function segmentAt(segments: readonly Segment[], out: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((segments[mid] as Segment).outStart <= out) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
