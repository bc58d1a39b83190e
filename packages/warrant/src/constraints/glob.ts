/**
 * Glob patterns with the semantics of the Rust `glob` crate v0.3.3
 * (`Pattern::new` + `Pattern::matches`, default `MatchOptions`: case-sensitive,
 * `require_literal_separator = false`, `require_literal_leading_dot = false`),
 * which is what Tenuo's `Pattern` constraint uses. Unix separator rules: only
 * `/` is a path separator.
 *
 * Matching runs an NFA over Unicode code points, so it is linear in the input
 * (times the pattern size) where the crate's backtracking can blow up.
 *
 * @module
 */
import { ConstraintError } from '../errors.js';

/** An inclusive code-point range inside a `[...]` class. `from > to` is legal and matches nothing. */
export interface GlobRange {
  readonly from: number;
  readonly to: number;
}

/** One parsed glob token, mirroring the crate's `PatternToken`. */
export type GlobToken =
  /** A literal character (one Unicode code point). */
  | { readonly kind: 'literal'; readonly char: string; readonly codePoint: number }
  /** `?`: any one character. */
  | { readonly kind: 'any-char' }
  /** `*`: any sequence, `/` included. */
  | { readonly kind: 'any-sequence' }
  /** `**` as a whole path component; the `/` after it, if any, is part of this token. */
  | { readonly kind: 'recursive' }
  /** `[...]` or, with `negated`, `[!...]`; single characters are ranges with `from === to`. */
  | { readonly kind: 'class'; readonly negated: boolean; readonly ranges: readonly GlobRange[] };

/** A compiled glob pattern. */
export interface Glob {
  /** The pattern text as given to {@link compileGlob}. */
  readonly source: string;
  /** The parsed tokens (frozen). */
  readonly tokens: readonly GlobToken[];
  /** True iff the whole of `text` matches (glob 0.3.3 `Pattern::matches`). */
  matches(text: string): boolean;
}

const SLASH = 0x2f;
const STAR = 0x2a;
const QUESTION = 0x3f;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const BANG = 0x21;
const DASH = 0x2d;
const CODE_POINT_LIMIT = 0x110000;

/** Inclusion gives up (returns false) past this many (child state, parent subset) pairs. */
const MAX_INCLUSION_PAIRS = 10_000;
/** ...or past this many edge evaluations, so long patterns cannot stall a check. */
const MAX_INCLUSION_WORK = 5_000_000;

// The message is fixed: pattern text is policy and never goes into errors.
function invalidGlob(): ConstraintError {
  return new ConstraintError('invalid_constraint', 'invalid glob pattern');
}

/** Code points of `s`; a lone surrogate cannot occur in a Rust `&str`, so a pattern holding one is invalid. */
function patternCodePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i) ?? 0;
    if (cp >= 0xd800 && cp <= 0xdfff) throw invalidGlob();
    out.push(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return out;
}

/** Inside a class, `x-y` (three chars) is a range and anything else a single char; so `-` first or last is literal. */
function parseClassBody(body: readonly number[]): GlobRange[] {
  const ranges: GlobRange[] = [];
  let k = 0;
  while (k < body.length) {
    const first = body[k] as number;
    const last = body[k + 2];
    if (last !== undefined && body[k + 1] === DASH) {
      ranges.push(Object.freeze({ from: first, to: last }));
      k += 3;
    } else {
      ranges.push(Object.freeze({ from: first, to: first }));
      k += 1;
    }
  }
  return ranges;
}

function parseGlob(pattern: string): GlobToken[] {
  const cps = patternCodePoints(pattern);
  const n = cps.length;
  const tokens: GlobToken[] = [];
  let i = 0;
  while (i < n) {
    const c = cps[i] as number;
    if (c === QUESTION) {
      tokens.push({ kind: 'any-char' });
      i += 1;
    } else if (c === STAR) {
      const start = i;
      while (cps[i] === STAR) i += 1;
      const run = i - start;
      if (run > 2) throw invalidGlob();
      if (run === 1) {
        tokens.push({ kind: 'any-sequence' });
        continue;
      }
      // `**` must start the pattern or follow `/`, and end it or precede `/`.
      if (start > 0 && cps[start - 1] !== SLASH) throw invalidGlob();
      if (i < n) {
        if (cps[i] !== SLASH) throw invalidGlob();
        i += 1; // the crate folds the following `/` into the `**` token
      }
      // Crate quirk: a repeat is only collapsed when more than one token precedes it,
      // so `**/**` keeps two tokens. Harmless: `** **` matches what `**` matches.
      const prev = tokens[tokens.length - 1];
      if (!(tokens.length > 1 && prev?.kind === 'recursive')) tokens.push({ kind: 'recursive' });
    } else if (c === OPEN_BRACKET) {
      // A `]` straight after `[` or `[!` is a member, so the search for the closing
      // `]` starts one char later; the body is never empty.
      const negated = cps[i + 1] === BANG;
      const bodyStart = negated ? i + 2 : i + 1;
      if (bodyStart + 2 > n) throw invalidGlob();
      const close = cps.indexOf(CLOSE_BRACKET, bodyStart + 1);
      if (close < 0) throw invalidGlob();
      const ranges = Object.freeze(parseClassBody(cps.slice(bodyStart, close)));
      tokens.push({ kind: 'class', negated, ranges });
      i = close + 1;
    } else {
      tokens.push({ kind: 'literal', char: String.fromCodePoint(c), codePoint: c });
      i += 1;
    }
  }
  return tokens;
}

type CharTest =
  | { readonly kind: 'any' }
  | { readonly kind: 'eq'; readonly codePoint: number }
  | { readonly kind: 'class'; readonly negated: boolean; readonly ranges: readonly GlobRange[] };

interface Edge {
  readonly test: CharTest;
  readonly to: number;
}

interface Nfa {
  readonly size: number;
  /** Accepting state; the start state is 0. */
  readonly accept: number;
  readonly edges: readonly (readonly Edge[])[];
  /** ε-closure of each state, ascending. */
  readonly closure: readonly (readonly number[])[];
  /** States from which every remaining input is accepted (a `*` loop with the accept state in reach). */
  readonly universal: readonly boolean[];
}

const ANY: CharTest = { kind: 'any' };
const IS_SLASH: CharTest = { kind: 'eq', codePoint: SLASH };

function testChar(test: CharTest, cp: number): boolean {
  switch (test.kind) {
    case 'any':
      return true;
    case 'eq':
      return cp === test.codePoint;
    case 'class': {
      let inside = false;
      for (const r of test.ranges) {
        if (cp >= r.from && cp <= r.to) {
          inside = true;
          break;
        }
      }
      return inside !== test.negated;
    }
  }
}

/**
 * State k sits before token k; state tokens.length accepts. `**` matches the
 * empty string or anything ending in `/` (it only resumes the rest of the
 * pattern right after a separator). The crate also lets `**` run to the end of
 * the input and then matches the remaining tokens against "", which only
 * succeeds when those are all wildcards, in which case `**` is just `*`.
 */
function buildNfa(tokens: readonly GlobToken[]): Nfa {
  const n = tokens.length;
  const edges: Edge[][] = [];
  const eps: boolean[] = [];
  for (let k = 0; k <= n; k++) {
    edges.push([]);
    eps.push(false);
  }
  const addEdge = (from: number, test: CharTest, to: number): void => {
    (edges[from] as Edge[]).push({ test, to });
  };
  // tailWild[k]: tokens k.. are all wildcards, so they match any suffix.
  const tailWild: boolean[] = new Array<boolean>(n + 1).fill(true);
  for (let k = n - 1; k >= 0; k--) {
    const kind = (tokens[k] as GlobToken).kind;
    tailWild[k] = (kind === 'any-sequence' || kind === 'recursive') && tailWild[k + 1] === true;
  }
  for (let k = 0; k < n; k++) {
    const tok = tokens[k] as GlobToken;
    switch (tok.kind) {
      case 'literal':
        addEdge(k, { kind: 'eq', codePoint: tok.codePoint }, k + 1);
        break;
      case 'any-char':
        addEdge(k, ANY, k + 1);
        break;
      case 'class':
        addEdge(k, { kind: 'class', negated: tok.negated, ranges: tok.ranges }, k + 1);
        break;
      case 'any-sequence':
        eps[k] = true;
        addEdge(k, ANY, k);
        break;
      case 'recursive':
        eps[k] = true;
        if (tailWild[k + 1] === true) {
          addEdge(k, ANY, k);
        } else {
          // A separate "inside **" state, so the ε-exit is not available mid-component.
          const inside = edges.length;
          edges.push([]);
          eps.push(false);
          addEdge(k, ANY, inside);
          addEdge(k, IS_SLASH, k + 1);
          addEdge(inside, ANY, inside);
          addEdge(inside, IS_SLASH, k + 1);
        }
        break;
    }
  }
  const size = edges.length;
  // ε-edges only go k -> k+1, so closures build back to front.
  const closure: number[][] = new Array<number[]>(size);
  for (let s = size - 1; s >= 0; s--) {
    closure[s] = s < n && eps[s] === true ? [s, ...(closure[s + 1] as number[])] : [s];
  }
  const universal = edges.map(
    (es, s) => (closure[s] as number[]).includes(n) && es.some((e) => e.to === s && e.test.kind === 'any'),
  );
  return { size, accept: n, edges, closure, universal };
}

class CompiledGlob implements Glob {
  readonly source: string;
  readonly tokens: readonly GlobToken[];
  /** @internal */
  readonly nfa: Nfa;

  constructor(source: string, tokens: readonly GlobToken[]) {
    this.source = source;
    this.tokens = tokens;
    this.nfa = buildNfa(tokens);
  }

  matches(text: string): boolean {
    const { size, edges, closure, universal, accept } = this.nfa;
    // Generation stamps avoid clearing the membership arrays each step.
    const seen = new Int32Array(size).fill(-1);
    let current: number[] = [];
    for (const s of closure[0] as number[]) {
      seen[s] = 0;
      current.push(s);
    }
    let gen = 0;
    for (let i = 0; i < text.length; ) {
      // Lone surrogates count as one char each, like any other code point.
      const cp = text.codePointAt(i) ?? 0;
      i += cp > 0xffff ? 2 : 1;
      gen += 1;
      const next: number[] = [];
      for (const s of current) {
        if (universal[s] === true) return true;
        for (const e of edges[s] as Edge[]) {
          if (!testChar(e.test, cp)) continue;
          for (const t of closure[e.to] as number[]) {
            if (seen[t] !== gen) {
              seen[t] = gen;
              next.push(t);
            }
          }
        }
      }
      if (next.length === 0) return false;
      current = next;
    }
    return current.includes(accept);
  }
}

/**
 * Compile a glob pattern exactly as glob 0.3.3 `Pattern::new` would.
 *
 * - `?` is one char (code point); `*` is any sequence, `/` included.
 * - `[abc]`, `[a-z]`, `[!...]`; a `]` right after `[` or `[!` is a member; no backslash escapes.
 * - `**` must be a whole path component (`a**`, `**a`, `***` are errors); it matches
 *   "" or anything ending in `/` (anything at all when only wildcards follow it).
 * - An unclosed `[`, `[]` and `[!]` are errors.
 *
 * @throws ConstraintError `invalid_constraint` for an invalid pattern (the message never holds the pattern).
 */
export function compileGlob(pattern: string): Glob {
  const cached = compiledGlobs.get(pattern);
  if (cached !== undefined) return cached;
  const tokens = Object.freeze(parseGlob(pattern).map((t) => Object.freeze(t)));
  const glob = new CompiledGlob(pattern, tokens);
  remember(compiledGlobs, pattern, glob);
  return glob;
}

/**
 * Compiled globs and narrowing verdicts are pure functions of their pattern
 * text, and the same few patterns recur on every verification of a chain, so
 * both are memoized (bounded: cleared when full).
 */
const MEMO_LIMIT = 1024;
const compiledGlobs = new Map<string, Glob>();
const narrowingVerdicts = new Map<string, boolean>();

function remember<V>(memo: Map<string, V>, key: string, value: V): void {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
}

// Globs built elsewhere (any object with tokens) get an NFA built once per token list.
const foreignNfas = new WeakMap<readonly GlobToken[], Nfa>();

function nfaOf(glob: Glob): Nfa {
  if (glob instanceof CompiledGlob) return glob.nfa;
  let nfa = foreignNfas.get(glob.tokens);
  if (nfa === undefined) {
    nfa = buildNfa(glob.tokens);
    foreignNfas.set(glob.tokens, nfa);
  }
  return nfa;
}

/**
 * Sorted starts of the blocks of a partition of all code points on which every
 * test in `tests` is constant: a block starts at 0, at each literal and range
 * start, and one past each literal and range end.
 */
function blockStarts(tests: Iterable<CharTest>): number[] {
  const cuts = new Set<number>([0]);
  const cut = (cp: number): void => {
    if (cp < CODE_POINT_LIMIT) cuts.add(cp);
  };
  for (const test of tests) {
    if (test.kind === 'eq') {
      cut(test.codePoint);
      cut(test.codePoint + 1);
    } else if (test.kind === 'class') {
      for (const r of test.ranges) {
        if (r.from > r.to) continue;
        cut(r.from);
        cut(r.to + 1);
      }
    }
  }
  return [...cuts].sort((a, b) => a - b);
}

/** Index of the block of `starts` holding `cp` (`starts[0]` is 0). */
function blockIndex(starts: readonly number[], cp: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= cp) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Union of two sorted lists of block starts: the common refinement of both partitions. */
function mergeStarts(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    const next = y === undefined || (x !== undefined && x <= y) ? (x as number) : y;
    if (x === next) i += 1;
    if (y === next) j += 1;
    out.push(next);
  }
  return out;
}

/** Whether some code point passes `test`; a class like `[2-1]` or `[!\0-\u{10FFFF}]` passes none. */
function satisfiable(test: CharTest): boolean {
  if (test.kind !== 'class') return true;
  const ranges = test.ranges.filter((r) => r.from <= r.to);
  if (!test.negated) return ranges.length > 0;
  // Negated: satisfiable unless the ranges cover every code point.
  let covered = 0; // [0, covered) is covered
  for (const r of [...ranges].sort((a, b) => a.from - b.from)) {
    if (r.from > covered) return true;
    covered = Math.max(covered, r.to + 1);
  }
  return covered < CODE_POINT_LIMIT;
}

/** States that can reach acceptance along edges some char satisfies (reverse search from the accept state). */
function coReachable(nfa: Nfa): boolean[] {
  const preds: number[][] = Array.from({ length: nfa.size }, () => []);
  for (let s = 0; s < nfa.size; s++) {
    for (const t of nfa.closure[s] as number[]) if (t !== s) (preds[t] as number[]).push(s);
    for (const e of nfa.edges[s] as Edge[]) if (satisfiable(e.test)) (preds[e.to] as number[]).push(s);
  }
  const live = new Array<boolean>(nfa.size).fill(false);
  live[nfa.accept] = true;
  const stack = [nfa.accept];
  for (let t = stack.pop(); t !== undefined; t = stack.pop()) {
    for (const s of preds[t] as number[]) {
      if (live[s] !== true) {
        live[s] = true;
        stack.push(s);
      }
    }
  }
  return live;
}

/**
 * True iff every string `child` matches is also matched by `parent`.
 *
 * Decided on the parsed patterns: the child NFA runs in product with the
 * lazily built subset construction of the parent NFA. From each reachable
 * (child state, parent subset) pair, code points are taken one block at a
 * time, the blocks being those on which all the pair's edge tests are
 * constant, so the finite product covers every possible string. A reachable
 * pair where the child can still accept but the parent subset is empty, or
 * the child accepts and the subset does not, is a counterexample.
 *
 * Fails closed: past {@link MAX_INCLUSION_PAIRS} pairs, or a fixed budget of
 * edge evaluations, the answer is false.
 */
export function globIncludes(parent: Glob, child: Glob): boolean {
  const p = nfaOf(parent);
  const c = nfaOf(child);
  const live = coReachable(c);
  const childStarts = c.edges.map((es) => blockStarts(es.map((e) => e.test)));

  interface Subset {
    readonly states: readonly number[];
    readonly accepts: boolean;
    readonly universal: boolean;
    readonly starts: readonly number[];
    /** Successor subset per block of `starts`, -1 until computed. */
    readonly next: Int32Array;
  }
  const subsetIds = new Map<string, number>();
  const subsets: Subset[] = [];
  let work = 0;
  const intern = (states: readonly number[]): number => {
    const key = states.join(',');
    let id = subsetIds.get(key);
    if (id === undefined) {
      id = subsets.length;
      subsetIds.set(key, id);
      const starts = blockStarts(states.flatMap((st) => (p.edges[st] as Edge[]).map((e) => e.test)));
      work += starts.length;
      subsets.push({
        states,
        accepts: states.includes(p.accept),
        universal: states.some((st) => p.universal[st] === true),
        starts,
        next: new Int32Array(starts.length).fill(-1),
      });
    }
    return id;
  };
  const parentStep = (d: number, cp: number): number => {
    const sub = subsets[d] as Subset;
    const block = blockIndex(sub.starts, cp);
    const cached = sub.next[block] as number;
    if (cached >= 0) return cached;
    const out = new Set<number>();
    for (const st of sub.states) {
      for (const e of p.edges[st] as Edge[]) {
        work += 1;
        if (testChar(e.test, cp)) for (const t of p.closure[e.to] as number[]) out.add(t);
      }
    }
    const id = intern([...out].sort((a, b) => a - b));
    sub.next[block] = id;
    return id;
  };

  const visited = new Set<number>();
  const queue: [number, number][] = [];
  const visit = (q: number, d: number): void => {
    const key = d * c.size + q;
    if (!visited.has(key)) {
      visited.add(key);
      queue.push([q, d]);
    }
  };
  const start = intern(p.closure[0] as number[]);
  for (const q of c.closure[0] as number[]) visit(q, start);

  for (let head = 0; head < queue.length; head++) {
    if (visited.size > MAX_INCLUSION_PAIRS || work > MAX_INCLUSION_WORK) return false;
    const [q, d] = queue[head] as [number, number];
    const sub = subsets[d] as Subset;
    // The parent accepts every continuation, or the child can accept none.
    if (sub.universal || live[q] !== true) continue;
    // A live child state against a dead parent subset is a counterexample.
    if (sub.states.length === 0) return false;
    if (q === c.accept && !sub.accepts) return false;
    const childEdges = c.edges[q] as Edge[];
    if (childEdges.length === 0) continue;
    for (const cp of mergeStarts(childStarts[q] as number[], sub.starts)) {
      let next: number | undefined;
      for (const e of childEdges) {
        work += 1;
        if (!testChar(e.test, cp)) continue;
        next ??= parentStep(d, cp);
        for (const t of c.closure[e.to] as number[]) visit(t, next);
      }
    }
  }
  return true;
}

type TenuoPatternClass =
  | { readonly kind: 'exact' }
  | { readonly kind: 'prefix'; readonly prefix: string }
  | { readonly kind: 'suffix'; readonly suffix: string }
  | { readonly kind: 'complex' };

/** Tenuo's `Pattern::pattern_type`: counts `*` only; a trailing star wins, so `*` is Prefix(""). */
function tenuoClassify(pattern: string): TenuoPatternClass {
  let stars = 0;
  for (let i = 0; i < pattern.length; i++) if (pattern.charCodeAt(i) === STAR) stars += 1;
  if (stars === 0) return { kind: 'exact' };
  if (stars > 1) return { kind: 'complex' };
  if (pattern.endsWith('*')) return { kind: 'prefix', prefix: pattern.slice(0, -1) };
  if (pattern.startsWith('*')) return { kind: 'suffix', suffix: pattern.slice(1) };
  return { kind: 'complex' };
}

/**
 * Tenuo 0.2.3's textual `Pattern::validate_attenuation`, as a predicate.
 *
 * Equal strings pass. Otherwise Prefix(p) accepts a Prefix(c) with `c` starting
 * with `p`, or a star-free child starting with `p`; Suffix mirrors that with
 * `endsWith`; everything else fails. Glob metacharacters in the literal parts
 * are compared as text (quirk Q17), so this alone can accept a wider child.
 * Patterns are not compiled.
 */
export function tenuoPatternNarrows(parent: string, child: string): boolean {
  if (parent === child) return true;
  const p = tenuoClassify(parent);
  const c = tenuoClassify(child);
  if (p.kind === 'prefix') {
    if (c.kind === 'prefix') return c.prefix.startsWith(p.prefix);
    if (c.kind === 'exact') return child.startsWith(p.prefix);
    return false;
  }
  if (p.kind === 'suffix') {
    if (c.kind === 'suffix') return c.suffix.endsWith(p.suffix);
    if (c.kind === 'exact') return child.endsWith(p.suffix);
    return false;
  }
  return false;
}

function tryCompile(pattern: string): Glob | undefined {
  try {
    return compileGlob(pattern);
  } catch (err) {
    if (err instanceof ConstraintError) return undefined;
    throw err;
  }
}

/**
 * Warden's Pattern → Pattern narrowing: Tenuo's textual rule (so Tenuo
 * verifiers accept the chain) AND language inclusion of the child in the
 * parent (so Q17 cannot widen a grant). False when either pattern is invalid;
 * never throws for bad patterns.
 */
export function patternNarrows(parent: string, child: string): boolean {
  const key = `${parent}\u0000${child}`;
  const cached = narrowingVerdicts.get(key);
  if (cached !== undefined) return cached;
  const verdict = decidePatternNarrows(parent, child);
  remember(narrowingVerdicts, key, verdict);
  return verdict;
}

function decidePatternNarrows(parent: string, child: string): boolean {
  if (!tenuoPatternNarrows(parent, child)) return false;
  const p = tryCompile(parent);
  const c = tryCompile(child);
  if (p === undefined || c === undefined) return false;
  return parent === child || globIncludes(p, c);
}
