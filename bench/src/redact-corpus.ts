/**
 * The text the redaction benchmark scans, built the same way on every run:
 * code (a fixed list of files from node_modules, cut at line ends), synthetic
 * log lines (seeded generator) and the labelled cases of the secretlint
 * snapshot corpus, each case repeated `copies` times at seeded positions.
 * Every labelled range is kept with its offset in the final text, and so is
 * the span of every case that must not be flagged.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One labelled case of the snapshot corpus. */
export interface Case {
  /** `rule/case`, e.g. `aws/ng.AWS Secret Access Key`. */
  id: string;
  text: string;
  /** [start, end) in UTF-16 code units of `text`, as labelled; empty for a negative case. */
  ranges: Array<[number, number]>;
  /** The secret value of each range (same order): see `valueRange`. */
  values: Array<[number, number]>;
}

/** A case left out of the corpus, and why. */
export interface Excluded {
  id: string;
  reason: string;
}

/** A labelled secret in the corpus, offsets into `Corpus.text`. */
export interface Label {
  caseId: string;
  start: number;
  end: number;
  /** The secret value inside or next to the labelled range (`valueRange`). */
  valueStart: number;
  valueEnd: number;
}

/** A case that must not be flagged, as it sits in `Corpus.text`. */
export interface Negative {
  caseId: string;
  start: number;
  end: number;
}

export interface Corpus {
  text: string;
  labels: Label[];
  negatives: Negative[];
  /** Spans of code and log filler, where nothing is a known secret. */
  filler: Array<[number, number]>;
  /** UTF-16 code units by kind, and the number of distinct cases. */
  parts: { code: number; logs: number; cases: number; positiveCases: number; negativeCases: number };
  excluded: Excluded[];
  /** Code files used, relative to node_modules, with the version of their package. */
  sources: string[];
  /** First 12 hex digits of the SHA-256 of the text: same digest, same corpus. */
  digest: string;
}

export const SNAPSHOT_DIR = fileURLToPath(
  new URL('../../../shared/corpus/secretlint-snapshots', import.meta.url),
);

/**
 * Code files, in this order. Pinned by the lockfile (typescript ~5.9, fast-check 4, esbuild, fastify 5);
 * `maxChars` keeps one huge file from being most of the corpus.
 */
const CODE_FILES: ReadonlyArray<{ pkg: string; file: string; maxChars: number }> = [
  { pkg: 'typescript', file: 'lib/typescript.js', maxChars: 2_200_000 },
  { pkg: 'typescript', file: 'lib/lib.dom.d.ts', maxChars: 600_000 },
  { pkg: 'fast-check', file: 'lib/fast-check.js', maxChars: 400_000 },
  { pkg: 'esbuild', file: 'lib/main.js', maxChars: 100_000 },
  { pkg: 'fastify', file: 'fastify.js', maxChars: 40_000 },
  { pkg: 'fastify', file: 'lib/reply.js', maxChars: 40_000 },
];

/** xorshift32 with a fixed seed: the same corpus on every run and machine. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function shuffle<T>(xs: T[], random: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j] as T, xs[i] as T];
  }
  return xs;
}

interface Snapshot {
  messages: Array<{ range: [number, number]; data?: Record<string, unknown> }>;
  sourceContent?: string;
}

const EDGE_END = /[\s"'`;,)]/;
const EDGE_START = /[\s"'`(]/;

/**
 * The secret value of a labelled range. Some snapshot ranges are not the
 * secret itself: a few rules report the start of the whole match with the
 * length of the secret (`AWS_SECRET_ACCESS_KEY = wJalrXUtnFEMI/K7`, the
 * value cut off), and the connection-string ranges end in the closing `";`.
 * The value is the token the message names in `data` (8+ characters, first
 * occurrence from the range start, starting inside the range), else the range
 * itself; either way without quotes, separators or blanks at its ends.
 */
export function valueRange(
  text: string,
  range: [number, number],
  data: Record<string, unknown> = {},
): [number, number] {
  let [s, e] = range;
  for (const v of Object.values(data)) {
    if (typeof v !== 'string' || v.length < 8) continue;
    const at = text.indexOf(v, s);
    if (at !== -1 && at <= e) {
      [s, e] = [at, at + v.length];
      break;
    }
  }
  while (e > s && EDGE_END.test(text[e - 1] as string)) e--;
  while (s < e && EDGE_START.test(text[s] as string)) s++;
  return [s, e];
}

/**
 * Reads the snapshot corpus. Left out: binary inputs (PKCS#12), which a text
 * redactor is not meant to read; cases whose verdict depends on a rule option
 * (`options.*`, allow-lists, `--option` in the name); `ng.*` cases without a
 * labelled range (nothing to score).
 */
export function loadCases(dir = SNAPSHOT_DIR): { cases: Case[]; excluded: Excluded[] } {
  const cases: Case[] = [];
  const excluded: Excluded[] = [];
  const rules = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  for (const rule of rules) {
    for (const name of readdirSync(path.join(dir, rule)).sort()) {
      const caseDir = path.join(dir, rule, name);
      const id = `${rule}/${name}`;
      const snap = JSON.parse(readFileSync(path.join(caseDir, 'output.json'), 'utf8')) as Snapshot;
      const input = readdirSync(caseDir).find((f) => f.startsWith('input'));
      if (input?.endsWith('.p12')) {
        excluded.push({ id, reason: 'binary (PKCS#12)' });
        continue;
      }
      if (name.startsWith('options.') || name.includes('allows') || name.includes('--')) {
        excluded.push({ id, reason: 'verdict depends on a rule option' });
        continue;
      }
      const text =
        snap.sourceContent ?? (input === undefined ? '' : readFileSync(path.join(caseDir, input), 'utf8'));
      const ranges = snap.messages.map((m) => m.range);
      const values = snap.messages.map((m) => valueRange(text, m.range, m.data));
      if (ranges.length === 0 && name.startsWith('ng.')) {
        excluded.push({ id, reason: 'ng case without a labelled range' });
        continue;
      }
      for (const [s, e] of ranges) {
        if (!(s >= 0 && e > s && e <= text.length)) throw new RangeError(`bad range in ${id}`);
      }
      cases.push({ id, text, ranges, values });
    }
  }
  return { cases, excluded };
}

const require = createRequire(import.meta.url);

function readCode(): { chunks: string[]; sources: string[] } {
  const chunks: string[] = [];
  const sources: string[] = [];
  for (const { pkg, file, maxChars } of CODE_FILES) {
    const manifest = require.resolve(`${pkg}/package.json`);
    const full = path.join(path.dirname(manifest), file);
    if (!existsSync(full)) throw new Error(`redact bench: code file missing: ${pkg}/${file} (npm ci?)`);
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    let code = readFileSync(full, 'utf8');
    if (code.length > maxChars) code = code.slice(0, code.lastIndexOf('\n', maxChars) + 1);
    sources.push(`${pkg}@${version}/${file} (${(code.length / 1024).toFixed(0)} KiB)`);
    // Blocks of ~48 KiB cut at line ends, so cases and logs land between lines of code.
    for (let at = 0; at < code.length; ) {
      let end = code.indexOf('\n', at + 48 * 1024);
      end = end === -1 ? code.length : end + 1;
      chunks.push(code.slice(at, end));
      at = end;
    }
  }
  return { chunks, sources };
}

const pick = <T>(xs: readonly T[], random: () => number): T => xs[Math.floor(random() * xs.length)] as T;
const hex = (n: number, random: () => number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(random() * 16)];
  return s;
};
const uuid = (random: () => number): string =>
  `${hex(8, random)}-${hex(4, random)}-4${hex(3, random)}-a${hex(3, random)}-${hex(12, random)}`;

const SERVICES = ['api', 'worker', 'auth', 'billing', 'search', 'gateway', 'scheduler'];
const ROUTES = ['/v1/orders', '/v1/users', '/v2/items', '/healthz', '/v1/agents/run', '/v1/tools/read_file'];
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
const WORDS = ['risk-assessment', 'token-count', 'secret-santa', 'keyboard', 'passport', 'authorization'];

/** One plain-text or JSON log line: ids, hashes and URLs, but no credential. */
function logLine(t: number, random: () => number): string {
  const ts = new Date(Date.UTC(2026, 10, 22, 8, 0, 0) + t).toISOString();
  const svc = pick(SERVICES, random);
  switch (Math.floor(random() * 6)) {
    case 0:
      return `${ts} INFO  [${svc}] ${pick(['GET', 'POST', 'PUT'], random)} ${pick(ROUTES, random)}/${hex(12, random)} 200 ${(random() * 90).toFixed(1)}ms req_id=${uuid(random)} user=${pick(USERS, random)}@example.com ip=10.0.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}`;
    case 1:
      return `{"level":30,"time":${Date.parse(ts)},"pid":${4000 + Math.floor(random() * 900)},"hostname":"${svc}-${Math.floor(random() * 9)}","reqId":"req-${hex(6, random)}","msg":"request completed","responseTime":${(random() * 40).toFixed(3)},"traceId":"${hex(32, random)}"}`;
    case 2:
      return `${ts} DEBUG [${svc}] job=reindex shard=${Math.floor(random() * 64)} docs=${Math.floor(random() * 1e5)} elapsed_ms=${Math.floor(random() * 5000)} commit=${hex(40, random)} etag="W/\\"${hex(8, random)}\\""`;
    case 3:
      return `${ts} WARN  [db] slow query ${Math.floor(random() * 3000)}ms: SELECT id, name, created_at FROM users WHERE org_id = $1 AND status = 'active' ORDER BY created_at DESC LIMIT ${Math.floor(random() * 100)}`;
    case 4:
      return `${ts} ERROR [${svc}] upstream timeout after 30000ms url=https://api.example.com/v2/items?page=${Math.floor(random() * 50)}&sort=${pick(WORDS, random)} retry=${Math.floor(random() * 5)}/5 span=${hex(16, random)}`;
    default:
      return `${ts} INFO  [agent] tool=${pick(['read_file', 'search', 'http_get'], random)} step=${Math.floor(random() * 20)} prompt_tokens=${Math.floor(random() * 8000)} completion_tokens=${Math.floor(random() * 2000)} topic=${pick(WORDS, random)} sha256=${hex(64, random)}`;
  }
}

/** Builds the corpus: `logChars` of logs, the code files, and every case `copies` times. */
export function buildCorpus(opts: { copies: number; logChars: number; seed?: number }): Corpus {
  const random = seededRandom(opts.seed ?? 0x5eed1e55);
  const { cases, excluded } = loadCases();
  const code = readCode();

  const logBlocks: string[] = [];
  let logTotal = 0;
  let t = 0;
  while (logTotal < opts.logChars) {
    const lines: string[] = [];
    const n = 100 + Math.floor(random() * 200);
    for (let i = 0; i < n; i++) {
      t += Math.floor(random() * 50);
      lines.push(logLine(t, random));
    }
    const block = `${lines.join('\n')}\n`;
    logBlocks.push(block);
    logTotal += block.length;
  }

  type Block = { kind: 'code' | 'logs'; text: string } | { kind: 'case'; c: Case };
  const blocks: Block[] = [
    ...code.chunks.map((text): Block => ({ kind: 'code', text })),
    ...logBlocks.map((text): Block => ({ kind: 'logs', text })),
  ];
  shuffle(blocks, random);
  // Each copy of the case set is shuffled, then the cases are spread evenly over the filler.
  const caseBlocks: Block[] = [];
  for (let k = 0; k < opts.copies; k++)
    caseBlocks.push(...shuffle([...cases], random).map((c): Block => ({ kind: 'case', c })));
  const mixed: Block[] = [];
  const perGap = caseBlocks.length / blocks.length;
  let owed = 0;
  let next = 0;
  for (const b of blocks) {
    mixed.push(b);
    owed += perGap;
    for (; owed >= 1 && next < caseBlocks.length; owed--) mixed.push(caseBlocks[next++] as Block);
  }
  while (next < caseBlocks.length) mixed.push(caseBlocks[next++] as Block);

  const parts: string[] = [];
  const labels: Label[] = [];
  const negatives: Negative[] = [];
  const filler: Array<[number, number]> = [];
  const sizes = { code: 0, logs: 0, cases: 0 };
  let at = 0;
  const push = (s: string): void => {
    parts.push(s);
    at += s.length;
  };
  for (const b of mixed) {
    if (b.kind === 'case') {
      // Blank lines around a case, so line-anchored rules see it at a line start, as in its own file.
      push('\n\n');
      const start = at;
      push(b.c.text);
      b.c.ranges.forEach(([s, e], i) => {
        const [vs, ve] = b.c.values[i] as [number, number];
        labels.push({
          caseId: b.c.id,
          start: start + s,
          end: start + e,
          valueStart: start + vs,
          valueEnd: start + ve,
        });
      });
      if (b.c.ranges.length === 0) negatives.push({ caseId: b.c.id, start, end: at });
      push('\n\n');
      sizes.cases += b.c.text.length + 4;
    } else {
      filler.push([at, at + b.text.length]);
      push(b.text);
      sizes[b.kind] += b.text.length;
    }
  }
  const text = parts.join('');
  return {
    text,
    labels,
    negatives,
    filler,
    parts: {
      ...sizes,
      positiveCases: cases.filter((c) => c.ranges.length > 0).length,
      negativeCases: cases.filter((c) => c.ranges.length === 0).length,
    },
    excluded,
    sources: code.sources,
    digest: createHash('sha256').update(text).digest('hex').slice(0, 12),
  };
}
