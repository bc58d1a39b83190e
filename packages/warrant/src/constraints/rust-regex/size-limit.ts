// Rust's compiled-size limit (10 MiB of NFA) as a conservative cost model.
import { utf8Length } from './chars.js';
import { invalid, TOO_BIG } from './errors.js';
import type { CharSet, Hir } from './hir.js';

// Calibrated against regex 1.13.1 with 1e6 units for the limit: the largest
// accepted `X{n}` puts a literal at ~3 units per UTF-8 byte, `.` at ~40, `\d`
// at ~150, `\w` at ~2000 and the most fragmented classes tried at ~2700; the
// model below over-estimates each (48 + 10 per range, 4 per byte), so
// anything Rust refuses for size is refused here too.

const COST_LIMIT = 1_000_000;
/** Stand-in range count before scanning; above any class a 4 KiB pattern can build. */
const UNSCANNED_RANGES = 20_000;

let allCodePoints: string | undefined;
const rangeCounts = new Map<string, number>();

/**
 * Number of maximal code point ranges in a class, scanning every scalar value
 * once (cached). It alternates between the class and its complement rather
 * than using `X+`: Node 20's V8 mis-handles quantified `v`-mode classes whose
 * contents are empty (`/^[^]+$/v` fails on "ab"); single-character tests, the
 * only kind matching uses, are unaffected.
 */
function countRanges(src: string, ci: boolean): number {
  const key = `${ci ? 'i' : 'c'}${src}`;
  let n = rangeCounts.get(key);
  if (n !== undefined) return n;
  if (allCodePoints === undefined) {
    const parts: string[] = [];
    for (let start = 0; start < 0x110000; start += 0x1000) {
      const chunk: number[] = [];
      for (let c = start; c < start + 0x1000; c++) if (c < 0xd800 || c > 0xdfff) chunk.push(c);
      parts.push(String.fromCodePoint(...chunk));
    }
    allCodePoints = parts.join('');
  }
  const flags = ci ? 'giv' : 'gv';
  const inside = new RegExp(src, flags);
  const outside = new RegExp(`[^${src}]`, flags);
  n = 0;
  for (let at = 0; ; ) {
    inside.lastIndex = at;
    const run = inside.exec(allCodePoints);
    if (run === null) break;
    n++;
    outside.lastIndex = run.index;
    const gap = outside.exec(allCodePoints);
    if (gap === null) break;
    at = gap.index;
  }
  if (rangeCounts.size > 1024) rangeCounts.clear();
  rangeCounts.set(key, n);
  return n;
}

function sizeCost(h: Hir, ranges: (set: CharSet & { t: 'class' }) => number): number {
  switch (h.t) {
    case 'empty':
      return 0;
    case 'look':
      return 4;
    case 'char': {
      const s = h.set;
      if (s.t === 'cp') return 4 * utf8Length(s.c);
      if (s.t === 'dot') return 48 + 10 * (s.not.length + 1);
      return 48 + 10 * (Number.isFinite(s.bound) ? s.bound : ranges(s));
    }
    case 'cat':
      return h.items.reduce((n, i) => n + sizeCost(i, ranges), 0);
    case 'alt':
      return h.items.reduce((n, i) => n + sizeCost(i, ranges) + 4, 0);
    case 'rep': {
      const c = sizeCost(h.sub, ranges);
      const optional = Number.isFinite(h.max) ? h.max - h.min : 1;
      // +1 per copy so that even empty bodies cannot nest into unbounded work.
      return Math.min(COST_LIMIT + 1, h.min * (c + 1) + optional * (c + 8));
    }
  }
}

/** Distinct classes one compilation may scan (up to ~90 ms each), so hostile patterns cannot stall compilation. */
const MAX_SCANS = 3;

export function checkSize(h: Hir): void {
  if (sizeCost(h, () => UNSCANNED_RANGES) <= COST_LIMIT) return;
  const scanned = new Map<string, number>();
  const ranges = (s: CharSet & { t: 'class' }): number => {
    const key = `${s.ci}${s.src}`;
    let n = scanned.get(key);
    if (n === undefined) {
      n = scanned.size < MAX_SCANS ? countRanges(s.src, s.ci) : UNSCANNED_RANGES;
      scanned.set(key, n);
    }
    return n;
  };
  if (sizeCost(h, ranges) > COST_LIMIT) throw invalid(TOO_BIG);
}
