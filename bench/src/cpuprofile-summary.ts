/**
 * Summarizes a V8 `.cpuprofile` (from `node --cpu-prof`): self and inclusive
 * time per function, optionally restricted to samples under one function.
 *
 *   node --import tsx src/cpuprofile-summary.ts <file.cpuprofile> [functionName] [rows]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, focus, rowsArg] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: cpuprofile-summary.ts <file.cpuprofile> [functionName] [rows]');
  process.exit(2);
}
const rows = Number(rowsArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const label = (n: ProfileNode): string => {
  const url = n.callFrame.url
    .replace(/.*\/(packages|node_modules)\//, '$1/')
    .replace(/^file:\/\/.*\/bench\//, 'bench/');
  return `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
};

const timeBySample = new Map<number, number>();
profile.samples.forEach((id, i) => {
  timeBySample.set(id, (timeBySample.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
for (const [id, micros] of timeBySample) {
  const stack: ProfileNode[] = [];
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur))
    stack.push(nodes.get(cur) as ProfileNode);
  if (focus !== undefined && !stack.some((n) => n.callFrame.functionName === focus)) continue;
  total += micros;
  const leaf = label(stack[0] as ProfileNode);
  self.set(leaf, (self.get(leaf) ?? 0) + micros);
  for (const l of new Set(stack.map(label))) inclusive.set(l, (inclusive.get(l) ?? 0) + micros);
}

const pct = (v: number): string => `${((100 * v) / total).toFixed(1).padStart(5)}%`;
const top = (m: Map<string, number>): string[] =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, rows)
    .map(([k, v]) => `${pct(v)}  ${k}`);
console.log(`${(total / 1000).toFixed(0)} ms sampled${focus === undefined ? '' : ` under ${focus}()`}`);
console.log('\nself time');
for (const line of top(self)) console.log(line);
console.log('\ninclusive time');
for (const line of top(inclusive)) console.log(line);
