/**
 * A small, careful micro-benchmark harness.
 *
 * Operations are measured in groups. The first member of a group is its
 * baseline; every member is reported as a ratio against it. Within a group
 * the rounds are interleaved (round r runs every member once, in a shuffled
 * order), so drift in CPU frequency, GC pressure or noisy neighbours hits the
 * baseline and the subjects alike. Per member:
 *
 * 1. warm-up: the op runs for `warmupMs` (JIT tiers up, caches fill) and the
 *    count calibrates a batch size that takes about `roundMs`;
 * 2. `rounds` timed batches, interleaved with the other members;
 * 3. the time is the median of the per-round ns/op, with the median absolute
 *    deviation as a spread; the ratio is the median of the per-round ratios
 *    against the baseline's sample of the same round (paired, so a burst of
 *    load that hits one round cancels out instead of skewing one side).
 */

export interface Member {
  /** Stable key to look the result up by (targets). */
  id?: string;
  /** What the line is called. */
  name: string;
  /** One operation. Its result goes to a sink so the work cannot be optimized away. */
  op: () => unknown;
  /** The op returns a promise that must be awaited (e.g. WebCrypto-based libraries). */
  async?: boolean;
  /** Set when the member could not be set up; the line is printed with this reason instead of a time. */
  unavailable?: string;
}

export interface Group {
  title: string;
  /** The first member is the baseline. */
  members: Member[];
}

export interface Result {
  id?: string;
  name: string;
  nsPerOp: number;
  /** Median absolute deviation of the rounds, relative to the median. */
  spread: number;
  /** Ops per timed batch. */
  batch: number;
  /** Median over rounds of (this member's ns/op / the baseline's ns/op in the same round). */
  ratio: number;
  /** Per-round ns/op, in round order (comparable round by round within one group). */
  samples: number[];
  unavailable?: string;
}

export interface HarnessOptions {
  warmupMs: number;
  roundMs: number;
  rounds: number;
}

/** Results land here so the work cannot be optimized away. */
export let sink: unknown;

function nowNs(): bigint {
  return process.hrtime.bigint();
}

async function runBatch(m: Member, n: number): Promise<number> {
  const op = m.op;
  const t0 = nowNs();
  if (m.async) {
    for (let i = 0; i < n; i++) sink = await op();
  } else {
    for (let i = 0; i < n; i++) sink = op();
  }
  return Number(nowNs() - t0);
}

async function calibrate(m: Member, o: HarnessOptions): Promise<number> {
  const budget = o.warmupMs * 1e6;
  let n = 1;
  let spent = 0;
  let done = 0;
  while (spent < budget) {
    spent += await runBatch(m, n);
    done += n;
    n = Math.min(n * 2, 1 << 16);
  }
  const perOp = spent / done;
  return Math.max(1, Math.round((o.roundMs * 1e6) / perOp));
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Runs one group and returns a result per member, baseline first. */
export async function runGroup(g: Group, o: HarnessOptions): Promise<Result[]> {
  const live = g.members.filter((m) => m.unavailable === undefined);
  const batches = new Map<Member, number>();
  for (const m of live) batches.set(m, await calibrate(m, o));
  const samples = new Map<Member, number[]>(live.map((m) => [m, []]));
  let seed = 0x9e3779b9;
  const random = (): number => {
    // xorshift32: a fixed seed keeps the schedule reproducible run to run.
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  for (let r = 0; r < o.rounds; r++) {
    // A fresh order every round, so no member always runs right after the same neighbour.
    const order = [...live];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as Member, order[i] as Member];
    }
    for (const m of order) {
      const n = batches.get(m) as number;
      (samples.get(m) as number[]).push((await runBatch(m, n)) / n);
    }
  }
  const baseline = samples.get(g.members[0] as Member);
  return g.members.map((m) => {
    if (m.unavailable !== undefined) {
      return {
        id: m.id,
        name: m.name,
        nsPerOp: Number.NaN,
        spread: Number.NaN,
        batch: 0,
        ratio: Number.NaN,
        samples: [],
        unavailable: m.unavailable,
      };
    }
    const xs = samples.get(m) as number[];
    const med = median(xs);
    const mad = median(xs.map((x) => Math.abs(x - med)));
    const ratio = baseline === undefined ? Number.NaN : pairedRatio(xs, baseline);
    return {
      id: m.id,
      name: m.name,
      nsPerOp: med,
      spread: mad / med,
      batch: batches.get(m) as number,
      ratio,
      samples: xs,
    };
  });
}

/** Median over rounds of a[r] / b[r]; both must come from the same group (same rounds). */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || a.length !== b.length) return Number.NaN;
  return median(a.map((x, i) => x / (b[i] as number)));
}

const NAME_WIDTH = 66;

function pad(s: string, w: number): string {
  return s.length >= w ? s : s + ' '.repeat(w - s.length);
}

function lpad(s: string, w: number): string {
  return s.length >= w ? s : ' '.repeat(w - s.length) + s;
}

export function formatHeader(title: string, baselineName: string): string {
  return [
    '',
    `${title} — baseline: ${baselineName}`,
    `  ${pad('operation', NAME_WIDTH)}${lpad('µs/op', 10)}${lpad('ops/s', 11)}${lpad('vs base', 10)}${lpad('±mad', 8)}`,
  ].join('\n');
}

export function formatResult(r: Result, isBaseline: boolean): string {
  if (r.unavailable !== undefined) return `  ${pad(r.name, NAME_WIDTH)}  n/a: ${r.unavailable}`;
  const us = r.nsPerOp / 1000;
  const ops = 1e9 / r.nsPerOp;
  const ratio = Number.isFinite(r.ratio) ? `${r.ratio.toFixed(2)}x` : 'n/a';
  return `  ${pad(r.name, NAME_WIDTH)}${lpad(us.toFixed(us < 10 ? 2 : 1), 10)}${lpad(Math.round(ops).toLocaleString('en-US'), 11)}${lpad(ratio, 10)}${lpad(`${(r.spread * 100).toFixed(1)}%`, 8)}${isBaseline ? '  (baseline)' : ''}`;
}
