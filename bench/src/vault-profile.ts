/**
 * Where the server's time goes during one load run: a V8 `.cpuprofile` of the
 * whole server process, cut to the samples taken inside a time window (the
 * run), summarized as self and inclusive time per function and self time per
 * module. V8 samples on a wall-clock tick, so time blocked in a system call
 * (SQLite's fsync) is charged to the JavaScript frame that made it, and time
 * waiting for I/O shows as `(idle)`.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Microseconds of the monotonic clock V8 stamps profiles with (the one `process.hrtime` reads on Linux). */
export const monotonicMicros = (): number => Number(process.hrtime.bigint() / 1000n);

const moduleOf = (url: string): string => {
  if (url === '') return '(native / V8)';
  const m =
    /\/(packages\/[^/]+)\/dist\/(.+)$/.exec(url) ?? /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (m !== null) return m[2] === undefined ? (m[1] as string) : `${m[1]}/${m[2]}`;
  return url.startsWith('node:') ? 'node core' : url.replace(/^file:\/\/.*\//, '');
};

const label = (n: ProfileNode): string =>
  `${n.callFrame.functionName || '(anonymous)'} ${moduleOf(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

/** The summary as text: `rows` lines per table, samples between `from` and `to` (µs, monotonic). */
export function summarizeWindow(file: string, from: number, to: number, rows = 25): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const byModule = new Map<string, number>();
  const byCaller = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  let t = profile.startTime;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if (t < from || t > to) return;
    total += dt;
    const stack: ProfileNode[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      stack.push(nodes.get(cur) as ProfileNode);
    }
    const leaf = stack[0] as ProfileNode;
    add(self, label(leaf), dt);
    const caller = stack[1];
    add(byCaller, caller === undefined ? label(leaf) : `${label(leaf)}  ← ${label(caller)}`, dt);
    add(byModule, leaf.callFrame.url === '' ? leaf.callFrame.functionName : moduleOf(leaf.callFrame.url), dt);
    for (const l of new Set(stack.map(label))) add(inclusive, l, dt);
  });
  const pct = (v: number) => `${((100 * v) / total).toFixed(1).padStart(5)}%`;
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, rows)
      .map(([k, v]) => `  ${pct(v)}  ${k}`);
  return [
    `${(total / 1000).toFixed(0)} ms of samples in the window`,
    '\nself time by module (native frames by name)',
    ...top(byModule),
    '\nself time by function',
    ...top(self),
    '\nself time by function and caller (splits the SQL statement wrappers by statement)',
    ...top(byCaller),
    '\ninclusive time by function',
    ...top(inclusive),
  ].join('\n');
}
