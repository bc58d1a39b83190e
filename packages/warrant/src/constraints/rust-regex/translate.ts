// Translation: flags applied, classes as JavaScript `v`-mode class sources (AST -> HIR).
import type { AssertKind, Ast, ClassItem, ClassSet, Flags, UniQuery } from './ast.js';
import { ASCII_CLASSES, hexEsc, PERL_RANGES, perlSrc, setBound } from './classes.js';
import { invalid, UNSUPPORTED } from './errors.js';
import { type CharSet, type Hir, Look } from './hir.js';
import { engineSupports, unicodeBody } from './unicode-properties.js';

type ActiveFlags = { i: boolean; m: boolean; s: boolean; R: boolean };

export class Translator {
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
