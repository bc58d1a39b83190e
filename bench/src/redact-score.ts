/**
 * Recall and false positives of one scanner on the corpus. A labelled range
 * counts as found when it lies fully inside one flagged span (touching or
 * overlapping spans are merged first, so a key flagged as two adjacent
 * pieces still covers it); the value recall asks the same of the secret
 * value of each label (see `valueRange` in redact-corpus.ts). A negative case counts as a false positive when
 * any flagged span overlaps it.
 */
import type { Corpus } from './redact-corpus.js';

/** A flagged span: [start, end) into the corpus text, and what flagged it. */
export interface Span {
  start: number;
  end: number;
  kind: string;
}

export interface Score {
  found: number;
  labels: number;
  recall: number;
  /** Case ids with at least one labelled range not found (distinct, sorted). */
  missedCases: string[];
  /** The same with each label's secret value (`Label.valueStart/valueEnd`) instead of its range. */
  valuesFound: number;
  valueRecall: number;
  missedValueCases: string[];
  /** Negative case instances flagged, out of `negatives`. */
  falsePositives: number;
  negatives: number;
  /** Distinct negative case ids flagged. */
  flaggedNegativeCases: string[];
  /** Spans overlapping the code and log filler, where no secret was put, by kind. */
  fillerSpans: number;
  fillerKinds: Map<string, number>;
}

function merge(spans: readonly Span[]): Array<[number, number]> {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Array<[number, number]> = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s.start <= last[1]) last[1] = Math.max(last[1], s.end);
    else out.push([s.start, s.end]);
  }
  return out;
}

/** Index of the last merged span starting at or before `x`, or -1. */
function lastStartingBefore(merged: ReadonlyArray<[number, number]>, x: number): number {
  let lo = 0;
  let hi = merged.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((merged[mid] as [number, number])[0] <= x) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

function overlapsAny(merged: ReadonlyArray<[number, number]>, start: number, end: number): boolean {
  const i = lastStartingBefore(merged, end - 1);
  return i >= 0 && (merged[i] as [number, number])[1] > start;
}

export function score(corpus: Corpus, spans: readonly Span[]): Score {
  const merged = merge(spans);
  const covered = (start: number, end: number): boolean => {
    const i = lastStartingBefore(merged, start);
    return i >= 0 && (merged[i] as [number, number])[1] >= end;
  };
  let found = 0;
  let valuesFound = 0;
  const missed = new Set<string>();
  const missedValues = new Set<string>();
  for (const l of corpus.labels) {
    if (covered(l.start, l.end)) found++;
    else missed.add(l.caseId);
    if (covered(l.valueStart, l.valueEnd)) valuesFound++;
    else missedValues.add(l.caseId);
  }
  let falsePositives = 0;
  const flagged = new Set<string>();
  for (const n of corpus.negatives) {
    if (overlapsAny(merged, n.start, n.end)) {
      falsePositives++;
      flagged.add(n.caseId);
    }
  }
  const fillerMerged = merge(corpus.filler.map(([start, end]) => ({ start, end, kind: '' })));
  let fillerSpans = 0;
  const fillerKinds = new Map<string, number>();
  for (const s of spans) {
    if (!overlapsAny(fillerMerged, s.start, s.end)) continue;
    fillerSpans++;
    fillerKinds.set(s.kind, (fillerKinds.get(s.kind) ?? 0) + 1);
  }
  return {
    found,
    labels: corpus.labels.length,
    recall: corpus.labels.length === 0 ? Number.NaN : found / corpus.labels.length,
    missedCases: [...missed].sort(),
    valuesFound,
    valueRecall: corpus.labels.length === 0 ? Number.NaN : valuesFound / corpus.labels.length,
    missedValueCases: [...missedValues].sort(),
    falsePositives,
    negatives: corpus.negatives.length,
    flaggedNegativeCases: [...flagged].sort(),
    fillerSpans,
    fillerKinds,
  };
}
