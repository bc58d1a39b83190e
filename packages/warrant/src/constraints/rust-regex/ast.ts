// AST (regex-syntax's `ast::Ast`, reduced to what matching needs), its constructors and nesting depth.

export type FlagName = 'i' | 'm' | 's' | 'U' | 'u' | 'R' | 'x';
export type Flags = Partial<Record<FlagName, boolean>>;
export type AssertKind =
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
export type PerlKind = 'd' | 's' | 'w';
export type UniQuery =
  | { t: 'one'; c: number }
  | { t: 'named'; name: string }
  | { t: 'value'; name: string; value: string };
export type AsciiName =
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

export type ClassSet =
  | { t: 'item'; item: ClassItem }
  | { t: 'op'; op: '&&' | '--' | '~~'; lhs: ClassSet; rhs: ClassSet };
export type ClassItem =
  | { t: 'empty' }
  | { t: 'lit'; c: number }
  | { t: 'range'; a: number; b: number }
  | { t: 'ascii'; name: AsciiName; neg: boolean }
  | { t: 'perl'; kind: PerlKind; neg: boolean }
  | { t: 'uni'; q: UniQuery; neg: boolean }
  | { t: 'bracket'; neg: boolean; set: ClassSet }
  | { t: 'union'; items: ClassItem[] };
export type Ast =
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
export type Primitive =
  | { t: 'lit'; c: number }
  | { t: 'assert'; kind: AssertKind }
  | { t: 'dot' }
  | { t: 'perl'; kind: PerlKind; neg: boolean }
  | { t: 'uni'; q: UniQuery; neg: boolean };

export const concatAst = (items: Ast[]): Ast =>
  items.length === 0 ? { t: 'empty' } : items.length === 1 ? (items[0] as Ast) : { t: 'concat', items };
export const altAst = (items: Ast[]): Ast =>
  items.length === 0 ? { t: 'empty' } : items.length === 1 ? (items[0] as Ast) : { t: 'alt', items };
export const unionItem = (items: ClassItem[]): ClassItem =>
  items.length === 0 ? { t: 'empty' } : items.length === 1 ? (items[0] as ClassItem) : { t: 'union', items };

/** regex-syntax's `NestLimiter` with the default limit of 250. */
export function nestDepth(ast: Ast): number {
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
