/**
 * Figures and printing of the vault benchmark. Each load line runs in
 * several rounds, interleaved with the bare Fastify route (the baseline) at
 * the same connection count; a line's req/s is the median of its rounds,
 * its ratio the median of per-round ratios against the baseline's run of
 * the same round (paired, so a burst of load from another job cancels out
 * instead of skewing one side), its latency percentiles those of every
 * response of every round.
 */
import { type LoadResult, percentile } from './vault-load.js';

/** One line of a table. */
export interface Line {
  id: 'bare' | 'push' | 'burn' | 'multi' | 'redis';
  name: string;
  rps: number;
  /** vs the baseline; when absent, rps ÷ the baseline's rps. */
  ratio?: number;
  /** (max − min) ÷ median of the rounds' req/s. */
  range?: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  /** Cores busy on average over the runs (1.00 = one core); undefined if not measured. */
  serverCpu?: number | undefined;
  generatorCpu?: number | undefined;
  /** 2xx responses over all rounds (requests sent, for Redis). */
  count: number;
  /** A problem worth seeing next to the figures (non-2xx, errors, a pool that ran out). */
  note?: string;
}

/** A line that could not run, with the reason. */
export interface Skipped {
  name: string;
  reason: string;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

const mean = (xs: (number | undefined)[]): number | undefined =>
  xs.some((x) => x === undefined) ? undefined : (xs as number[]).reduce((a, b) => a + b, 0) / xs.length;

/** What went wrong in a run, if anything. */
export function noteOf(r: LoadResult): string | undefined {
  const parts: string[] = [];
  const other = Object.entries(r.other);
  if (other.length > 0) parts.push(`NON-2XX ${other.map(([s, n]) => `${n}×${s}`).join(' ')}`);
  if (r.errors > 0) parts.push(`${r.errors} socket errors`);
  if (r.exhausted) parts.push(`pool ran out after ${r.seconds.toFixed(1)} s`);
  return parts.length === 0 ? undefined : parts.join('; ');
}

/** One line from its rounds; `base` holds the baseline's runs of the same rounds, in the same order. */
export function aggregate(id: Line['id'], name: string, runs: LoadResult[], base: LoadResult[]): Line {
  const rps = runs.map((r) => r.rps);
  const mid = median(rps);
  const pooled = new Float64Array(runs.reduce((n, r) => n + r.latencies.length, 0));
  let at = 0;
  for (const r of runs) {
    pooled.set(r.latencies, at);
    at += r.latencies.length;
  }
  pooled.sort();
  const notes = [...new Set(runs.map(noteOf).filter((n) => n !== undefined))];
  return {
    id,
    name,
    rps: mid,
    ratio: median(runs.map((r, i) => r.rps / (base[i]?.rps ?? Number.NaN))),
    range: (Math.max(...rps) - Math.min(...rps)) / mid,
    p50: percentile(pooled, 50),
    p99: percentile(pooled, 99),
    serverCpu: mean(runs.map((r) => r.serverCpu)),
    generatorCpu: mean(runs.map((r) => r.generatorCpu)),
    count: pooled.length,
    ...(notes.length > 0 && { note: notes.join('; ') }),
  };
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 1) : '-');
const times = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? `${n.toFixed(2)}x` : '-');
const pct = (n: number | undefined) => (n === undefined ? '-' : `${Math.round(n * 100)}%`);

/** The table of one connection count; the line with id `bare` is the baseline. */
export function formatTable(connections: number, lines: Line[], skipped: Skipped[]): string {
  const base = lines.find((l) => l.id === 'bare');
  const cols: [string, number][] = [
    ['req/s', 9],
    ['range', 7],
    ['vs bare', 9],
    ['p50 ms', 9],
    ['p99 ms', 9],
    ['p99 vs bare', 13],
    ['srv CPU', 9],
    ['gen CPU', 9],
    ['n', 9],
  ];
  const out = [
    `\n${connections} connection${connections === 1 ? '' : 's'} — baseline: the bare Fastify route, same connections, same rounds`,
    `  ${'line'.padEnd(48)}${cols.map(([h, w]) => h.padStart(w)).join('')}`,
  ];
  for (const l of lines) {
    const ratio = l.ratio ?? (base === undefined ? undefined : l.rps / base.rps);
    const cells = [
      int(l.rps),
      l.range === undefined ? '' : `${Math.round(l.range * 100)}%`,
      times(ratio),
      ms(l.p50),
      ms(l.p99),
      times(base === undefined ? undefined : l.p99 / base.p99),
      pct(l.serverCpu),
      pct(l.generatorCpu),
      int(l.count),
    ];
    const row = cells.map((c, i) => c.padStart((cols[i] as [string, number])[1])).join('');
    out.push(`  ${l.name.padEnd(48)}${row}${l.note === undefined ? '' : `  ${l.note}`}`);
  }
  for (const s of skipped) out.push(`  ${s.name.padEnd(48)}  skipped: ${s.reason}`);
  return out.join('\n');
}
