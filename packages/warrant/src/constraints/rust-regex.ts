import { ConstraintError } from '../errors.js';

/**
 * The Rust `regex` crate's `Regex::is_match` (regex 1.13.1 / regex-syntax
 * 0.8.11, the versions Tenuo 0.2.3 locks), for Regex constraints.
 *
 * Design: a port of regex-syntax's parser (same grammar, same errors, same
 * flag scoping, same nesting limit) builds an AST; a translator applies the
 * flags and turns every character class into a JavaScript `v`-flag class, so
 * Unicode properties and simple case folding come from the engine's tables;
 * matching runs a Thompson NFA simulation memoized as a lazy DFA. A
 * backtracking `RegExp` over the whole pattern would be exponential or
 * polynomial where Rust is linear (`[^\n]*[^\n]*x` needs minutes on 8 KiB
 * in V8, and even `a*b` is quadratic as an unanchored search), so RegExp only
 * ever tests one code point against one class here, and a deterministic work
 * budget bounds every call.
 *
 * Fail closed: everything Rust rejects is rejected (`invalid_constraint`), and
 * so is what this port cannot reproduce exactly: `(?-u)`, Unicode properties
 * JavaScript lacks or whose data drifted (`Extended_Pictographic`,
 * `Diacritic`), patterns over the size limits. At match time an over-long
 * input, ill-formed UTF-16, a character Rust's Unicode 16 tables classify
 * differently from this engine's (only for patterns that use Unicode data),
 * or an exhausted work budget is a `constraint_error`.
 */

/** Longest accepted pattern, in UTF-8 bytes. */
export const RUST_REGEX_MAX_PATTERN_BYTES = 4096;
/** Longest accepted input, in UTF-8 bytes. */
export const RUST_REGEX_MAX_INPUT_BYTES = 65536;
/** Largest accepted `{n}`, `{n,}` or `{n,m}` count. */
export const RUST_REGEX_MAX_REPEAT = 1000;

/** A compiled Rust regular expression. */
export interface RustRegex {
  /** Rust `Regex::is_match`: whether the pattern matches anywhere in `text`. */
  test(text: string): boolean;
}

const SYNTAX = 'regex is not valid Rust regex syntax';
const UNSUPPORTED = 'regex uses a feature this implementation does not support';
const TOO_BIG = 'regex pattern exceeds the size limit';

function invalid(message: string): ConstraintError {
  return new ConstraintError('invalid_constraint', message);
}

// ---------------------------------------------------------------------------
// Character helpers

/** Rust `char::is_whitespace` (Unicode White_Space, a stable closed list). */
function isWhitespace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

const isHex = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const isAsciiAlnum = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** regex-syntax `is_meta_character`. */
const META = new Set([...'\\.+*?()|[]{}^$#&-~'].map((s) => s.charCodeAt(0)));

/** regex-syntax `is_escapeable_character`: meta, or ASCII that is neither alphanumeric nor `<`/`>`. */
const isEscapeable = (c: number): boolean =>
  META.has(c) || (c < 0x80 && !isAsciiAlnum(c) && c !== 0x3c && c !== 0x3e);

const ALPHABETIC = /^\p{Alphabetic}$/u;
const ALPHANUMERIC = /^[\p{Alphabetic}\p{N}]$/u;

/** regex-syntax `is_capture_char` (Rust `char::is_alphabetic` / `is_alphanumeric`). */
function isCaptureChar(c: number, first: boolean): boolean {
  if (c === 0x5f) return true;
  const s = String.fromCodePoint(c);
  if (first) return ALPHABETIC.test(s);
  return c === 0x2e || c === 0x5b || c === 0x5d || ALPHANUMERIC.test(s);
}

const utf8Length = (c: number): number => (c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4);

/** Decode to code points, or undefined if `s` holds a lone surrogate (impossible in a Rust `str`). */
function codePoints(s: string): number[] | undefined {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const hi = s.charCodeAt(i);
    if (hi >= 0xd800 && hi <= 0xdbff) {
      const lo = s.charCodeAt(i + 1);
      if (!(lo >= 0xdc00 && lo <= 0xdfff)) return undefined;
      out.push(((hi - 0xd800) << 10) + (lo - 0xdc00) + 0x10000);
      i++;
    } else if (hi >= 0xdc00 && hi <= 0xdfff) {
      return undefined;
    } else {
      out.push(hi);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// AST (the shape of regex-syntax's `ast::Ast`, reduced to what matching needs)

type FlagName = 'i' | 'm' | 's' | 'U' | 'u' | 'R' | 'x';
type Flags = Partial<Record<FlagName, boolean>>;
type AssertKind =
  | 'startLine'
  | 'endLine'
  | 'startText'
  | 'endText'
  | 'word'
  | 'notWord'
  | 'wordStart'
  | 'wordEnd'
  | 'wordStartHalf'
  | 'wordEndHalf';
type PerlKind = 'd' | 's' | 'w';
type UniQuery =
  | { t: 'one'; c: number }
  | { t: 'named'; name: string }
  | { t: 'value'; name: string; value: string };
type AsciiName =
  | 'alnum'
  | 'alpha'
  | 'ascii'
  | 'blank'
  | 'cntrl'
  | 'digit'
  | 'graph'
  | 'lower'
  | 'print'
  | 'punct'
  | 'space'
  | 'upper'
  | 'word'
  | 'xdigit';

type ClassSet =
  | { t: 'item'; item: ClassItem }
  | { t: 'op'; op: '&&' | '--' | '~~'; lhs: ClassSet; rhs: ClassSet };
type ClassItem =
  | { t: 'empty' }
  | { t: 'lit'; c: number }
  | { t: 'range'; a: number; b: number }
  | { t: 'ascii'; name: AsciiName; neg: boolean }
  | { t: 'perl'; kind: PerlKind; neg: boolean }
  | { t: 'uni'; q: UniQuery; neg: boolean }
  | { t: 'bracket'; neg: boolean; set: ClassSet }
  | { t: 'union'; items: ClassItem[] };
type Ast =
  | { t: 'empty' }
  | { t: 'flags'; flags: Flags }
  | { t: 'lit'; c: number }
  | { t: 'dot' }
  | { t: 'assert'; kind: AssertKind }
  | { t: 'perl'; kind: PerlKind; neg: boolean }
  | { t: 'uni'; q: UniQuery; neg: boolean }
  | { t: 'bracket'; neg: boolean; set: ClassSet }
  | { t: 'rep'; min: number; max: number; sub: Ast }
  | { t: 'group'; flags: Flags | undefined; sub: Ast }
  | { t: 'concat'; items: Ast[] }
  | { t: 'alt'; items: Ast[] };

/** A primitive as regex-syntax's parser returns it before placing it. */
type Primitive =
  | { t: 'lit'; c: number }
  | { t: 'assert'; kind: AssertKind }
  | { t: 'dot' }
  | { t: 'perl'; kind: PerlKind; neg: boolean }
  | { t: 'uni'; q: UniQuery; neg: boolean };

type GroupFrame =
  | { t: 'group'; concat: Ast[]; flags: Flags | undefined; ignoreWs: boolean }
  | { t: 'alt'; items: Ast[] };
type ClassFrame =
  | { t: 'open'; union: ClassItem[]; neg: boolean }
  | { t: 'op'; op: '&&' | '--' | '~~'; lhs: ClassSet };

const ASCII_NAMES = new Set<string>([
  'alnum',
  'alpha',
  'ascii',
  'blank',
  'cntrl',
  'digit',
  'graph',
  'lower',
  'print',
  'punct',
  'space',
  'upper',
  'word',
  'xdigit',
]);

const concatAst = (items: Ast[]): Ast =>
  items.length === 0 ? { t: 'empty' } : items.length === 1 ? (items[0] as Ast) : { t: 'concat', items };
const altAst = (items: Ast[]): Ast =>
  items.length === 0 ? { t: 'empty' } : items.length === 1 ? (items[0] as Ast) : { t: 'alt', items };
const unionItem = (items: ClassItem[]): ClassItem =>
  items.length === 0 ? { t: 'empty' } : items.length === 1 ? (items[0] as ClassItem) : { t: 'union', items };

const cp = (s: string): number => s.charCodeAt(0);
const EOF = -1;

/**
 * regex-syntax's `ParserI`, reproduced decision for decision: every input it
 * rejects throws here, and every input it accepts yields the same tree.
 */
class Parser {
  private pos = 0;
  private ignoreWs = false;
  private readonly names = new Set<string>();
  private readonly groups: GroupFrame[] = [];
  private readonly classes: ClassFrame[] = [];

  constructor(private readonly p: readonly number[]) {}

  private fail(): never {
    throw invalid(SYNTAX);
  }
  private eof(): boolean {
    return this.pos >= this.p.length;
  }
  private char(): number {
    return this.p[this.pos] ?? EOF;
  }
  private peek(): number {
    return this.eof() ? EOF : (this.p[this.pos + 1] ?? EOF);
  }
  private bump(): boolean {
    if (this.eof()) return false;
    this.pos++;
    return !this.eof();
  }
  private bumpIf(prefix: string): boolean {
    for (let k = 0; k < prefix.length; k++) if (this.p[this.pos + k] !== prefix.charCodeAt(k)) return false;
    this.pos += prefix.length;
    return true;
  }
  private bumpSpace(): void {
    if (!this.ignoreWs) return;
    while (!this.eof()) {
      if (isWhitespace(this.char())) {
        this.bump();
      } else if (this.char() === cp('#')) {
        this.bump();
        while (!this.eof()) {
          const c = this.char();
          this.bump();
          if (c === 0x0a) break;
        }
      } else {
        break;
      }
    }
  }
  private bumpAndBumpSpace(): boolean {
    if (!this.bump()) return false;
    this.bumpSpace();
    return !this.eof();
  }
  /** `peek_space`, including its quirk: only whitespace and one leading `#` are skipped. */
  private peekSpace(): number {
    if (!this.ignoreWs) return this.peek();
    if (this.eof()) return EOF;
    let inComment = false;
    for (let j = this.pos + 1; j < this.p.length; j++) {
      const c = this.p[j] as number;
      if (isWhitespace(c)) continue;
      if (!inComment && c === cp('#')) inComment = true;
      else if (inComment && c === 0x0a) inComment = false;
      else return c;
    }
    return this.p[this.pos + 1] ?? EOF;
  }

  parse(): Ast {
    let concat: Ast[] = [];
    for (;;) {
      this.bumpSpace();
      if (this.eof()) break;
      switch (this.char()) {
        case cp('('):
          concat = this.pushGroup(concat);
          break;
        case cp(')'):
          concat = this.popGroup(concat);
          break;
        case cp('|'):
          this.pushAlternate(concat);
          concat = [];
          break;
        case cp('['):
          concat.push(this.parseSetClass());
          break;
        case cp('?'):
          this.repetition(concat, 0, 1);
          break;
        case cp('*'):
          this.repetition(concat, 0, Number.POSITIVE_INFINITY);
          break;
        case cp('+'):
          this.repetition(concat, 1, Number.POSITIVE_INFINITY);
          break;
        case cp('{'):
          this.countedRepetition(concat);
          break;
        default:
          concat.push(this.primitiveAst(this.parsePrimitive()));
      }
    }
    const top = this.groups.pop();
    let ast: Ast;
    if (top === undefined) ast = concatAst(concat);
    else if (top.t === 'alt') ast = altAst([...top.items, concatAst(concat)]);
    else this.fail();
    if (this.groups.length > 0) this.fail();
    return ast;
  }

  private primitiveAst(prim: Primitive): Ast {
    return prim.t === 'assert' ? { t: 'assert', kind: prim.kind } : prim;
  }

  private pushAlternate(concat: Ast[]): void {
    this.pos++;
    const top = this.groups[this.groups.length - 1];
    if (top?.t === 'alt') top.items.push(concatAst(concat));
    else this.groups.push({ t: 'alt', items: [concatAst(concat)] });
  }

  private pushGroup(concat: Ast[]): Ast[] {
    const g = this.parseGroup();
    if (g.t === 'set') {
      if (g.flags.x !== undefined) this.ignoreWs = g.flags.x;
      concat.push({ t: 'flags', flags: g.flags });
      return concat;
    }
    this.groups.push({ t: 'group', concat, flags: g.flags, ignoreWs: this.ignoreWs });
    this.ignoreWs = g.flags?.x ?? this.ignoreWs;
    return [];
  }

  private popGroup(groupConcat: Ast[]): Ast[] {
    let frame = this.groups.pop();
    let alt: Ast[] | undefined;
    if (frame?.t === 'alt') {
      alt = frame.items;
      frame = this.groups.pop();
    }
    if (frame?.t !== 'group') this.fail();
    this.ignoreWs = frame.ignoreWs;
    this.pos++;
    const sub = alt ? altAst([...alt, concatAst(groupConcat)]) : concatAst(groupConcat);
    frame.concat.push({ t: 'group', flags: frame.flags, sub });
    return frame.concat;
  }

  private parseGroup(): { t: 'set'; flags: Flags } | { t: 'group'; flags: Flags | undefined } {
    this.bump();
    this.bumpSpace();
    // Look-around is a syntax error in Rust, never an approximation here.
    if (this.bumpIf('?=') || this.bumpIf('?!') || this.bumpIf('?<=') || this.bumpIf('?<!')) this.fail();
    if (this.bumpIf('?P<') || this.bumpIf('?<')) {
      this.parseCaptureName();
      return { t: 'group', flags: undefined };
    }
    if (this.bumpIf('?')) {
      if (this.eof()) this.fail();
      const { flags, count } = this.parseFlags();
      const end = this.char();
      this.bump();
      if (end === cp(')')) {
        if (count === 0) this.fail();
        return { t: 'set', flags };
      }
      return { t: 'group', flags };
    }
    return { t: 'group', flags: undefined };
  }

  private parseCaptureName(): void {
    if (this.eof()) this.fail();
    const start = this.pos;
    for (;;) {
      if (this.char() === cp('>')) break;
      if (!isCaptureChar(this.char(), this.pos === start)) this.fail();
      if (!this.bump()) break;
    }
    const end = this.pos;
    if (this.eof()) this.fail();
    this.bump();
    if (end === start) this.fail();
    const name = String.fromCodePoint(...this.p.slice(start, end));
    if (this.names.has(name)) this.fail();
    this.names.add(name);
  }

  private parseFlags(): { flags: Flags; count: number } {
    const flags: Flags = {};
    const seen = new Set<number>();
    let enable = true;
    let lastWasNegation = false;
    let count = 0;
    while (this.char() !== cp(':') && this.char() !== cp(')')) {
      const c = this.char();
      if (seen.has(c)) this.fail();
      seen.add(c);
      count++;
      if (c === cp('-')) {
        lastWasNegation = true;
        enable = false;
      } else {
        lastWasNegation = false;
        const name = String.fromCharCode(c);
        if (!'imsUuRx'.includes(name) || c > 0x7f) this.fail();
        flags[name as FlagName] = enable;
      }
      if (!this.bump()) this.fail();
    }
    if (lastWasNegation) this.fail();
    return { flags, count };
  }

  private repetition(concat: Ast[], min: number, max: number): void {
    const sub = concat.pop();
    if (sub === undefined || sub.t === 'empty' || sub.t === 'flags') this.fail();
    if (this.bump() && this.char() === cp('?')) this.bump();
    concat.push({ t: 'rep', min, max, sub });
  }

  private countedRepetition(concat: Ast[]): void {
    const sub = concat.pop();
    if (sub === undefined || sub.t === 'empty' || sub.t === 'flags') this.fail();
    if (!this.bumpAndBumpSpace()) this.fail();
    const start = this.parseDecimal();
    if (this.eof()) this.fail();
    let min: number;
    let max: number;
    if (this.char() === cp(',')) {
      if (!this.bumpAndBumpSpace()) this.fail();
      if (this.char() !== cp('}')) {
        // `{,n}` needs regex-syntax's `empty_min_range`, which the regex crate leaves off.
        if (start === undefined) this.fail();
        const end = this.parseDecimal();
        if (end === undefined) this.fail();
        min = start;
        max = end;
      } else {
        if (start === undefined) this.fail();
        min = start;
        max = Number.POSITIVE_INFINITY;
      }
    } else {
      if (start === undefined) this.fail();
      min = start;
      max = start;
    }
    if (this.eof() || this.char() !== cp('}')) this.fail();
    if (this.bumpAndBumpSpace() && this.char() === cp('?')) this.bump();
    if (min > max) this.fail();
    // Rust allows up to u32::MAX here but its NFA size limit rejects large counts; ours are capped outright.
    if (min > RUST_REGEX_MAX_REPEAT || (max !== Number.POSITIVE_INFINITY && max > RUST_REGEX_MAX_REPEAT)) {
      throw invalid(TOO_BIG);
    }
    concat.push({ t: 'rep', min, max, sub });
  }

  /** `parse_decimal`: undefined when no digits; throws when the value overflows u32. */
  private parseDecimal(): number | undefined {
    while (!this.eof() && isWhitespace(this.char())) this.bump();
    let digits = '';
    while (!this.eof() && this.char() >= 0x30 && this.char() <= 0x39) {
      digits += String.fromCharCode(this.char());
      this.bumpAndBumpSpace();
    }
    while (!this.eof() && isWhitespace(this.char())) this.bumpAndBumpSpace();
    if (digits === '') return undefined;
    const n = Number(digits);
    if (n > 0xffffffff) this.fail();
    return n;
  }

  private parsePrimitive(): Primitive {
    const c = this.char();
    if (c === cp('\\')) return this.parseEscape();
    this.bump();
    if (c === cp('.')) return { t: 'dot' };
    if (c === cp('^')) return { t: 'assert', kind: 'startLine' };
    if (c === cp('$')) return { t: 'assert', kind: 'endLine' };
    return { t: 'lit', c };
  }

  private parseEscape(): Primitive {
    if (!this.bump()) this.fail();
    const c = this.char();
    // Octal is off in the regex crate, so any digit is an (unsupported) backreference.
    if (c >= 0x30 && c <= 0x39) this.fail();
    if (c === cp('x') || c === cp('u') || c === cp('U')) return { t: 'lit', c: this.parseHex() };
    if (c === cp('p') || c === cp('P')) return this.parseUnicodeClass();
    if ('dswDSW'.includes(String.fromCharCode(c)) && c < 0x80) {
      this.bump();
      const lower = String.fromCharCode(c).toLowerCase() as PerlKind;
      return { t: 'perl', kind: lower, neg: c < 0x61 };
    }
    this.bump();
    if (isEscapeable(c)) return { t: 'lit', c };
    switch (String.fromCodePoint(c)) {
      case 'a':
        return { t: 'lit', c: 0x07 };
      case 'f':
        return { t: 'lit', c: 0x0c };
      case 't':
        return { t: 'lit', c: 0x09 };
      case 'n':
        return { t: 'lit', c: 0x0a };
      case 'r':
        return { t: 'lit', c: 0x0d };
      case 'v':
        return { t: 'lit', c: 0x0b };
      case 'A':
        return { t: 'assert', kind: 'startText' };
      case 'z':
        return { t: 'assert', kind: 'endText' };
      case 'b': {
        const special = !this.eof() && this.char() === cp('{') ? this.specialWordBoundary() : undefined;
        return { t: 'assert', kind: special ?? 'word' };
      }
      case 'B':
        return { t: 'assert', kind: 'notWord' };
      case '<':
        return { t: 'assert', kind: 'wordStart' };
      case '>':
        return { t: 'assert', kind: 'wordEnd' };
      default:
        return this.fail();
    }
  }

  /** `\b{start}` and friends; undefined (position restored) when this is `\b` followed by a counted repetition. */
  private specialWordBoundary(): AssertKind | undefined {
    const valid = (c: number): boolean =>
      (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === cp('-');
    const start = this.pos;
    if (!this.bumpAndBumpSpace()) this.fail();
    if (!valid(this.char())) {
      this.pos = start;
      return undefined;
    }
    let name = '';
    while (!this.eof() && valid(this.char())) {
      name += String.fromCharCode(this.char());
      this.bumpAndBumpSpace();
    }
    if (this.eof() || this.char() !== cp('}')) this.fail();
    this.bump();
    const kinds: Record<string, AssertKind> = {
      start: 'wordStart',
      end: 'wordEnd',
      'start-half': 'wordStartHalf',
      'end-half': 'wordEndHalf',
    };
    return Object.hasOwn(kinds, name) ? kinds[name] : this.fail();
  }

  private parseHex(): number {
    const digits = this.char() === cp('x') ? 2 : this.char() === cp('u') ? 4 : 8;
    if (!this.bumpAndBumpSpace()) this.fail();
    let hex = '';
    if (this.char() === cp('{')) {
      while (this.bumpAndBumpSpace() && this.char() !== cp('}')) {
        if (!isHex(this.char())) this.fail();
        hex += String.fromCharCode(this.char());
      }
      if (this.eof()) this.fail();
      this.bumpAndBumpSpace();
      if (hex === '') this.fail();
    } else {
      for (let k = 0; k < digits; k++) {
        if (k > 0 && !this.bumpAndBumpSpace()) this.fail();
        if (!isHex(this.char())) this.fail();
        hex += String.fromCharCode(this.char());
      }
      this.bumpAndBumpSpace();
    }
    // u32 parse, then char::from_u32: no surrogates, nothing above U+10FFFF.
    if (hex.replace(/^0+/, '').length > 8) this.fail();
    const v = Number.parseInt(hex, 16);
    if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) this.fail();
    return v;
  }

  private parseUnicodeClass(): Primitive {
    const neg = this.char() === cp('P');
    if (!this.bumpAndBumpSpace()) this.fail();
    if (this.char() === cp('{')) {
      let name = '';
      while (this.bumpAndBumpSpace() && this.char() !== cp('}')) name += String.fromCodePoint(this.char());
      if (this.eof()) this.fail();
      this.bump();
      const ne = name.indexOf('!=');
      if (ne >= 0)
        return { t: 'uni', neg: !neg, q: { t: 'value', name: name.slice(0, ne), value: name.slice(ne + 2) } };
      const colon = name.indexOf(':');
      if (colon >= 0)
        return { t: 'uni', neg, q: { t: 'value', name: name.slice(0, colon), value: name.slice(colon + 1) } };
      const eq = name.indexOf('=');
      if (eq >= 0)
        return { t: 'uni', neg, q: { t: 'value', name: name.slice(0, eq), value: name.slice(eq + 1) } };
      return { t: 'uni', neg, q: { t: 'named', name } };
    }
    const c = this.char();
    if (c === cp('\\')) this.fail();
    this.bumpAndBumpSpace();
    return { t: 'uni', neg, q: { t: 'one', c } };
  }

  // -- character classes (`parse_set_class` and its helpers)

  private parseSetClass(): Ast {
    let union: ClassItem[] = [];
    for (;;) {
      this.bumpSpace();
      if (this.eof()) this.fail();
      const c = this.char();
      if (c === cp('[')) {
        if (this.classes.length > 0) {
          const ascii = this.asciiClass();
          if (ascii) {
            union.push(ascii);
            continue;
          }
        }
        union = this.pushClassOpen(union);
      } else if (c === cp(']')) {
        const done = this.popClass(union);
        if (!Array.isArray(done)) return { t: 'bracket', neg: done.neg, set: done.set };
        union = done;
      } else if (c === cp('&') && this.peek() === cp('&')) {
        this.pos += 2;
        union = this.pushClassOp('&&', union);
      } else if (c === cp('-') && this.peek() === cp('-')) {
        this.pos += 2;
        union = this.pushClassOp('--', union);
      } else if (c === cp('~') && this.peek() === cp('~')) {
        this.pos += 2;
        union = this.pushClassOp('~~', union);
      } else {
        union.push(this.parseSetClassRange());
      }
    }
  }

  private pushClassOpen(parent: ClassItem[]): ClassItem[] {
    if (!this.bumpAndBumpSpace()) this.fail();
    let neg = false;
    if (this.char() === cp('^')) {
      neg = true;
      if (!this.bumpAndBumpSpace()) this.fail();
    }
    const union: ClassItem[] = [];
    while (this.char() === cp('-')) {
      union.push({ t: 'lit', c: cp('-') });
      if (!this.bumpAndBumpSpace()) this.fail();
    }
    // A leading `]` is literal, so an empty class cannot be written.
    if (union.length === 0 && this.char() === cp(']')) {
      union.push({ t: 'lit', c: cp(']') });
      if (!this.bumpAndBumpSpace()) this.fail();
    }
    this.classes.push({ t: 'open', union: parent, neg });
    return union;
  }

  private popClassOp(rhs: ClassSet): ClassSet {
    const top = this.classes[this.classes.length - 1];
    if (top?.t !== 'op') return rhs;
    this.classes.pop();
    return { t: 'op', op: top.op, lhs: top.lhs, rhs };
  }

  private pushClassOp(op: '&&' | '--' | '~~', union: ClassItem[]): ClassItem[] {
    const lhs = this.popClassOp({ t: 'item', item: unionItem(union) });
    this.classes.push({ t: 'op', op, lhs });
    return [];
  }

  private popClass(union: ClassItem[]): ClassItem[] | { neg: boolean; set: ClassSet } {
    const set = this.popClassOp({ t: 'item', item: unionItem(union) });
    const open = this.classes.pop();
    if (open?.t !== 'open') return this.fail();
    this.bump();
    if (this.classes.length === 0) return { neg: open.neg, set };
    open.union.push({ t: 'bracket', neg: open.neg, set });
    return open.union;
  }

  private parseSetClassRange(): ClassItem {
    const first = this.parseSetClassItem();
    this.bumpSpace();
    if (this.eof()) this.fail();
    if (this.char() !== cp('-') || this.peekSpace() === cp(']') || this.peekSpace() === cp('-')) {
      if (first.t === 'assert' || first.t === 'dot') this.fail();
      return first;
    }
    if (!this.bumpAndBumpSpace()) this.fail();
    const second = this.parseSetClassItem();
    if (first.t !== 'lit' || second.t !== 'lit' || first.c > second.c) this.fail();
    return { t: 'range', a: first.c, b: second.c };
  }

  private parseSetClassItem(): Primitive {
    if (this.char() === cp('\\')) return this.parseEscape();
    const c = this.char();
    this.bump();
    return { t: 'lit', c };
  }

  /** `[:name:]` or `[:^name:]` inside a class; undefined (position restored) otherwise. */
  private asciiClass(): ClassItem | undefined {
    const start = this.pos;
    const reset = (): undefined => {
      this.pos = start;
      return undefined;
    };
    if (!this.bump() || this.char() !== cp(':')) return reset();
    if (!this.bump()) return reset();
    let neg = false;
    if (this.char() === cp('^')) {
      neg = true;
      if (!this.bump()) return reset();
    }
    const nameStart = this.pos;
    while (this.char() !== cp(':') && this.bump()) {}
    if (this.eof()) return reset();
    const name = String.fromCodePoint(...this.p.slice(nameStart, this.pos));
    if (!this.bumpIf(':]')) return reset();
    if (!ASCII_NAMES.has(name)) return reset();
    return { t: 'ascii', name: name as AsciiName, neg };
  }
}

/** regex-syntax's `NestLimiter` with the default limit of 250. */
function nestDepth(ast: Ast): number {
  switch (ast.t) {
    case 'concat':
    case 'alt':
      return 1 + Math.max(...ast.items.map(nestDepth));
    case 'rep':
    case 'group':
      return 1 + nestDepth(ast.sub);
    case 'bracket':
      return 1 + setDepth(ast.set);
    default:
      return 0;
  }
}
function setDepth(set: ClassSet): number {
  return set.t === 'op' ? 1 + Math.max(setDepth(set.lhs), setDepth(set.rhs)) : itemDepth(set.item);
}
function itemDepth(item: ClassItem): number {
  if (item.t === 'bracket') return 1 + setDepth(item.set);
  if (item.t === 'union') return 1 + Math.max(...item.items.map(itemDepth));
  return 0;
}

// ---------------------------------------------------------------------------
// Unicode property names (regex-syntax `unicode.rs`, tables from
// `unicode_tables/property_names.rs` and `property_values.rs`, Unicode 16).
// Each entry is `Canonical|alias|…`; the loosely-normalized canonical name is
// an alias too. Entries whose Rust lookup fails (gc=Surrogate,
// sc=Katakana_Or_Hiragana, sc=Unknown) are left out, so they fail here too.

const PROPERTY_NAMES =
  'ASCII_Hex_Digit|ahex,Alphabetic|alpha,Bidi_Control|bidic,Bidi_Mirrored|bidim,Cased,Case_Ignorable|ci' +
  ',Changes_When_Casefolded|cwcf,Changes_When_Casemapped|cwcm,Changes_When_Lowercased|cwl,Changes_When_' +
  'Titlecased|cwt,Changes_When_Uppercased|cwu,Dash,Default_Ignorable_Code_Point|di,Deprecated|dep,Diacr' +
  'itic|dia,Emoji_Modifier_Base|ebase,Emoji_Component|ecomp,Emoji_Modifier|emod,Emoji,Emoji_Presentatio' +
  'n|epres,Extender|ext,Extended_Pictographic|extpict,General_Category|gc,Grapheme_Base|grbase,Grapheme' +
  '_Extend|grext,Grapheme_Link|grlink,Hex_Digit|hex,Hyphen,ID_Continue|idc,ID_Compat_Math_Continue,ID_C' +
  'ompat_Math_Start,Ideographic|ideo,ID_Start|ids,IDS_Binary_Operator|idsb,IDS_Trinary_Operator|idst,ID' +
  'S_Unary_Operator|idsu,Join_Control|joinc,Logical_Order_Exception|loe,Lowercase|lower,Math,Modifier_C' +
  'ombining_Mark|mcm,Noncharacter_Code_Point|nchar,Other_Alphabetic|oalpha,Other_Default_Ignorable_Code' +
  '_Point|odi,Other_Grapheme_Extend|ogrext,Other_ID_Continue|oidc,Other_ID_Start|oids,Other_Lowercase|o' +
  'lower,Other_Math|omath,Other_Uppercase|oupper,Pattern_Syntax|patsyn,Pattern_White_Space|patws,Prepen' +
  'ded_Concatenation_Mark|pcm,Quotation_Mark|qmark,Radical,Regional_Indicator|ri,Script|sc,Script_Exten' +
  'sions|scx,Soft_Dotted|sd,Sentence_Terminal|sterm,White_Space|space|wspace,Terminal_Punctuation|term,' +
  'Unified_Ideograph|uideo,Uppercase|upper,Variation_Selector|vs,XID_Continue|xidc,XID_Start|xids';
const GENERAL_CATEGORIES =
  'Other|c,Cased_Letter|lc,Control|cc|cntrl,Format|cf,Close_Punctuation|pe,Unassigned|cn,Private_Use|co' +
  ',Mark|combiningmark|m,Connector_Punctuation|pc,Currency_Symbol|sc,Dash_Punctuation|pd,Decimal_Number' +
  '|digit|nd,Enclosing_Mark|me,Final_Punctuation|pf,Initial_Punctuation|pi,Letter|l,Letter_Number|nl,Li' +
  'ne_Separator|zl,Lowercase_Letter|ll,Modifier_Letter|lm,Other_Letter|lo,Titlecase_Letter|lt,Uppercase' +
  '_Letter|lu,Math_Symbol|sm,Spacing_Mark|mc,Nonspacing_Mark|mn,Modifier_Symbol|sk,Number|n,Other_Numbe' +
  'r|no,Open_Punctuation|ps,Other_Punctuation|po,Other_Symbol|so,Punctuation|p|punct,Paragraph_Separato' +
  'r|zp,Symbol|s,Separator|z,Space_Separator|zs';
const SCRIPTS =
  'Adlam|adlm,Caucasian_Albanian|aghb,Ahom,Anatolian_Hieroglyphs|hluw,Arabic|arab,Armenian|armn,Imperia' +
  'l_Aramaic|armi,Avestan|avst,Balinese|bali,Bamum|bamu,Bassa_Vah|bass,Batak|batk,Bengali|beng,Bhaiksuk' +
  'i|bhks,Bopomofo|bopo,Brahmi|brah,Braille|brai,Buginese|bugi,Buhid|buhd,Chakma|cakm,Canadian_Aborigin' +
  'al|cans,Carian|cari,Cham,Cherokee|cher,Chorasmian|chrs,Common|zyyy,Coptic|copt|qaac,Cypro_Minoan|cpm' +
  'n,Cypriot|cprt,Cuneiform|xsux,Cyrillic|cyrl,Deseret|dsrt,Devanagari|deva,Dives_Akuru|diak,Dogra|dogr' +
  ',Duployan|dupl,Egyptian_Hieroglyphs|egyp,Elbasan|elba,Elymaic|elym,Ethiopic|ethi,Garay|gara,Georgian' +
  '|geor,Glagolitic|glag,Gunjala_Gondi|gong,Masaram_Gondi|gonm,Gothic|goth,Grantha|gran,Greek|grek,Guja' +
  'rati|gujr,Gurung_Khema|gukh,Gurmukhi|guru,Han|hani,Hangul|hang,Hanifi_Rohingya|rohg,Hanunoo|hano,Hat' +
  'ran|hatr,Hebrew|hebr,Hiragana|hira,Pahawh_Hmong|hmng,Nyiakeng_Puachue_Hmong|hmnp,Old_Hungarian|hung,' +
  'Inherited|qaai|zinh,Inscriptional_Pahlavi|phli,Inscriptional_Parthian|prti,Old_Italic|ital,Javanese|' +
  'java,Kaithi|kthi,Kayah_Li|kali,Katakana|kana,Kannada|knda,Kawi,Kharoshthi|khar,Khitan_Small_Script|k' +
  'its,Khmer|khmr,Khojki|khoj,Khudawadi|sind,Kirat_Rai|krai,Tai_Tham|lana,Lao|laoo,Latin|latn,Lepcha|le' +
  'pc,Limbu|limb,Linear_A|lina,Linear_B|linb,Lisu,Lycian|lyci,Lydian|lydi,Mahajani|mahj,Makasar|maka,Ma' +
  'layalam|mlym,Mandaic|mand,Manichaean|mani,Marchen|marc,Medefaidrin|medf,Meetei_Mayek|mtei,Mende_Kika' +
  'kui|mend,Meroitic_Cursive|merc,Meroitic_Hieroglyphs|mero,Miao|plrd,Modi,Mongolian|mong,Mro|mroo,Mult' +
  'ani|mult,Myanmar|mymr,Nabataean|nbat,Nag_Mundari|nagm,Nandinagari|nand,Old_North_Arabian|narb,Newa,N' +
  'ew_Tai_Lue|talu,Nko|nkoo,Nushu|nshu,Ogham|ogam,Ol_Chiki|olck,Old_Permic|perm,Old_Persian|xpeo,Old_So' +
  'gdian|sogo,Old_South_Arabian|sarb,Old_Turkic|orkh,Old_Uyghur|ougr,Ol_Onal|onao,Oriya|orya,Osage|osge' +
  ',Osmanya|osma,Palmyrene|palm,Pau_Cin_Hau|pauc,Phags_Pa|phag,Psalter_Pahlavi|phlp,Phoenician|phnx,Rej' +
  'ang|rjng,Runic|runr,Samaritan|samr,Saurashtra|saur,SignWriting|sgnw,Sharada|shrd,Shavian|shaw,Siddha' +
  'm|sidd,Sinhala|sinh,Sogdian|sogd,Sora_Sompeng|sora,Soyombo|soyo,Sundanese|sund,Sunuwar|sunu,Syloti_N' +
  'agri|sylo,Syriac|syrc,Tagalog|tglg,Tagbanwa|tagb,Tai_Le|tale,Tai_Viet|tavt,Takri|takr,Tamil|taml,Tan' +
  'gut|tang,Tangsa|tnsa,Telugu|telu,Tifinagh|tfng,Thaana|thaa,Thai,Tibetan|tibt,Tirhuta|tirh,Todhri|tod' +
  'r,Toto,Tulu_Tigalari|tutg,Ugaritic|ugar,Vai|vaii,Vithkuqi|vith,Wancho|wcho,Warang_Citi|wara,Yezidi|y' +
  'ezi,Yi|yiii,Zanabazar_Square|zanb';
const RUST_UNASSIGNED =
  'oo.1 6.3 7.0 1.0 k.0 b1.0 12.1 1e.1 3.0 1j.7 r.3 6.a 7i.0 1o.1 2t.d 1n.1 1d.1 f.0 s.1 1.0 b.4 v.0 2.' +
  '4 6l.0 8.1 2.1 m.0 7.0 1.2 4.1 9.1 2.1 4.7 1.3 2.0 5.1 p.1 3.0 6.3 2.1 m.0 7.0 2.0 2.0 2.1 1.0 5.3 2' +
  '.1 3.2 1.6 4.0 1.6 h.9 3.0 9.0 3.0 m.0 7.0 2.0 5.1 a.0 3.0 3.1 1.e 4.1 c.6 7.0 3.0 8.1 2.1 m.0 7.0 2' +
  '.0 5.1 9.1 2.1 3.6 3.3 2.0 5.1 i.9 2.0 6.2 3.0 4.2 2.0 1.0 2.2 2.2 3.2 c.3 5.2 3.0 4.1 1.5 1.d l.4 d' +
  '.0 3.0 n.0 g.1 9.0 3.0 4.6 2.0 3.1 1.1 4.1 a.6 m.0 3.0 n.0 a.0 5.1 9.0 3.0 4.6 2.5 2.0 4.1 a.0 3.b d' +
  '.0 3.0 1f.0 3.0 6.3 g.1 q.0 3.0 i.2 o.0 9.0 1.1 7.2 1.3 6.0 1.0 8.5 a.1 3.b 1m.3 t.10 2.0 1.0 5.0 o.' +
  '0 1.0 n.1 5.0 1.0 7.0 a.1 4.v 20.0 10.3 13.0 10.0 f.0 d.10 5i.0 1.4 1.1 ah.0 4.1 7.0 1.0 4.1 15.0 4.' +
  '1 x.0 4.1 7.0 1.0 4.1 f.0 1l.0 4.1 1v.1 w.2 q.5 2e.1 6.1 il.2 2h.6 m.8 o.8 k.b d.0 3.0 2.b 2m.1 a.5 ' +
  'a.5 q.5 2h.6 17.4 1y.9 v.0 c.3 c.3 1.2 16.1 5.a 18.3 q.5 b.2 1q.1 1t.0 t.1 b.5 a.5 e.1 v.1c 25.0 4m.' +
  '7 1o.2 f.2 1q.4 17.1 b.7 17.4 eu.1 6.1 12.1 6.1 8.0 1.0 1.0 1.0 v.1 1h.0 f.0 e.1 6.0 j.1 3.0 9.0 2t.' +
  '0 c.1 r.0 d.2 x.e x.e 3w.3 ii.l b.k 1ec.1 w.0 9p.4 19.0 1.4 1.1 1k.6 2.d o.8 7.0 7.0 7.0 7.0 7.0 7.0' +
  ' 7.0 7.0 3i.x q.0 2h.b 5y.p 28.0 2e.1 2v.4 17.0 2m.0 2e.8 1c.0 mlp.2 1j.8 9o.j 54.7 5q.1 2.0 1.0 8.k' +
  ' 1n.2 a.5 1k.7 1y.7 c.5 38.a u.2 26.0 b.3 x.0 1j.8 e.1 a.1 2v.n s.9 6.1 6.1 6.8 7.0 7.0 1o.3 3i.1 a.' +
  '5 8mc.b n.3 1d.3 6su.1 2y.11 7.b 5.4 q.0 5.0 1.0 2.0 2.0 3h.f cd.1 1i.6 1.v 16.5 1f.0 j.0 4.3 5.0 3r' +
  '.1 1.0 5a.2 6.1 6.1 6.1 3.2 7.0 7.9 5.1 c.0 q.0 j.0 2.0 f.1 e.x 3f.4 3.3 19.2 2g.0 d.2 1.1a 1a.3l t.' +
  '2 1d.e s.3 10.8 u.4 17.4 u.0 11.3 e.15 4e.1 a.5 10.3 10.3 14.7 1g.a c.0 f.0 7.0 2.0 b.0 f.0 7.0 2.2 ' +
  '1g.b 8n.8 m.9 8.n 6.0 16.0 9.1w 6.1 1.0 18.0 2.2 1.1 n.0 20.7 9.1b j.0 2.4 x.2 r.4 1.1r 1k.3 k.1 1e.' +
  '0 2.4 8.0 3.0 t.1 3.3 a.6 9.6 1s.v 13.3 c.8 1i.2 t.1 r.4 q.6 4.b 7.27 21.1i 1f.c 1f.6 1a.7 a.5 12.2 ' +
  't.7 2.5r v.0 16.0 3.1 2.f 3.1i 18.7 16.l q.11 s.j n.8 26.3 10.8 1w.9 1.1 p.6 a.5 1h.0 i.7 13.8 2o.0 ' +
  'k.a i.0 1b.1p 7.0 1.0 4.0 f.0 b.5 1n.4 a.5 4.0 8.1 2.1 m.0 7.0 2.0 5.0 a.1 2.1 3.1 1.5 1.4 7.1 7.2 5' +
  '.a a.0 1.1 1.0 12.0 a.0 1.1 1.0 4.0 a.0 2.7 2.s 2k.0 5.t 20.7 a.4l 1i.1 12.x 1x.a a.5 d.i 1m.5 a.5 k' +
  '.r r.1 f.3 n.54 1o.2r 2b.b 8.1 1.1 8.0 2.0 u.0 2.1 c.8 a.1x 8.1 1a.1 b.q 20.7 2b.c 21.6 a.51 y.d a.5' +
  ' 9.0 19.0 e.9 t.2 w.1 m.0 e.20 7.0 2.0 18.2 1.0 2.0 9.7 a.5 6.0 2.0 11.0 2.0 6.6 a.8l p.6 h.0 15.2 t' +
  '.2c 1.e 1e.c pn.2t 33.0 5.a 5g.217 2r.c uu.9 32z.4 g7.5a0 1m.1c5 ft.6 v.0 a.3 29.0 a.5 u.1 6.9 1y.9 ' +
  'a.0 7.0 l.4 j.bz 1m.5h 2j.2s 23.3 1l.6 h.1r 5.a 2.d 4qg.7 ye.14 a.6w6 4.0 7.0 2.0 83.e 1.s 3.1 1.d 4' +
  '.7 b0.1s3 2z.4 d.2 9.6 a.1 8.317 6y.5 c4.23 1a.1 n.8 38.1n 6u.9 13.1 5e.k 1y.3d k.b k.b 2f.8 p.3q 2d' +
  '.0 1z.0 2.1 1.1 2.1 4.0 c.0 1.0 7.0 1t.0 4.1 8.0 7.0 s.0 4.0 5.0 1.2 7.0 9g.1 84.1 ji.e 5.0 f.un v.5' +
  ' 6.5w 7.0 h.1 7.0 2.0 5.4 1q.w 1.33 19.2 e.1 a.3 2.8v v.g 1m.4 1.cv 16.5x 17.3 1.db 7.0 4.0 2.0 f.0 ' +
  '5h.1 g.14 24.3 a.3 2.ls 1w.23 1p.5d 4.0 r.0 2.0 1.1 1.0 a.0 4.0 1.0 1.5 1.3 1.0 1.0 1.0 3.0 2.0 1.1 ' +
  '1.0 1.0 1.0 1.0 1.0 2.0 1.1 4.0 7.0 4.0 4.0 1.0 a.0 h.4 3.0 5.0 h.1f 2.7h 18.3 2s.b f.1 f.0 f.0 11.9' +
  ' 4u.1j t.c 18.3 9.6 2.d 6.49 rc.3 h.2 d.2 3b.3 2n.5 c.3 1.e c.3 1k.7 a.5 14.7 u.1 c.3 2.1p 9g.b e.1 ' +
  'd.2 a.4 1k.6 f.1 b.5 9.6 43.0 2u.sl wyo.v 37e.5 66.1 4g2.d 5rl.e ha.1wh f2.15t 3t7.4 38g.f974 1.t 2o' +
  '.3j 6o.1e6n 1eke.1 1eke.1';

/** Names that exist in Rust but map to data JavaScript lacks (Age, segmentation properties). */
const UNSUPPORTED_PROPERTIES = new Set([
  'age',
  'gcb',
  'graphemeclusterbreak',
  'wb',
  'wordbreak',
  'sb',
  'sentencebreak',
]);
/** Properties whose data differs materially between Rust's Unicode 16 tables and current engines. */
const DRIFTED_PROPERTIES = new Set(['Extended_Pictographic', 'Diacritic']);
const NON_BINARY = new Set(['General_Category', 'Script', 'Script_Extensions']);

/** regex-syntax `symbolic_name_normalize` (UAX44-LM3 as Rust implements it, non-ASCII dropped). */
function normalizeName(x: string): string {
  const isPrefix = x.length >= 2 && (x[0] === 'i' || x[0] === 'I') && (x[1] === 's' || x[1] === 'S');
  let out = '';
  for (const ch of isPrefix ? x.slice(2) : x) {
    const c = ch.codePointAt(0) as number;
    if (ch === ' ' || ch === '_' || ch === '-' || c > 0x7f) continue;
    out += c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 0x20) : ch;
  }
  // Rust's special case: "isc" is the 'Other' category's alias, not "is" + "c".
  return isPrefix && out === 'c' ? 'isc' : out;
}

function aliasTable(table: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of table.split(',')) {
    const [canonical = '', ...aliases] = entry.split('|');
    map.set(normalizeName(canonical), canonical);
    for (const alias of aliases) map.set(alias, canonical);
  }
  return map;
}

let tables: { props: Map<string, string>; gc: Map<string, string>; scripts: Map<string, string> } | undefined;
function unicodeTables(): NonNullable<typeof tables> {
  tables ??= {
    props: aliasTable(PROPERTY_NAMES),
    gc: aliasTable(GENERAL_CATEGORIES),
    scripts: aliasTable(SCRIPTS),
  };
  return tables;
}

function gencatBody(n: string): string | undefined {
  if (n === 'any') return 'Any';
  if (n === 'assigned') return 'Assigned';
  if (n === 'ascii') return 'ASCII';
  const c = unicodeTables().gc.get(n);
  return c === undefined ? undefined : `gc=${c}`;
}

function scriptBody(n: string, key: 'sc' | 'scx'): string | undefined {
  const c = unicodeTables().scripts.get(n);
  return c === undefined ? undefined : `${key}=${c}`;
}

/** regex-syntax `unicode::class` lookup order, ending in the body of a JavaScript `\p{…}`. */
function unicodeBody(q: UniQuery): string {
  const { props } = unicodeTables();
  if (q.t === 'value') {
    const name = normalizeName(q.name);
    const value = normalizeName(q.value);
    if (UNSUPPORTED_PROPERTIES.has(name)) throw invalid(UNSUPPORTED);
    const prop = props.get(name);
    let body: string | undefined;
    if (prop === 'General_Category') body = gencatBody(value);
    else if (prop === 'Script') body = scriptBody(value, 'sc');
    else if (prop === 'Script_Extensions') body = scriptBody(value, 'scx');
    if (body === undefined) throw invalid(SYNTAX);
    return body;
  }
  const n = normalizeName(q.t === 'one' ? String.fromCodePoint(q.c) : q.name);
  // 'cf', 'sc' and 'lc' are general categories even though they also abbreviate property names.
  if (n !== 'cf' && n !== 'sc' && n !== 'lc') {
    const prop = props.get(n);
    if (prop !== undefined) {
      if (NON_BINARY.has(prop)) throw invalid(SYNTAX);
      if (DRIFTED_PROPERTIES.has(prop)) throw invalid(UNSUPPORTED);
      return prop;
    }
  }
  const body = gencatBody(n) ?? scriptBody(n, 'sc');
  if (body === undefined) throw invalid(SYNTAX);
  return body;
}

const supported = new Map<string, boolean>();
/** Whether this engine knows `\p{body}`; Rust supports a few binary properties JavaScript does not. */
function engineSupports(body: string): boolean {
  let ok = supported.get(body);
  if (ok === undefined) {
    try {
      new RegExp(`\\p{${body}}`, 'v');
      ok = true;
    } catch {
      ok = false;
    }
    supported.set(body, ok);
  }
  return ok;
}

// ---------------------------------------------------------------------------
// Translation: flags applied, classes as JavaScript `v`-mode class sources

enum Look {
  Start,
  End,
  StartLF,
  EndLF,
  StartCRLF,
  EndCRLF,
  Word,
  NotWord,
  WordStart,
  WordEnd,
  WordStartHalf,
  WordEndHalf,
}

/**
 * One code point's test. `class` carries a `v`-flag class source whose
 * meaning equals Rust's class: with `ci`, the `i` flag reproduces Rust's
 * "simple case fold, then negate" because `v`-mode complements are taken over
 * case-folded sets. `bound` is an upper bound on its number of ranges
 * (Infinity when only a scan can tell).
 */
type CharSet =
  | { t: 'cp'; c: number }
  | { t: 'dot'; not: readonly number[] }
  | { t: 'class'; src: string; ci: boolean; bound: number };

type Hir =
  | { t: 'empty' }
  | { t: 'char'; set: CharSet }
  | { t: 'look'; look: Look }
  | { t: 'cat'; items: Hir[] }
  | { t: 'alt'; items: Hir[] }
  | { t: 'rep'; min: number; max: number; sub: Hir };

const hexEsc = (c: number): string => `\\u{${c.toString(16)}}`;
/** regex-syntax's `perl_word` (UTS#18 \w); verified equal to Rust's table on every Unicode 16 code point. */
const WORD_BODY = '\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}';
const WORD_CLASS = `[${WORD_BODY}]`;

/** regex-syntax's `ascii_class` ranges, as `v`-mode class contents. */
const ASCII_CLASSES: Record<AsciiName, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7f',
  blank: '\\x09\\x20',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '\\x21-\\x7e',
  lower: 'a-z',
  print: '\\x20-\\x7e',
  punct: '\\x21-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7e',
  space: '\\x09-\\x0d\\x20',
  upper: 'A-Z',
  word: '0-9A-Z_a-z',
  xdigit: '0-9A-Fa-f',
};

type ActiveFlags = { i: boolean; m: boolean; s: boolean; R: boolean };

class Translator {
  private flags: Flags = {};
  /** Whether matching depends on Unicode data (properties, Perl classes, case folding, word boundaries). */
  usesTables = false;
  /** Whether it uses `\p{…}` data, whose values drifted for a few code points since Unicode 16. */
  usesProperties = false;
  needWord = false;
  needLines = false;

  private active(): ActiveFlags {
    return {
      i: this.flags.i ?? false,
      m: this.flags.m ?? false,
      s: this.flags.s ?? false,
      R: this.flags.R ?? false,
    };
  }

  private setFlags(f: Flags): void {
    // Without Unicode mode Rust switches to ASCII/byte semantics; not reproduced, so refused.
    if (f.u === false) throw invalid(UNSUPPORTED);
    this.flags = { ...this.flags, ...Object.fromEntries(Object.entries(f).filter(([k]) => k !== 'x')) };
  }

  translate(ast: Ast): Hir {
    switch (ast.t) {
      case 'empty':
        return { t: 'empty' };
      case 'flags':
        this.setFlags(ast.flags);
        return { t: 'empty' };
      case 'lit':
        return { t: 'char', set: this.literal(ast.c) };
      case 'dot': {
        const f = this.active();
        return { t: 'char', set: { t: 'dot', not: f.s ? [] : f.R ? [0x0a, 0x0d] : [0x0a] } };
      }
      case 'assert':
        return { t: 'look', look: this.look(ast.kind) };
      case 'perl':
        this.usesTables = true;
        // Rust does not case-fold Perl classes (they are closed under folding already).
        return {
          t: 'char',
          set: { t: 'class', src: perlSrc(ast.kind, ast.neg), ci: false, bound: PERL_RANGES[ast.kind] },
        };
      case 'uni': {
        const ci = this.active().i;
        return {
          t: 'char',
          set: { t: 'class', src: this.uniSrc(ast.q, ast.neg), ci, bound: Number.POSITIVE_INFINITY },
        };
      }
      case 'bracket': {
        const ci = this.active().i;
        if (ci) this.usesTables = true;
        const src = `[${ast.neg ? '^' : ''}${this.setSrc(ast.set)}]`;
        const bound = ci ? Number.POSITIVE_INFINITY : setBound(ast.set) + 1;
        return { t: 'char', set: { t: 'class', src, ci, bound } };
      }
      case 'rep':
        return { t: 'rep', min: ast.min, max: ast.max, sub: this.translate(ast.sub) };
      case 'group': {
        const saved = this.flags;
        if (ast.flags) this.setFlags(ast.flags);
        const sub = this.translate(ast.sub);
        this.flags = saved;
        return sub;
      }
      case 'concat':
        // Flags set inside a concatenation or alternation persist to the end of the enclosing group.
        return { t: 'cat', items: ast.items.map((a) => this.translate(a)) };
      case 'alt':
        return { t: 'alt', items: ast.items.map((a) => this.translate(a)) };
    }
  }

  private literal(c: number): CharSet {
    const caseless = c < 0x80 && !((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a));
    if (!this.active().i || caseless) return { t: 'cp', c };
    this.usesTables = true;
    return { t: 'class', src: `[${hexEsc(c)}]`, ci: true, bound: 4 };
  }

  private look(kind: AssertKind): Look {
    const f = this.active();
    switch (kind) {
      case 'startLine':
        if (f.m) this.needLines = true;
        return f.m ? (f.R ? Look.StartCRLF : Look.StartLF) : Look.Start;
      case 'endLine':
        if (f.m) this.needLines = true;
        return f.m ? (f.R ? Look.EndCRLF : Look.EndLF) : Look.End;
      case 'startText':
        return Look.Start;
      case 'endText':
        return Look.End;
    }
    this.usesTables = true;
    this.needWord = true;
    switch (kind) {
      case 'word':
        return Look.Word;
      case 'notWord':
        return Look.NotWord;
      case 'wordStart':
        return Look.WordStart;
      case 'wordEnd':
        return Look.WordEnd;
      case 'wordStartHalf':
        return Look.WordStartHalf;
      case 'wordEndHalf':
        return Look.WordEndHalf;
    }
  }

  private uniSrc(q: UniQuery, neg: boolean): string {
    this.usesTables = true;
    this.usesProperties = true;
    const body = unicodeBody(q);
    if (!engineSupports(body)) throw invalid(UNSUPPORTED);
    return `\\${neg ? 'P' : 'p'}{${body}}`;
  }

  private itemSrc(item: ClassItem): string {
    switch (item.t) {
      case 'empty':
        return '';
      case 'lit':
        return hexEsc(item.c);
      case 'range':
        return `${hexEsc(item.a)}-${hexEsc(item.b)}`;
      case 'ascii':
        return `[${item.neg ? '^' : ''}${ASCII_CLASSES[item.name]}]`;
      case 'perl':
        this.usesTables = true;
        return perlSrc(item.kind, item.neg);
      case 'uni':
        return this.uniSrc(item.q, item.neg);
      case 'bracket':
        return `[${item.neg ? '^' : ''}${this.setSrc(item.set)}]`;
      case 'union':
        return item.items.map((i) => this.itemSrc(i)).join('');
    }
  }

  /** Class contents; Rust's left-associative `&&`/`--`/`~~` become nested `v`-mode operands. */
  private setSrc(set: ClassSet): string {
    if (set.t === 'item') return this.itemSrc(set.item);
    const l = `[${this.setSrc(set.lhs)}]`;
    const r = `[${this.setSrc(set.rhs)}]`;
    if (set.op === '~~') return `[${l}--${r}][${r}--${l}]`;
    return `${l}${set.op}${r}`;
  }
}

/** Ranges of Rust's (Unicode 16) `\d`, `\s`, `\w` tables, counting the extra one a negation can add. */
const PERL_RANGES: Record<PerlKind, number> = { d: 72, s: 11, w: 797 };

function perlSrc(kind: PerlKind, neg: boolean): string {
  if (kind === 'd') return neg ? '\\P{Nd}' : '\\p{Nd}';
  if (kind === 's') return neg ? '\\P{White_Space}' : '\\p{White_Space}';
  return neg ? `[^${WORD_BODY}]` : WORD_CLASS;
}

/** Upper bound on the ranges of a case-sensitive class (Infinity when it holds Unicode data). */
function setBound(set: ClassSet): number {
  if (set.t === 'op') return setBound(set.lhs) + setBound(set.rhs) + 1;
  return itemBound(set.item);
}
function itemBound(item: ClassItem): number {
  switch (item.t) {
    case 'empty':
      return 0;
    case 'lit':
    case 'range':
      return 1;
    case 'ascii':
      return 5;
    case 'perl':
      return PERL_RANGES[item.kind];
    case 'uni':
      return Number.POSITIVE_INFINITY;
    case 'bracket':
      return setBound(item.set) + 1;
    case 'union':
      return item.items.reduce((n, i) => n + itemBound(i), 0);
  }
}

// ---------------------------------------------------------------------------
// Rust's compiled-size limit (10 MiB of NFA) as a conservative cost model.
// Calibrated against regex 1.13.1 with 1e6 units for the limit: the largest
// accepted `X{n}` puts a literal at ~3 units per UTF-8 byte, `.` at ~40, `\d`
// at ~150, `\w` at ~2000 and the most fragmented classes tried at ~2700; the
// model below over-estimates each (48 + 10 per range, 4 per byte), so
// anything Rust refuses for size is refused here too.

const COST_LIMIT = 1_000_000;
/** Stand-in range count before scanning; above any class a 4 KiB pattern can build. */
const UNSCANNED_RANGES = 20_000;

let allCodePoints: string | undefined;
const rangeCounts = new Map<string, number>();

/**
 * Number of maximal code point ranges in a class, scanning every scalar value
 * once (cached). It alternates between the class and its complement rather
 * than using `X+`: Node 20's V8 mis-handles quantified `v`-mode classes whose
 * contents are empty (`/^[^]+$/v` fails on "ab"); single-character tests, the
 * only kind matching uses, are unaffected.
 */
function countRanges(src: string, ci: boolean): number {
  const key = `${ci ? 'i' : 'c'}${src}`;
  let n = rangeCounts.get(key);
  if (n !== undefined) return n;
  if (allCodePoints === undefined) {
    const parts: string[] = [];
    for (let start = 0; start < 0x110000; start += 0x1000) {
      const chunk: number[] = [];
      for (let c = start; c < start + 0x1000; c++) if (c < 0xd800 || c > 0xdfff) chunk.push(c);
      parts.push(String.fromCodePoint(...chunk));
    }
    allCodePoints = parts.join('');
  }
  const flags = ci ? 'giv' : 'gv';
  const inside = new RegExp(src, flags);
  const outside = new RegExp(`[^${src}]`, flags);
  n = 0;
  for (let at = 0; ; ) {
    inside.lastIndex = at;
    const run = inside.exec(allCodePoints);
    if (run === null) break;
    n++;
    outside.lastIndex = run.index;
    const gap = outside.exec(allCodePoints);
    if (gap === null) break;
    at = gap.index;
  }
  if (rangeCounts.size > 1024) rangeCounts.clear();
  rangeCounts.set(key, n);
  return n;
}

function sizeCost(h: Hir, ranges: (set: CharSet & { t: 'class' }) => number): number {
  switch (h.t) {
    case 'empty':
      return 0;
    case 'look':
      return 4;
    case 'char': {
      const s = h.set;
      if (s.t === 'cp') return 4 * utf8Length(s.c);
      if (s.t === 'dot') return 48 + 10 * (s.not.length + 1);
      return 48 + 10 * (Number.isFinite(s.bound) ? s.bound : ranges(s));
    }
    case 'cat':
      return h.items.reduce((n, i) => n + sizeCost(i, ranges), 0);
    case 'alt':
      return h.items.reduce((n, i) => n + sizeCost(i, ranges) + 4, 0);
    case 'rep': {
      const c = sizeCost(h.sub, ranges);
      const optional = Number.isFinite(h.max) ? h.max - h.min : 1;
      // +1 per copy so that even empty bodies cannot nest into unbounded work.
      return Math.min(COST_LIMIT + 1, h.min * (c + 1) + optional * (c + 8));
    }
  }
}

/** Distinct classes one compilation may scan (up to ~90 ms each), so hostile patterns cannot stall compilation. */
const MAX_SCANS = 3;

function checkSize(h: Hir): void {
  if (sizeCost(h, () => UNSCANNED_RANGES) <= COST_LIMIT) return;
  const scanned = new Map<string, number>();
  const ranges = (s: CharSet & { t: 'class' }): number => {
    const key = `${s.ci}${s.src}`;
    let n = scanned.get(key);
    if (n === undefined) {
      n = scanned.size < MAX_SCANS ? countRanges(s.src, s.ci) : UNSCANNED_RANGES;
      scanned.set(key, n);
    }
    return n;
  };
  if (sizeCost(h, ranges) > COST_LIMIT) throw invalid(TOO_BIG);
}

// ---------------------------------------------------------------------------
// NFA program and lazy-DFA matcher

const OP_CHAR = 0;
const OP_SPLIT = 1;
const OP_LOOK = 2;
const OP_MATCH = 3;
/** Instruction cap; keeps each uncached DFA step cheap (Rust's own limit is applied by checkSize). */
const MAX_INSTRUCTIONS = 100_000;
/** Per-call budget of NFA instruction visits; exhausting it is a `constraint_error`. */
const WORK_LIMIT = 10_000_000;
const MAX_STATES = 4096;
const MAX_TRANSITIONS = 200_000;
const END = 0x110000;
const MATCH = -1;
const NO_MATCH = -2;

interface Pred {
  test(c: number): boolean;
}

/** A class test through a one-character `v`-mode RegExp, memoized. */
class ClassPred implements Pred {
  private readonly re: RegExp;
  private readonly ascii = new Int8Array(128);
  private readonly memo = new Map<number, boolean>();

  constructor(src: string, ci: boolean) {
    try {
      this.re = new RegExp(`^${src}$`, ci ? 'iv' : 'v');
    } catch {
      // Every construct is checked on the way in; this is a defensive fail-closed path.
      throw invalid(UNSUPPORTED);
    }
  }

  test(c: number): boolean {
    if (c < 128) {
      const v = this.ascii[c];
      if (v !== 0) return v === 1;
      const r = this.re.test(String.fromCharCode(c));
      this.ascii[c] = r ? 1 : 2;
      return r;
    }
    let r = this.memo.get(c);
    if (r === undefined) {
      r = this.re.test(String.fromCodePoint(c));
      if (this.memo.size >= 65536) this.memo.clear();
      this.memo.set(c, r);
    }
    return r;
  }
}

class Program {
  readonly op: number[] = [];
  readonly x: number[] = [];
  readonly y: number[] = [];
  readonly arg: number[] = [];
  readonly preds: Pred[] = [];
  private readonly predIndex = new Map<string, number>();
  start = 0;

  add(op: number, x: number, y: number, arg: number): number {
    if (this.op.length >= MAX_INSTRUCTIONS) throw invalid(TOO_BIG);
    this.op.push(op);
    this.x.push(x);
    this.y.push(y);
    this.arg.push(arg);
    return this.op.length - 1;
  }

  private pred(set: CharSet): number {
    const key =
      set.t === 'cp'
        ? `c${set.c}`
        : set.t === 'dot'
          ? `d${set.not.join(',')}`
          : `${set.ci ? 'i' : 's'}${set.src}`;
    let i = this.predIndex.get(key);
    if (i === undefined) {
      let p: Pred;
      if (set.t === 'cp') {
        const want = set.c;
        p = { test: (c) => c === want };
      } else if (set.t === 'dot') {
        const not = set.not;
        p = { test: (c) => !not.includes(c) };
      } else {
        p = new ClassPred(set.src, set.ci);
      }
      i = this.preds.push(p) - 1;
      this.predIndex.set(key, i);
    }
    return i;
  }

  /** Thompson construction, back to front: returns the entry of `h` continuing at `next`. */
  emit(h: Hir, next: number): number {
    switch (h.t) {
      case 'empty':
        return next;
      case 'char':
        return this.add(OP_CHAR, next, 0, this.pred(h.set));
      case 'look':
        return this.add(OP_LOOK, next, 0, h.look);
      case 'cat': {
        let pc = next;
        for (let k = h.items.length - 1; k >= 0; k--) pc = this.emit(h.items[k] as Hir, pc);
        return pc;
      }
      case 'alt': {
        const entries = h.items.map((i) => this.emit(i, next));
        let pc = entries[entries.length - 1] as number;
        for (let k = entries.length - 2; k >= 0; k--) pc = this.add(OP_SPLIT, entries[k] as number, pc, 0);
        return pc;
      }
      case 'rep': {
        let pc: number;
        if (h.max === Number.POSITIVE_INFINITY) {
          pc = this.add(OP_SPLIT, -1, next, 0);
          this.x[pc] = this.emit(h.sub, pc);
        } else {
          // x{0,3} as (x(x(x)?)?)?: linear in size, one way to skip.
          pc = next;
          for (let k = h.min; k < h.max; k++) pc = this.add(OP_SPLIT, this.emit(h.sub, pc), next, 0);
        }
        for (let k = 0; k < h.min; k++) {
          const entry = this.emit(h.sub, pc);
          if (entry === pc) break; // an empty body: every further copy is the same no-op
          pc = entry;
        }
        return pc;
      }
    }
  }
}

let rustUnassigned: Int32Array | undefined;
/** Whether Rust's Unicode 16 tables leave `c` unassigned (gc=Cn). */
function unassignedInRust(c: number): boolean {
  if (rustUnassigned === undefined) {
    const pairs: number[] = [];
    let prev = -1;
    for (const run of RUST_UNASSIGNED.split(' ')) {
      const [gap = '', len = ''] = run.split('.');
      const start = prev + 1 + Number.parseInt(gap, 36);
      prev = start + Number.parseInt(len, 36);
      pairs.push(start, prev);
    }
    rustUnassigned = Int32Array.from(pairs);
  }
  const r = rustUnassigned;
  let lo = 0;
  let hi = r.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (c < (r[2 * mid] as number)) hi = mid - 1;
    else if (c > (r[2 * mid + 1] as number)) lo = mid + 1;
    else return true;
  }
  return false;
}
const engineUnassigned = new ClassPred('\\p{Cn}', false);

/**
 * Assigned code points whose General_Category, Script_Extensions or case
 * properties differ between Rust's Unicode 16 tables and Unicode 17 engines
 * (Node 20.20 and later); Extended_Pictographic and Diacritic, which drifted
 * widely, are refused outright instead. Perl classes and case folding agree.
 */
const DRIFTED_CODE_POINTS = new Set([
  0x295, 0x306, 0x308, 0x320, 0x323, 0x331, 0x951, 0x952, 0x1cd5, 0x1cd6, 0x1cd7, 0x1cd8, 0x1ce2, 0x1ce9,
  0x1cea, 0x1ceb, 0x1ced, 0xa7d3, 0xa7d5,
]);

/** Whether `c` may be classified differently here than by Rust's tables. */
function unicodeDiffers(c: number, properties: boolean): boolean {
  if (properties && DRIFTED_CODE_POINTS.has(c)) return true;
  return c >= 0x378 && unassignedInRust(c) !== engineUnassigned.test(c);
}

function matchError(message: string): ConstraintError {
  return new ConstraintError('constraint_error', message);
}

/**
 * NFA simulation with memoized transitions. A DFA state is the set of NFA
 * threads waiting before a position (always including the start, which makes
 * the search unanchored); a transition depends on that set, the previous
 * character's context bits and the current character, which together fix
 * every assertion.
 */
class Matcher {
  private readonly states: Int32Array[] = [];
  private readonly trans: Map<number, number>[] = [];
  private readonly index = new Map<string, number>();
  private transitions = 0;
  private epoch = 0;
  private readonly mark: Uint32Array;
  private gen = 0;
  private work = 0;
  private readonly word: ClassPred | undefined;

  constructor(
    private readonly prog: Program,
    private readonly usesTables: boolean,
    private readonly usesProperties: boolean,
    needWord: boolean,
    private readonly needLines: boolean,
  ) {
    this.mark = new Uint32Array(prog.op.length);
    this.word = needWord ? new ClassPred(WORD_CLASS, false) : undefined;
  }

  /** Empty the state cache, leaving only the start state (id 0). */
  private reset(): void {
    this.states.length = 0;
    this.trans.length = 0;
    this.index.clear();
    this.transitions = 0;
    this.epoch++;
    this.intern([this.prog.start]);
  }

  private intern(threads: number[]): number {
    const key = threads.join(',');
    const found = this.index.get(key);
    if (found !== undefined) return found;
    if (this.states.length >= MAX_STATES || this.transitions >= MAX_TRANSITIONS) {
      // Like Rust's lazy DFA: drop the cache and keep going.
      this.reset();
      if (key === String(this.prog.start)) return 0;
    }
    this.states.push(Int32Array.from(threads));
    this.trans.push(new Map());
    this.index.set(key, this.states.length - 1);
    return this.states.length - 1;
  }

  /** A fresh visited-mark value; marks are cleared before the 32-bit counter could wrap onto stale ones. */
  private nextGen(): number {
    if (this.gen >= 0xfffffffe) {
      this.mark.fill(0);
      this.gen = 0;
    }
    return ++this.gen;
  }

  private isWord(c: number): boolean {
    return c >= 0 && c !== END && this.word?.test(c) === true;
  }

  private bits(prev: number, atStart: boolean): number {
    let b = atStart ? 1 : 0;
    if (this.word && this.isWord(prev)) b |= 2;
    if (this.needLines) {
      if (prev === 0x0a) b |= 4;
      if (prev === 0x0d) b |= 8;
    }
    return b;
  }

  private holds(look: number, bits: number, c: number): boolean {
    const atStart = (bits & 1) !== 0;
    const atEnd = c === END;
    switch (look) {
      case Look.Start:
        return atStart;
      case Look.End:
        return atEnd;
      case Look.StartLF:
        return atStart || (bits & 4) !== 0;
      case Look.EndLF:
        return atEnd || c === 0x0a;
      case Look.StartCRLF:
        return atStart || (bits & 4) !== 0 || ((bits & 8) !== 0 && c !== 0x0a);
      case Look.EndCRLF:
        return atEnd || c === 0x0d || (c === 0x0a && (bits & 8) === 0);
    }
    const before = (bits & 2) !== 0;
    const after = this.isWord(c);
    switch (look) {
      case Look.Word:
        return before !== after;
      case Look.NotWord:
        return before === after;
      case Look.WordStart:
        return !before && after;
      case Look.WordEnd:
        return before && !after;
      case Look.WordStartHalf:
        return !before;
      default:
        return !after;
    }
  }

  /** Follow every thread of `state` through empty transitions at this position, then over `c`. */
  private step(state: number, bits: number, c: number): number {
    const { op, x, y, arg, preds } = this.prog;
    const epoch = this.epoch;
    const threads = this.states[state] as Int32Array;
    const mark = this.mark;
    let gen = this.nextGen();
    const stack: number[] = [];
    for (let k = threads.length - 1; k >= 0; k--) stack.push(threads[k] as number);
    const chars: number[] = [];
    let result: number | undefined;
    while (stack.length > 0) {
      const pc = stack.pop() as number;
      if (mark[pc] === gen) continue;
      mark[pc] = gen;
      this.work++;
      const o = op[pc];
      if (o === OP_CHAR) chars.push(pc);
      else if (o === OP_SPLIT) stack.push(y[pc] as number, x[pc] as number);
      else if (o === OP_LOOK) {
        if (this.holds(arg[pc] as number, bits, c)) stack.push(x[pc] as number);
      } else if (o === OP_MATCH) {
        result = MATCH;
        break;
      }
    }
    if (result === undefined && c === END) result = NO_MATCH;
    if (result === undefined) {
      gen = this.nextGen();
      const next: number[] = [this.prog.start];
      mark[this.prog.start] = gen;
      for (const pc of chars) {
        this.work++;
        const to = x[pc] as number;
        if (mark[to] !== gen && (preds[arg[pc] as number] as Pred).test(c)) {
          mark[to] = gen;
          next.push(to);
        }
      }
      next.sort((a, b) => a - b);
      // Sorting, keying and interning the set cost about as much per thread as following it.
      this.work += 4 * next.length;
      result = this.intern(next);
    }
    if (this.work > WORK_LIMIT) throw matchError('regex evaluation exceeded its work limit');
    if (epoch === this.epoch) {
      (this.trans[state] as Map<number, number>).set(c * 16 + bits, result);
      this.transitions++;
    }
    return result;
  }

  test(text: string): boolean {
    if (text.length > RUST_REGEX_MAX_INPUT_BYTES) throw matchError('regex input exceeds the length limit');
    const cps = codePoints(text);
    if (cps === undefined) throw matchError('regex input is not well-formed Unicode');
    let bytes = 0;
    for (const c of cps) {
      bytes += utf8Length(c);
      // Rust's tables are Unicode 16; a character assigned in only one of the two versions could match differently.
      if (this.usesTables && c >= 0x295 && unicodeDiffers(c, this.usesProperties)) {
        throw matchError('regex input has characters outside the supported Unicode version');
      }
    }
    if (bytes > RUST_REGEX_MAX_INPUT_BYTES) throw matchError('regex input exceeds the length limit');
    // A fresh cache per call keeps the work budget, and so the decision, a function of pattern and input alone.
    this.reset();
    this.work = 0;
    let state = 0;
    let prev = -1;
    for (let i = 0; i <= cps.length; i++) {
      const c = i < cps.length ? (cps[i] as number) : END;
      const bits = this.bits(prev, i === 0);
      const cached = (this.trans[state] as Map<number, number>).get(c * 16 + bits);
      const next = cached ?? this.step(state, bits, c);
      if (next === MATCH) return true;
      if (next === NO_MATCH) return false;
      state = next;
      prev = c;
    }
    return false;
  }
}

// ---------------------------------------------------------------------------

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
