// HIR: the translated pattern (flags applied), with look-around kinds and one-code-point character sets.

export enum Look {
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
export type CharSet =
  | { t: 'cp'; c: number }
  | { t: 'dot'; not: readonly number[] }
  | { t: 'class'; src: string; ci: boolean; bound: number };

export type Hir =
  | { t: 'empty' }
  | { t: 'char'; set: CharSet }
  | { t: 'look'; look: Look }
  | { t: 'cat'; items: Hir[] }
  | { t: 'alt'; items: Hir[] }
  | { t: 'rep'; min: number; max: number; sub: Hir };
