/**
 * Redaction benchmark: Warden's `redact` and its streams against secretlint's
 * `lintSource` (recommended preset) on one multi-megabyte corpus, in one run.
 * Prints throughput with paired ratios against secretlint, then recall on the
 * labelled ranges and false positives, then the target as PASS/FAIL (reported,
 * never asserted).
 *
 *   node --import tsx src/redact.ts [--quick] [--profile=<line id>]
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCorpus, type Corpus, seededRandom } from './redact-corpus.js';
import { type Line, type Measured, mb, measure, versionOf } from './redact-rounds.js';
import { type Score, score } from './redact-score.js';
import {
  chunk,
  floorScan,
  secretlintSpans,
  throughNodeStream,
  throughWebStream,
  wardenRedact,
  wardenSpans,
} from './redact-subjects.js';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
/** `--profile` alone profiles `redact`; `--profile=<line id>` another line. */
const profileId =
  argv.find((a) => a.startsWith('--profile='))?.slice('--profile='.length) ??
  (argv.includes('--profile') ? 'redact' : undefined);
const envNum = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const ROUNDS = quick ? 3 : envNum('BENCH_REDACT_ROUNDS', 21);
/** Rounds stop early (after 3) once the timed part has run this long. */
const BUDGET_S = envNum('BENCH_REDACT_BUDGET_S', 60);
/** A token-stream pass over more than this is cut to a prefix of the corpus that takes about this long. */
const TOKEN_PASS_S = quick ? 1 : envNum('BENCH_REDACT_TOKEN_PASS_S', 2);
const COPIES = envNum('BENCH_REDACT_COPIES', 8);
const LOG_CHARS = envNum('BENCH_REDACT_LOG_MB', 2.5) * 1e6;
const TIMEOUT_S = envNum('BENCH_REDACT_TIMEOUT_S', 150);
const TARGET_RATIO = 10;

const watchdog = setTimeout(() => {
  console.error(`\nredact bench: watchdog fired after ${TIMEOUT_S} s`);
  process.exit(1);
}, TIMEOUT_S * 1000);
watchdog.unref();

const t0 = performance.now();
const corpus = buildCorpus({ copies: COPIES, logChars: LOG_CHARS });
const { text } = corpus;

/** Chunk sizes of an LLM token stream: 1–15 characters, 8 on average (the same sequence on every call). */
const tokenSizes = (): (() => number) => {
  const random = seededRandom(0x70c3e5);
  return () => 1 + Math.floor(random() * 15);
};
const chunks16k = chunk(text, () => 16 * 1024);

/** The largest prefix of `s` ending at a line end, at most `n` long. */
const prefix = (s: string, n: number): string => (n >= s.length ? s : s.slice(0, s.lastIndexOf('\n', n) + 1));

/** Picks the token-stream text: the whole corpus, or a prefix that a pass covers in about TOKEN_PASS_S. */
async function tokenText(): Promise<string> {
  const probe = prefix(text, 256 * 1024);
  const probeChunks = chunk(probe, tokenSizes());
  await throughNodeStream(probeChunks);
  const t = performance.now();
  await throughNodeStream(probeChunks);
  const full = ((performance.now() - t) / 1000) * (text.length / probe.length);
  return full <= TOKEN_PASS_S ? text : prefix(text, Math.floor((text.length * TOKEN_PASS_S) / full));
}

// A profile of another line skips the calibration, so the profile holds only that line.
const tokensOf = profileId === undefined || profileId === 'tokens' ? await tokenText() : text;
const chunksTokens = chunk(tokensOf, tokenSizes());
const tokenNote =
  tokensOf.length === text.length
    ? ''
    : ` — first ${mb(tokensOf)} MB only (a full pass exceeds ${TOKEN_PASS_S} s)`;

const lines: Line[] = [
  {
    id: 'secretlint',
    name: 'secretlint lintSource, recommended preset',
    text,
    run: () => secretlintSpans(text),
  },
  {
    id: 'floor',
    name: 'floor: one V8 regex pass (4 prefixes, match only)',
    text,
    run: () => floorScan(text),
  },
  { id: 'redact', name: 'Warden redact(text), default detectors', text, run: () => wardenRedact(text) },
  {
    id: 'stream16k',
    name: 'Warden createRedactStream, 16 KiB chunks',
    text,
    run: () => throughNodeStream(chunks16k),
  },
  {
    id: 'web16k',
    name: 'Warden createRedactTransformStream (WHATWG), 16 KiB chunks',
    text,
    run: () => throughWebStream(chunks16k),
  },
  {
    id: 'tokens',
    name: `Warden createRedactStream, 1–15-char chunks (avg 8)${tokenNote ? ' *' : ''}`,
    text: tokensOf,
    run: () => throughNodeStream(chunksTokens),
  },
];

if (profileId !== undefined) await profile(profileId);

// ---------------------------------------------------------------------------------------------
// Correctness and recall, once (also the warm-up of every line)

const redacted = wardenRedact(text);
const wSpans = wardenSpans(text);
const slSpans = await secretlintSpans(text);
const checks: string[] = [];
checks.push(
  sameAs('redact(text) = text with find(text) replaced by [REDACTED]', applySpans(text, wSpans), redacted),
);
checks.push(
  sameAs('createRedactStream, 16 KiB chunks = redact(text)', await throughNodeStream(chunks16k), redacted),
);
checks.push(
  sameAs('WHATWG stream, 16 KiB chunks = redact(text)', await throughWebStream(chunks16k), redacted),
);
checks.push(
  sameAs(
    `createRedactStream, token chunks = redact(${tokensOf === text ? 'text' : 'prefix'})`,
    await throughNodeStream(chunksTokens),
    tokensOf === text ? redacted : wardenRedact(tokensOf),
  ),
);
floorScan(text);
const wScore = score(corpus, wSpans);
const slScore = score(corpus, slSpans);

// ---------------------------------------------------------------------------------------------
// Throughput

printHeader(corpus);
const results = await measure(lines, { rounds: ROUNDS, minRounds: 3, budgetMs: BUDGET_S * 1000 });
printThroughput(results);
printRecall(wScore, slScore);
printTarget(results, wScore, slScore);
console.log(
  `\ntotal ${((performance.now() - t0) / 1000).toFixed(1)} s; load average now ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);

// ---------------------------------------------------------------------------------------------

function applySpans(s: string, spans: readonly { start: number; end: number }[]): string {
  const out: string[] = [];
  let at = 0;
  for (const sp of [...spans].sort((a, b) => a.start - b.start)) {
    if (sp.start < at) continue;
    out.push(s.slice(at, sp.start), '[REDACTED]');
    at = sp.end;
  }
  out.push(s.slice(at));
  return out.join('');
}

function sameAs(what: string, got: string, want: string): string {
  if (got === want) return `  ok    ${what}`;
  let i = 0;
  while (i < got.length && got.charCodeAt(i) === want.charCodeAt(i)) i++;
  return `  DIFF  ${what}: first difference at offset ${i} (lengths ${got.length} vs ${want.length})`;
}

async function profile(id: string): Promise<never> {
  const line = lines.find((l) => l.id === id);
  if (line === undefined) {
    console.error(`unknown line "${id}"; one of: ${lines.map((l) => l.id).join(', ')}`);
    process.exit(2);
  }
  const seconds = envNum('BENCH_REDACT_PROFILE_S', 5);
  let passes = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    await line.run();
    passes++;
  }
  const s = (performance.now() - start) / 1000;
  console.log(
    `${line.name}: ${passes} passes in ${s.toFixed(1)} s, ${((passes * Buffer.byteLength(line.text)) / 1e6 / s).toFixed(1)} MB/s`,
  );
  process.exit(0);
}

function printHeader(c: Corpus): void {
  const cpu = cpus();
  console.log('Warden redaction benchmark');
  console.log(
    `node ${process.version} ${process.platform}/${process.arch}, ${cpu.length} × ${cpu[0]?.model.trim() ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB; load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `@warden/secrets ${versionOf('@warden/secrets')} (${builtAt('@warden/secrets')}); @secretlint/core ${versionOf('@secretlint/core')}, @secretlint/secretlint-rule-preset-recommend ${versionOf('@secretlint/secretlint-rule-preset-recommend')}`,
  );
  console.log(
    `corpus ${mb(c.text)} MB (UTF-8; MB = 10^6 bytes), digest ${c.digest}: code ${(c.parts.code / 1e6).toFixed(2)} M chars, logs ${(c.parts.logs / 1e6).toFixed(2)} M chars, labelled cases ${(c.parts.cases / 1e6).toFixed(2)} M chars`,
  );
  console.log(`  code: ${c.sources.join(', ')}`);
  console.log(
    `  cases: ${c.parts.positiveCases} with secrets + ${c.parts.negativeCases} without, from shared/corpus/secretlint-snapshots, each ×${COPIES} → ${c.labels.length} labelled ranges, ${c.negatives.length} negative cases; ${c.excluded.length} cases left out (${summarizeExcluded(c)})`,
  );
  console.log('checks (before timing; the same outputs give the same recall):');
  for (const line of checks) console.log(line);
  if (tokenNote !== '') console.log(`* token line${tokenNote}`);
}

/**
 * Which file a package name loads, when its `dist/` was last written, and
 * whether its `src/` changed since (the bench runs the build, not the sources).
 */
function builtAt(pkg: string): string {
  const entry = fileURLToPath(import.meta.resolve(pkg));
  const dist = path.dirname(entry);
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { recursive: true, encoding: 'utf8' }).map(
        (f) => statSync(path.join(dir, f)).mtimeMs,
      ),
    );
  const built = newest(dist);
  const src = path.join(dist, '..', 'src');
  const stale = existsSync(src) && newest(src) > built ? '; STALE: src/ changed since' : '';
  return `${path.relative(process.cwd(), entry)}, built ${new Date(built).toISOString()}${stale}`;
}

function summarizeExcluded(c: Corpus): string {
  const by = new Map<string, number>();
  for (const e of c.excluded) by.set(e.reason, (by.get(e.reason) ?? 0) + 1);
  return [...by].map(([r, n]) => `${n} ${r}`).join(', ');
}

function printThroughput(rs: readonly Measured[]): void {
  const base = rs[0] as Measured;
  console.log(
    `\nThroughput — baseline: ${base.line.name}; ${base.samples.length} rounds, each line once per round in a shuffled order; ms = median pass; vs secretlint = median over rounds of the throughput ratio in that round`,
  );
  console.log(
    `  ${'line'.padEnd(64)}${'MB'.padStart(7)}${'ms/pass'.padStart(10)}${'MB/s'.padStart(9)}${'vs secretlint'.padStart(15)}${'±mad'.padStart(8)}`,
  );
  for (const r of rs) {
    console.log(
      `  ${r.line.name.padEnd(64)}${mb(r.line.text).padStart(7)}${r.msPerPass.toFixed(1).padStart(10)}${r.mbPerS.toFixed(1).padStart(9)}${`${r.ratio.toFixed(2)}x`.padStart(15)}${`${(r.spread * 100).toFixed(1)}%`.padStart(8)}${r === base ? '  (baseline)' : ''}`,
    );
  }
}

function topKinds(s: Score): string {
  return [...s.fillerKinds]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([k, n]) => `${k.replace('@secretlint/secretlint-rule-', '')} ${n}`)
    .join(', ');
}

function printRecall(w: Score, sl: Score): void {
  console.log(
    '\nRecall and false positives — range: the labelled range lies inside one flagged span; value: the same for the secret value of the label (the token the snapshot message names, without quotes or separators at its ends); FP: a negative case overlapped by a flagged span',
  );
  console.log(
    `  ${'scanner'.padEnd(30)}${'range found'.padStart(12)}${'recall'.padStart(8)}${'value found'.padStart(13)}${'recall'.padStart(8)}${'FP cases'.padStart(10)}${'spans in code/logs'.padStart(20)}`,
  );
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  for (const [name, s] of [
    ['Warden (redact and streams)', w],
    ['secretlint recommended', sl],
  ] as const) {
    console.log(
      `  ${name.padEnd(30)}${`${s.found}/${s.labels}`.padStart(12)}${pct(s.recall).padStart(8)}${`${s.valuesFound}/${s.labels}`.padStart(13)}${pct(s.valueRecall).padStart(8)}${`${s.falsePositives}/${s.negatives}`.padStart(10)}${String(s.fillerSpans).padStart(20)}${s.fillerSpans > 0 ? `  (${topKinds(s)})` : ''}`,
    );
  }
  for (const [name, s] of [
    ['Warden', w],
    ['secretlint', sl],
  ] as const) {
    console.log(`  ${name} misses ranges in: ${s.missedCases.join('; ') || '—'}`);
    console.log(`  ${name} misses values in: ${s.missedValueCases.join('; ') || '—'}`);
    console.log(`  ${name} flags negative cases: ${s.flaggedNegativeCases.join('; ') || '—'}`);
  }
}

function printTarget(rs: readonly Measured[], w: Score, sl: Score): void {
  const byId = new Map(rs.map((r) => [r.line.id, r]));
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const rangeOk = w.recall >= sl.recall;
  const valueOk = w.valueRecall >= sl.valueRecall;
  console.log(
    `\nTarget (reported, not asserted): Warden ≥ ${TARGET_RATIO}x secretlint's throughput at equal or better recall (on the labelled ranges; value recall in brackets)`,
  );
  for (const id of ['redact', 'stream16k', 'tokens'] as const) {
    const r = byId.get(id);
    if (r === undefined) continue;
    const fast = r.ratio >= TARGET_RATIO;
    const noisy = r.spread > 0.05 || (rs[0] as Measured).spread > 0.05 ? ', noisy: ±mad > 5 %' : '';
    console.log(
      `  [${fast && rangeOk ? 'PASS' : 'FAIL'}] ${r.line.name}: ${r.ratio.toFixed(2)}x secretlint (${fast ? 'met' : 'missed'}${noisy}); recall ${pct(w.recall)} vs ${pct(sl.recall)} (${rangeOk ? 'met' : 'missed'}) [value recall ${pct(w.valueRecall)} vs ${pct(sl.valueRecall)}: ${fast && valueOk ? 'PASS' : 'FAIL'}]`,
    );
  }
}
