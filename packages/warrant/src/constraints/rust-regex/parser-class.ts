// Parser layer for bracketed character classes: nesting, `&&`/`--`/`~~`, ranges and `[:name:]` ASCII classes.
import { type AsciiName, type Ast, type ClassItem, type ClassSet, type Primitive, unionItem } from './ast.js';
import { EscapeParser } from './parser-escape.js';
import { cp } from './parser-scanner.js';

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

/** regex-syntax's `parse_set_class` and its helpers. */
export class ClassParser extends EscapeParser {
  private readonly classes: ClassFrame[] = [];

  protected parseSetClass(): Ast {
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
