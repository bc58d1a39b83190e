// Character class sources as JavaScript `v`-mode classes (ASCII, Perl, word) and their range-count bounds.
import type { AsciiName, ClassItem, ClassSet, PerlKind } from './ast.js';

export const hexEsc = (c: number): string => `\\u{${c.toString(16)}}`;
/** regex-syntax's `perl_word` (UTS#18 \w); verified equal to Rust's table on every Unicode 16 code point. */
const WORD_BODY = '\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}';
export const WORD_CLASS = `[${WORD_BODY}]`;

/** regex-syntax's `ascii_class` ranges, as `v`-mode class contents. */
export const ASCII_CLASSES: Record<AsciiName, string> = {
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

/** Ranges of Rust's (Unicode 16) `\d`, `\s`, `\w` tables, counting the extra one a negation can add. */
export const PERL_RANGES: Record<PerlKind, number> = { d: 72, s: 11, w: 797 };

export function perlSrc(kind: PerlKind, neg: boolean): string {
  if (kind === 'd') return neg ? '\\P{Nd}' : '\\p{Nd}';
  if (kind === 's') return neg ? '\\P{White_Space}' : '\\p{White_Space}';
  return neg ? `[^${WORD_BODY}]` : WORD_CLASS;
}

/** Upper bound on the ranges of a case-sensitive class (Infinity when it holds Unicode data). */
export function setBound(set: ClassSet): number {
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
