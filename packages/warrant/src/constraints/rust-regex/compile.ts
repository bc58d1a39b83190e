// compileRustRegex: parse, translate, size-check and compile a pattern, with a small LRU cache of results.
import { nestDepth } from './ast.js';
import { codePoints, utf8Length } from './chars.js';
import { invalid, SYNTAX, TOO_BIG } from './errors.js';
import { RUST_REGEX_MAX_PATTERN_BYTES } from './limits.js';
import { Matcher } from './matcher.js';
import { OP_MATCH, Program } from './nfa.js';
import { Parser } from './parser.js';
import { checkSize } from './size-limit.js';
import { Translator } from './translate.js';

/** A compiled Rust regular expression. */
export interface RustRegex {
  /** Rust `Regex::is_match`: whether the pattern matches anywhere in `text`. */
  test(text: string): boolean;
}

const cache = new Map<string, RustRegex>();

/**
 * Compile a pattern with the Rust `regex` crate's syntax and `is_match`
 * semantics: an unanchored search unless `^`/`\A`/`$`/`\z` anchor it; `.`
 * excludes only `\n` (also `\r` under `R`); `$` is end of text unless `m`;
 * `\d`, `\w`, `\s`, `\b` and `(?i)` are Unicode-aware; flags `imsUxR` apply
 * from `(?flags)` to the end of the enclosing group or inside `(?flags:…)`;
 * classes support nesting, `&&`, `--`, `~~`, `[[:alpha:]]` and `\p{…}`.
 *
 * @throws ConstraintError `invalid_constraint` for a pattern Rust rejects
 * (look-around, backreferences, bad syntax, unknown properties, nesting over
 * 250, compiled size over Rust's limit) and for one this implementation cannot
 * reproduce exactly (`(?-u)`, properties JavaScript lacks, pattern over
 * {@link RUST_REGEX_MAX_PATTERN_BYTES}, a count over {@link RUST_REGEX_MAX_REPEAT}).
 * The returned `test` throws `constraint_error` for input over
 * {@link RUST_REGEX_MAX_INPUT_BYTES}, ill-formed UTF-16, characters whose
 * Unicode assignment differs from Rust's tables (Unicode-aware patterns
 * only), or an exhausted work budget.
 */
export function compileRustRegex(pattern: string): RustRegex {
  const hit = cache.get(pattern);
  if (hit) {
    cache.delete(pattern);
    cache.set(pattern, hit);
    return hit;
  }
  if (pattern.length > RUST_REGEX_MAX_PATTERN_BYTES) throw invalid(TOO_BIG);
  const cps = codePoints(pattern);
  if (cps === undefined) throw invalid(SYNTAX);
  if (cps.reduce((n, c) => n + utf8Length(c), 0) > RUST_REGEX_MAX_PATTERN_BYTES) throw invalid(TOO_BIG);
  const ast = new Parser(cps).parse();
  if (nestDepth(ast) > 250) throw invalid(SYNTAX);
  const tr = new Translator();
  const hir = tr.translate(ast);
  checkSize(hir);
  const prog = new Program();
  const matchPc = prog.add(OP_MATCH, 0, 0, 0);
  prog.start = prog.emit(hir, matchPc);
  const matcher = new Matcher(prog, tr.usesTables, tr.usesProperties, tr.needWord, tr.needLines);
  const compiled: RustRegex = { test: (text) => matcher.test(text) };
  if (cache.size >= 256) cache.delete(cache.keys().next().value as string);
  cache.set(pattern, compiled);
  return compiled;
}
