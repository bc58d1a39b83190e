// Parser layer for primitives and escapes: literals, `\x`/`\u` hex, `\p{…}`, Perl classes, assertions.
import type { AssertKind, PerlKind, Primitive } from './ast.js';
import { isEscapeable, isHex } from './chars.js';
import { cp, Scanner } from './parser-scanner.js';

/** regex-syntax's `parse_primitive` and `parse_escape` with their helpers. */
export class EscapeParser extends Scanner {
  protected parsePrimitive(): Primitive {
    const c = this.char();
    if (c === cp('\\')) return this.parseEscape();
    this.bump();
    if (c === cp('.')) return { t: 'dot' };
    if (c === cp('^')) return { t: 'assert', kind: 'startLine' };
    if (c === cp('$')) return { t: 'assert', kind: 'endLine' };
    return { t: 'lit', c };
  }

  protected parseEscape(): Primitive {
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
}
