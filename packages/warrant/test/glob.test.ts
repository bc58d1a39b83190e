import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileGlob,
  type Glob,
  type GlobToken,
  globIncludes,
  patternNarrows,
  tenuoPatternNarrows,
} from '../src/constraints/glob.js';
import { ConstraintError } from '../src/errors.js';

// ---------------------------------------------------------------------------
// Reference model of glob 0.3.3, written independently of the implementation:
// the crate's index arithmetic for parsing and its backtracking matcher with
// the three-way result (match / sub-pattern fails / whole pattern fails).
// Exponential in the worst case, so only used on small inputs.
// ---------------------------------------------------------------------------

type RefToken =
  | { t: 'char'; c: number }
  | { t: 'any' }
  | { t: 'seq' }
  | { t: 'rec' }
  | { t: 'within' | 'except'; specs: [number, number][] };

function refSpecs(s: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < s.length; ) {
    if (i + 3 <= s.length && s[i + 1] === 0x2d) {
      out.push([s[i] as number, s[i + 2] as number]);
      i += 3;
    } else {
      out.push([s[i] as number, s[i] as number]);
      i += 1;
    }
  }
  return out;
}

function refParse(pattern: string): RefToken[] | null {
  const ch = [...pattern].map((x) => x.codePointAt(0) as number);
  const toks: RefToken[] = [];
  let i = 0;
  while (i < ch.length) {
    const c = ch[i] as number;
    if (c === 0x3f) {
      toks.push({ t: 'any' });
      i++;
    } else if (c === 0x2a) {
      const old = i;
      while (i < ch.length && ch[i] === 0x2a) i++;
      const count = i - old;
      if (count > 2) return null;
      if (count < 2) {
        toks.push({ t: 'seq' });
        continue;
      }
      if (!(i === 2 || ch[i - count - 1] === 0x2f)) return null;
      if (i < ch.length && ch[i] === 0x2f) i++;
      else if (i !== ch.length) return null;
      const last = toks[toks.length - 1];
      if (!(toks.length > 1 && last?.t === 'rec')) toks.push({ t: 'rec' });
    } else if (c === 0x5b) {
      if (i + 4 <= ch.length && ch[i + 1] === 0x21) {
        const j = ch.slice(i + 3).indexOf(0x5d);
        if (j >= 0) {
          toks.push({ t: 'except', specs: refSpecs(ch.slice(i + 2, i + 3 + j)) });
          i += j + 4;
          continue;
        }
      } else if (i + 3 <= ch.length && ch[i + 1] !== 0x21) {
        const j = ch.slice(i + 2).indexOf(0x5d);
        if (j >= 0) {
          toks.push({ t: 'within', specs: refSpecs(ch.slice(i + 1, i + 2 + j)) });
          i += j + 3;
          continue;
        }
      }
      return null;
    } else {
      toks.push({ t: 'char', c });
      i++;
    }
  }
  return toks;
}

const MATCH = 0;
const SUB_FAIL = 1;
const ENTIRE_FAIL = 2;

function refMatchFrom(toks: RefToken[], from: number, text: number[], start: number): number {
  let pos = start;
  for (let ti = from; ti < toks.length; ti++) {
    const tok = toks[ti] as RefToken;
    if (tok.t === 'seq' || tok.t === 'rec') {
      let r = refMatchFrom(toks, ti + 1, text, pos);
      if (r !== SUB_FAIL) return r;
      while (pos < text.length) {
        const c = text[pos++] as number;
        if (tok.t === 'rec' && c !== 0x2f) continue;
        r = refMatchFrom(toks, ti + 1, text, pos);
        if (r !== SUB_FAIL) return r;
      }
      // Input exhausted: fall through to the remaining tokens, as the crate does.
    } else {
      if (pos >= text.length) return ENTIRE_FAIL;
      const c = text[pos++] as number;
      const inSpecs = (specs: [number, number][]) => specs.some(([lo, hi]) => c >= lo && c <= hi);
      const ok =
        tok.t === 'any' ||
        (tok.t === 'char' && tok.c === c) ||
        (tok.t === 'within' && inSpecs(tok.specs)) ||
        (tok.t === 'except' && !inSpecs(tok.specs));
      if (!ok) return SUB_FAIL;
    }
  }
  return pos >= text.length ? MATCH : SUB_FAIL;
}

function refMatches(toks: RefToken[], text: string): boolean {
  const cps = [...text].map((x) => x.codePointAt(0) as number);
  return refMatchFrom(toks, 0, cps, 0) === MATCH;
}

function toRefToken(t: GlobToken): RefToken {
  switch (t.kind) {
    case 'literal':
      return { t: 'char', c: t.codePoint };
    case 'any-char':
      return { t: 'any' };
    case 'any-sequence':
      return { t: 'seq' };
    case 'recursive':
      return { t: 'rec' };
    case 'class':
      return { t: t.negated ? 'except' : 'within', specs: t.ranges.map((r) => [r.from, r.to]) };
  }
}

function toRef(tokens: readonly GlobToken[]): RefToken[] {
  return tokens.map(toRefToken);
}

function tryCompile(p: string): Glob | undefined {
  try {
    return compileGlob(p);
  } catch {
    return undefined;
  }
}

function expectInvalid(p: string): void {
  let caught: unknown;
  try {
    compileGlob(p);
  } catch (err) {
    caught = err;
  }
  expect(caught, p).toBeInstanceOf(ConstraintError);
  expect((caught as ConstraintError).code).toBe('invalid_constraint');
  expect((caught as Error).message).toBe('invalid glob pattern');
}

function allStrings(alphabet: readonly string[], maxLen: number): string[] {
  const out = [''];
  let layer = [''];
  for (let n = 1; n <= maxLen; n++) {
    layer = layer.flatMap((s) => alphabet.map((a) => s + a));
    out.push(...layer);
  }
  return out;
}

// ---------------------------------------------------------------------------

describe('compileGlob: parsing', () => {
  it('exposes source and tokens', () => {
    const g = compileGlob('a?*[!x-z]');
    expect(g.source).toBe('a?*[!x-z]');
    expect(g.tokens).toEqual([
      { kind: 'literal', char: 'a', codePoint: 0x61 },
      { kind: 'any-char' },
      { kind: 'any-sequence' },
      { kind: 'class', negated: true, ranges: [{ from: 0x78, to: 0x7a }] },
    ]);
    expect(Object.isFrozen(g.tokens)).toBe(true);
  });

  it('parses class bodies like the crate', () => {
    const ranges = (p: string) => {
      const t = compileGlob(p).tokens[0];
      return t?.kind === 'class' ? t.ranges.map((r) => String.fromCodePoint(r.from, r.to)) : null;
    };
    expect(ranges('[]]')).toEqual([']]']);
    expect(ranges('[!]]')).toEqual([']]']);
    expect(ranges('[]-a]')).toEqual([']a']);
    expect(ranges('[a-]')).toEqual(['aa', '--']);
    expect(ranges('[-a]')).toEqual(['--', 'aa']);
    expect(ranges('[a-c-]')).toEqual(['ac', '--']);
    expect(ranges('[[]')).toEqual(['[[']);
    expect(ranges('[*?]')).toEqual(['**', '??']);
    expect(ranges('[\\]')).toEqual(['\\\\']);
  });

  it('folds the separator after ** into the token and collapses repeats (with the crate quirk)', () => {
    const kinds = (p: string) => compileGlob(p).tokens.map((t) => (t.kind === 'literal' ? t.char : t.kind));
    expect(kinds('a/**/b')).toEqual(['a', '/', 'recursive', 'b']);
    expect(kinds('**/')).toEqual(['recursive']);
    expect(kinds('**//x')).toEqual(['recursive', '/', 'x']);
    expect(kinds('a/**/**/b')).toEqual(['a', '/', 'recursive', 'b']);
    expect(kinds('**/**')).toEqual(['recursive', 'recursive']);
    expect(kinds('**/**/**')).toEqual(['recursive', 'recursive']);
  });

  it('rejects what glob 0.3.3 rejects', () => {
    for (const p of [
      '***',
      'a/*****',
      'a**',
      '**a',
      'a**b',
      'a/**b',
      'a/bc**',
      'a/b**c**d',
      '[a]**',
      '[/]**',
      'abc[def',
      'abc[!def',
      'abc[',
      'abc[!',
      'abc[d',
      'abc[!d',
      'abc[]',
      'abc[!]',
      '[',
      '[]',
      '[!]',
      '[!',
      'x]y[',
      '\ud800',
      'a\udfffb',
    ]) {
      expectInvalid(p);
    }
  });

  it('accepts edge cases glob 0.3.3 accepts', () => {
    for (const p of [
      '',
      ']',
      '!',
      '-',
      'a]',
      '**',
      '/**',
      '**/',
      'a/**',
      '/**/x',
      '[]]',
      '[!]]',
      '[!!]',
      '\\*',
    ]) {
      expect(() => compileGlob(p), p).not.toThrow();
    }
  });

  it('never puts the pattern into the error', () => {
    try {
      compileGlob('secret-[');
      expect.unreachable();
    } catch (err) {
      expect(String((err as Error).message)).not.toContain('secret');
    }
  });
});

describe('compileGlob: matching', () => {
  const m = (p: string, s: string) => compileGlob(p).matches(s);

  it('is anchored, ? is one code point, * crosses /', () => {
    expect(m('abc', 'abc')).toBe(true);
    expect(m('abc', 'abcd')).toBe(false);
    expect(m('abc', 'xabc')).toBe(false);
    expect(m('', '')).toBe(true);
    expect(m('', 'a')).toBe(false);
    expect(m('?', '😀')).toBe(true);
    expect(m('??', '😀')).toBe(false);
    expect(m('[😀]', '😀')).toBe(true);
    expect(m('[!a]', '😀')).toBe(true);
    expect(m('/data/*', '/data/../etc/passwd')).toBe(true);
    expect(m('/data/*', '/data/')).toBe(true);
    expect(m('/data/*', '/data')).toBe(false);
    expect(m('a?c', 'a/c')).toBe(true);
    expect(m('a[/]c', 'a/c')).toBe(true);
  });

  it('has no escaping and is case-sensitive', () => {
    expect(m('\\*', '\\x')).toBe(true);
    expect(m('\\*', '*')).toBe(false);
    expect(m('[*]', '*')).toBe(true);
    expect(m('[*]', 'x')).toBe(false);
    expect(m('ABC', 'abc')).toBe(false);
    expect(m('[a-z]', 'A')).toBe(false);
  });

  it('matches classes like the crate', () => {
    for (const p of ['[a-z123]', '[1a-z23]', '[123a-z]']) {
      for (const c of 'abcxyz123') expect(m(p, c), `${p} ${c}`).toBe(true);
      expect(m(p, 'A')).toBe(false);
      expect(m(p, '4')).toBe(false);
    }
    for (const p of ['[abc-]', '[-abc]', '[a-c-]']) {
      for (const c of 'abc-') expect(m(p, c)).toBe(true);
      expect(m(p, 'd')).toBe(false);
    }
    expect(m('[2-1]', '1')).toBe(false);
    expect(m('[2-1]', '2')).toBe(false);
    expect(m('[-]', '-')).toBe(true);
    expect(m('[!-]', '-')).toBe(false);
    expect(m('[]]', ']')).toBe(true);
    expect(m('[!]]', ']')).toBe(false);
    expect(m('[!]]', 'a')).toBe(true);
    expect(m('[!!]', '!')).toBe(false);
    for (let i = 0; i < 10; i++) {
      expect(m('a[0-9]b', `a${i}b`)).toBe(true);
      expect(m('a[!0-9]b', `a${i}b`)).toBe(false);
    }
    expect(m('a[!0-9]b', 'a_b')).toBe(true);
  });

  it('matches the crate test-suite wildcard cases', () => {
    expect(m('a*b', 'a_b')).toBe(true);
    expect(m('a*b*c', 'abc')).toBe(true);
    expect(m('a*b*c', 'abcd')).toBe(false);
    expect(m('a*b*c', 'a___b___c')).toBe(true);
    expect(m('abc*abc*abc', 'abcabcabcabcabcabcabc')).toBe(true);
    expect(m('abc*abc*abc', 'abcabcabcabcabcabcabca')).toBe(false);
    expect(m('a*a*a*a*a*a*a*a*a', 'a'.repeat(31))).toBe(true);
    expect(m('a*b[xyz]c*d', 'abxcdbxcddd')).toBe(true);
    expect(m('*hello.txt', 'some\\path\\to\\hello.txt')).toBe(true);
    expect(m('*hello.txt', 'hello.txt-and-then-some')).toBe(false);
    expect(m('*some/path/to/hello.txt', 'a/bigger/some/path/to/hello.txt')).toBe(true);
    expect(m('*some/path/to/hello.txt', 'some/other/path/to/hello.txt')).toBe(false);
  });

  it('matches ** as a whole-component wildcard', () => {
    for (const p of ['some/**/needle.txt', 'some/**/**/needle.txt']) {
      expect(m(p, 'some/needle.txt')).toBe(true);
      expect(m(p, 'some/one/needle.txt')).toBe(true);
      expect(m(p, 'some/one/two/needle.txt')).toBe(true);
      expect(m(p, 'some/other/notthis.txt')).toBe(false);
      expect(m(p, 'some/xneedle.txt')).toBe(false);
      expect(m(p, 'some//needle.txt')).toBe(true);
    }
    for (const s of ['', 'abcde', '.asdf', '/x/.asdf']) expect(m('**', s)).toBe(true);
    expect(m('**/test', 'one/two/test')).toBe(true);
    expect(m('**/test', 'test')).toBe(true);
    expect(m('**/test', 'atest')).toBe(false);
    expect(m('/**/test', '/test')).toBe(true);
    expect(m('/**/test', '/one/notthis')).toBe(false);
    expect(m('**/.*', '.abc')).toBe(true);
    expect(m('**/.*', 'abc/.abc')).toBe(true);
    expect(m('**/.*', 'ab.c')).toBe(false);
    expect(m('**/.*', 'abc/ab.c')).toBe(false);
    // Trailing ** runs to the end of the input, not only to a separator.
    expect(m('a/**', 'a/b')).toBe(true);
    expect(m('a/**', 'a/b/c')).toBe(true);
    expect(m('a/**', 'a/')).toBe(true);
    expect(m('a/**', 'a')).toBe(false);
    // The swallowed separator: `**/` is the same as `**`.
    expect(m('**/', 'abc')).toBe(true);
    expect(m('x/**/', 'x/abc')).toBe(true);
    expect(m('**/*', 'abc')).toBe(true);
  });

  it('treats lone surrogates in the input as single characters', () => {
    expect(m('?', '\ud800')).toBe(true);
    expect(m('a*', 'a\udc00b')).toBe(true);
    expect(m('[!a]', '\udc00')).toBe(true);
  });

  it('is not exponential', () => {
    const t0 = performance.now();
    expect(m('*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
    expect(m('**/a*a*a*a*a*a*a*b', `${'a/'.repeat(2000)}${'a'.repeat(3000)}`)).toBe(false);
    expect(m(`${'*?'.repeat(30)}b`, 'a'.repeat(5000))).toBe(false);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

describe('compileGlob agrees with the reference model', () => {
  const patChars = ['a', 'b', '/', '*', '?', '[', ']', '!', '-', 'é', '😀'];
  const textChars = ['a', 'b', 'c', '/', '-', ']', '!', 'é', '😀'];
  const pattern = fc.array(fc.constantFrom(...patChars), { maxLength: 9 }).map((a) => a.join(''));
  const text = fc.array(fc.constantFrom(...textChars), { maxLength: 9 }).map((a) => a.join(''));

  it('same validity and same tokens', () => {
    fc.assert(
      fc.property(pattern, (p) => {
        const ref = refParse(p);
        const g = tryCompile(p);
        expect(g === undefined, p).toBe(ref === null);
        if (g !== undefined) expect(toRef(g.tokens)).toEqual(ref);
      }),
      { numRuns: 5000 },
    );
  });

  it('same match results', () => {
    fc.assert(
      fc.property(pattern, fc.array(text, { minLength: 1, maxLength: 20 }), (p, texts) => {
        const ref = refParse(p);
        const g = tryCompile(p);
        if (ref === null || g === undefined) return;
        for (const s of texts) expect(g.matches(s), `${p} ~ ${s}`).toBe(refMatches(ref, s));
      }),
      { numRuns: 3000 },
    );
  });

  it('same match results on component-shaped patterns (many ** forms)', () => {
    const piece = fc.constantFrom('a', 'b', '*', '?', '**', '[ab]', '[!a]', '[]a]', '.');
    const comp = fc.array(piece, { minLength: 1, maxLength: 3 }).map((a) => a.join(''));
    const pat = fc
      .tuple(fc.boolean(), fc.array(comp, { minLength: 1, maxLength: 4 }), fc.boolean())
      .map(([lead, cs, trail]) => `${lead ? '/' : ''}${cs.join('/')}${trail ? '/' : ''}`);
    const path = fc.array(fc.constantFrom('a', 'b', 'c', '/', '.'), { maxLength: 10 }).map((a) => a.join(''));
    fc.assert(
      fc.property(pat, fc.array(path, { minLength: 1, maxLength: 20 }), (p, texts) => {
        const ref = refParse(p);
        const g = tryCompile(p);
        expect(g === undefined, p).toBe(ref === null);
        if (ref === null || g === undefined) return;
        for (const s of texts) expect(g.matches(s), `${p} ~ ${s}`).toBe(refMatches(ref, s));
      }),
      { numRuns: 3000 },
    );
  });

  it('exhaustively agrees on a few tricky patterns', () => {
    const strings = allStrings(['a', 'b', '/'], 6);
    for (const p of ['**', 'a/**', '**/a', 'a/**/b', '/**/*a', '**/**/a', '*/**/a', '?/**', '**/[!a]*']) {
      const ref = refParse(p) as RefToken[];
      const g = compileGlob(p);
      for (const s of strings) expect(g.matches(s), `${p} ~ ${s}`).toBe(refMatches(ref, s));
    }
  });
});

describe('globIncludes', () => {
  const inc = (p: string, c: string) => globIncludes(compileGlob(p), compileGlob(c));

  it('decides simple inclusions', () => {
    expect(inc('*', 'anything*')).toBe(true);
    expect(inc('**', '*')).toBe(true);
    expect(inc('*', '**')).toBe(true);
    expect(inc('/data/*', '/data/reports/*')).toBe(true);
    expect(inc('/data/reports/*', '/data/*')).toBe(false);
    expect(inc('*]', '*[ab]')).toBe(false);
    expect(inc('*]', '[ab]')).toBe(false);
    expect(inc('*]', '*[]]')).toBe(true);
    expect(inc('[a-z]', '[b-d]')).toBe(true);
    expect(inc('[b-d]', '[a-z]')).toBe(false);
    expect(inc('[!a]', '[b-z]')).toBe(true);
    expect(inc('[!a]', '?')).toBe(false);
    expect(inc('?', '[!a]')).toBe(true);
    expect(inc('a?c*', 'abc*')).toBe(true);
    expect(inc('*a*', 'xa*')).toBe(true);
    expect(inc('[2-1]', '[3-1]')).toBe(true); // both empty
    expect(inc('a', '[2-1]')).toBe(true);
    expect(inc('[2-1]', 'a')).toBe(false);
    expect(inc('**/x', 'a/**/x')).toBe(true);
    expect(inc('a/**/x', '**/x')).toBe(false);
    expect(inc('a/**/x', 'a/*/x')).toBe(true);
    expect(inc('a/*/x', 'a/**/x')).toBe(false); // `a/x` is only in the child
    expect(inc('a/**', 'a/*')).toBe(true); // trailing ** runs to the end
    expect(inc('a', '[a-z]')).toBe(false); // the block after a literal is its own class
    expect(inc('/', '[/-z]')).toBe(false);
    expect(inc('a', 'b[2-1]')).toBe(true); // empty child language
    expect(inc('a', '**/[2-1]')).toBe(true);
    expect(inc('a', 'b[!\u0000-\u{10FFFF}]')).toBe(true);
    expect(inc('a', 'b[!\u0000-a]')).toBe(false);
    expect(inc('😀*', '😀?')).toBe(true);
    expect(inc('?', '😀')).toBe(true);
    expect(inc('??', '😀')).toBe(false);
  });

  it('accepts Glob objects not made by compileGlob', () => {
    const parent: Glob = { source: 'x', tokens: compileGlob('a*').tokens, matches: () => false };
    expect(globIncludes(parent, compileGlob('ab'))).toBe(true);
    expect(globIncludes(parent, compileGlob('b'))).toBe(false);
  });

  it('fails closed on a blown-up parent subset construction', () => {
    // Tracking the last 14 characters needs about 2^14 parent subsets: past the
    // bound, so even a pattern against itself answers false.
    const wide = `*a${'?'.repeat(13)}`;
    expect(inc(wide, wide)).toBe(false);
    // Under the bound the same shape is decided exactly.
    const narrow = `*a${'?'.repeat(4)}`;
    expect(inc(narrow, narrow)).toBe(true);
    expect(inc(narrow, `*ab${'?'.repeat(3)}`)).toBe(true);
    // patternNarrows short-cuts equal strings, as Tenuo does.
    expect(patternNarrows(wide, wide)).toBe(true);
    const t0 = performance.now();
    expect(inc(`*a${'?'.repeat(20)}`, `*a${'?'.repeat(20)}b`)).toBe(false);
    expect(inc(`*a${'?'.repeat(20)}`, `*[ab]${'?'.repeat(20)}`)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('stays fast on long patterns with many distinct characters', () => {
    const letters = Array.from({ length: 200 }, (_, i) => String.fromCodePoint(0x100 + i)).join('');
    const t0 = performance.now();
    expect(inc(`*${letters}*`, `x${letters}y`)).toBe(true);
    expect(inc(`*${letters}*`, `*${letters.slice(1)}*`)).toBe(false);
    // A thousand distinct characters: still decided exactly.
    const big = Array.from({ length: 1000 }, (_, i) => String.fromCodePoint(0x1000 + i)).join('');
    expect(inc(`*${big}*`, `*${big}*`)).toBe(true);
    expect(inc(`*${big}*?`, `*${big}[!a]`)).toBe(true);
    expect(inc(`*${big.slice(1)}*`, `*${big}*`)).toBe(true);
    expect(inc(`*${big}*`, `*${big.slice(1)}*`)).toBe(false);
    // Past the pair bound the answer is false even where inclusion holds (fail closed), and quick.
    const huge = Array.from({ length: 5000 }, (_, i) => String.fromCodePoint(0x1000 + i)).join('');
    expect(inc(`*${huge}*?`, `*${huge}[!a]`)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('property: inclusion is sound on sampled strings', () => {
    const piece = fc.constantFrom('a', 'b', '*', '?', '[ab]', '[!a]');
    const pat = fc.array(piece, { maxLength: 5 }).map((a) => a.join(''));
    const strings = allStrings(['a', 'b', 'c'], 6);
    fc.assert(
      fc.property(pat, pat, (ps, cs) => {
        const p = tryCompile(ps);
        const c = tryCompile(cs);
        if (p === undefined || c === undefined) return;
        if (!globIncludes(p, c)) return;
        for (const s of strings) if (c.matches(s)) expect(p.matches(s), `${ps} ⊇ ${cs} on ${s}`).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: a false answer on small patterns comes with a short counterexample', () => {
    const piece = fc.constantFrom('a', 'b', '/', '*', '?', '**', '[ab]', '[!a]');
    const pat = fc.array(piece, { maxLength: 4 }).map((a) => a.join(''));
    // Only a, b and / are distinguished by these patterns, so {a, b, c, /} covers every class.
    const strings = allStrings(['a', 'b', 'c', '/'], 6);
    fc.assert(
      fc.property(pat, pat, (ps, cs) => {
        const p = tryCompile(ps);
        const c = tryCompile(cs);
        if (p === undefined || c === undefined) return;
        const included = globIncludes(p, c);
        const counterexample = strings.find((s) => c.matches(s) && !p.matches(s));
        expect(included, `${ps} ⊇ ${cs}: ${counterexample}`).toBe(counterexample === undefined);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('tenuoPatternNarrows (textual, Tenuo 0.2.3)', () => {
  it('follows the textual classification', () => {
    expect(tenuoPatternNarrows('*', 'a-*')).toBe(true);
    expect(tenuoPatternNarrows('*', 'abc')).toBe(true);
    expect(tenuoPatternNarrows('*', '*-x')).toBe(false);
    expect(tenuoPatternNarrows('*', '*')).toBe(true);
    expect(tenuoPatternNarrows('*', '**')).toBe(false);
    expect(tenuoPatternNarrows('staging-*', 'staging-web')).toBe(true);
    expect(tenuoPatternNarrows('staging-*', 'staging-web-*')).toBe(true);
    expect(tenuoPatternNarrows('staging-*', 'prod-*')).toBe(false);
    expect(tenuoPatternNarrows('*-safe', '*-extra-safe')).toBe(true);
    expect(tenuoPatternNarrows('*-safe', 'image-safe')).toBe(true);
    expect(tenuoPatternNarrows('*-safe', '*')).toBe(false);
    expect(tenuoPatternNarrows('*-safe', 'x-*')).toBe(false);
    expect(tenuoPatternNarrows('a*b', 'a*b')).toBe(true);
    expect(tenuoPatternNarrows('a*b', 'axb')).toBe(false);
    expect(tenuoPatternNarrows('abc', 'abc')).toBe(true);
    expect(tenuoPatternNarrows('abc', 'ab?')).toBe(false);
    expect(tenuoPatternNarrows('*]', '*[ab]')).toBe(true); // Q17
    expect(tenuoPatternNarrows('*]', '[ab]')).toBe(true); // Q17
    expect(tenuoPatternNarrows('a?c*', 'abc*')).toBe(false);
    expect(tenuoPatternNarrows('[', '[')).toBe(true); // textual, never compiled
  });
});

describe('patternNarrows (Warden: textual AND semantic)', () => {
  it('handles the required cases', () => {
    expect(patternNarrows('*]', '*[ab]')).toBe(false);
    expect(patternNarrows('*]', '[ab]')).toBe(false);
    expect(patternNarrows('/data/*', '/data/reports/*')).toBe(true);
    expect(patternNarrows('/data/reports/*', '/data/*')).toBe(false);
    expect(patternNarrows('*', 'a-*')).toBe(true);
    expect(patternNarrows('*', 'abc')).toBe(true);
    expect(patternNarrows('*', '*-x')).toBe(false);
    expect(patternNarrows('staging-*', 'staging-web')).toBe(true);
    expect(patternNarrows('staging-*', 'staging-[ab]*')).toBe(true);
    expect(patternNarrows('a?c*', 'abc*')).toBe(false);
  });

  it('rejects invalid patterns without throwing', () => {
    expect(patternNarrows('[', '[')).toBe(false);
    expect(patternNarrows('*', 'a[')).toBe(false);
    expect(patternNarrows('a**', 'a**')).toBe(false);
    expect(patternNarrows('*', 'a***')).toBe(false);
  });

  it('accepts equal valid patterns, even complex ones', () => {
    expect(patternNarrows('a/**/b*c', 'a/**/b*c')).toBe(true);
  });

  it('property: agrees with both halves', () => {
    const piece = fc.constantFrom('a', 'b', '-', '*', '?', '[ab]', ']', '[');
    const pat = fc.array(piece, { maxLength: 5 }).map((a) => a.join(''));
    fc.assert(
      fc.property(pat, pat, (ps, cs) => {
        const p = tryCompile(ps);
        const c = tryCompile(cs);
        const expected =
          tenuoPatternNarrows(ps, cs) && p !== undefined && c !== undefined && globIncludes(p, c);
        expect(patternNarrows(ps, cs)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
