// Parser: regex-syntax's top-level parse loop with groups, flags, alternation and repetition.
import { type Ast, altAst, concatAst, type FlagName, type Flags, type Primitive } from './ast.js';
import { isCaptureChar, isWhitespace } from './chars.js';
import { invalid, TOO_BIG } from './errors.js';
import { RUST_REGEX_MAX_REPEAT } from './limits.js';
import { ClassParser } from './parser-class.js';
import { cp } from './parser-scanner.js';

type GroupFrame =
  | { t: 'group'; concat: Ast[]; flags: Flags | undefined; ignoreWs: boolean }
  | { t: 'alt'; items: Ast[] };

/**
 * regex-syntax's `ParserI`, reproduced decision for decision: every input it
 * rejects throws here, and every input it accepts yields the same tree.
 */
export class Parser extends ClassParser {
  private readonly names = new Set<string>();
  private readonly groups: GroupFrame[] = [];

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
}
