/**
 * Timed rounds for whole-corpus passes. A pass takes tens of milliseconds to
 * seconds, so there is no batching: every round runs each line once, in a
 * fresh shuffled order (fixed seed), and every line's throughput is compared
 * with the baseline's (the first line) in the same round, so load bursts and
 * GC pressure hit both sides of each ratio.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from './redact-corpus.js';

export interface Line {
  id: string;
  name: string;
  /** The text one pass covers (its UTF-8 size gives MB/s). */
  text: string;
  run: () => unknown;
}

export interface Measured {
  line: Line;
  /** Median ms per pass over rounds. */
  msPerPass: number;
  /** UTF-8 MB (10^6 bytes) per second at the median pass. */
  mbPerS: number;
  /** Median over rounds of this line's MB/s ÷ the baseline's MB/s in the same round. */
  ratio: number;
  /** Median absolute deviation of the passes, relative to the median. */
  spread: number;
  /** ms per pass, round by round. */
  samples: number[];
}

/** Results land here so no pass can be optimized away. */
export let sink: unknown;

const require = createRequire(import.meta.url);

/** A package's version, or `?`. Workspace packages do not export their package.json: read it from node_modules. */
export function versionOf(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
      const file = path.join(dir, 'node_modules', pkg, 'package.json');
      if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
      if (path.dirname(dir) === dir) return '?';
    }
  }
}

/** UTF-8 size of `s` in MB (10^6 bytes), two decimals. */
export function mb(s: string): string {
  return (Buffer.byteLength(s) / 1e6).toFixed(2);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Runs `rounds` rounds (fewer once `budgetMs` is spent, never fewer than
 * `minRounds`) and returns one result per line, baseline first.
 */
export async function measure(
  lines: readonly Line[],
  o: { rounds: number; minRounds: number; budgetMs: number },
): Promise<Measured[]> {
  const samples = new Map<Line, number[]>(lines.map((l) => [l, []]));
  const random = seededRandom(0x9e3779b9);
  const start = performance.now();
  for (let r = 0; r < o.rounds; r++) {
    if (r >= o.minRounds && performance.now() - start > o.budgetMs) break;
    const order = [...lines];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as Line, order[i] as Line];
    }
    for (const l of order) {
      const t = performance.now();
      sink = await l.run();
      (samples.get(l) as number[]).push(performance.now() - t);
    }
  }
  const base = lines[0] as Line;
  const baseRate = (samples.get(base) as number[]).map((ms) => Buffer.byteLength(base.text) / ms);
  return lines.map((line) => {
    const xs = samples.get(line) as number[];
    const bytes = Buffer.byteLength(line.text);
    const med = median(xs);
    return {
      line,
      msPerPass: med,
      mbPerS: bytes / 1e6 / (med / 1000),
      ratio: median(xs.map((ms, i) => bytes / ms / (baseRate[i] as number))),
      spread: median(xs.map((x) => Math.abs(x - med))) / med,
      samples: xs,
    };
  });
}
