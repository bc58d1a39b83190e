// Parser cursor over the pattern's code points, with regex-syntax's `x`-mode whitespace skipping.
import { isWhitespace } from './chars.js';
import { invalid, SYNTAX } from './errors.js';

export const cp = (s: string): number => s.charCodeAt(0);
const EOF = -1;

/** Position and low-level moves shared by the parser layers (regex-syntax `ParserI`'s char helpers). */
export class Scanner {
  protected pos = 0;
  protected ignoreWs = false;

  constructor(protected readonly p: readonly number[]) {}

  protected fail(): never {
    throw invalid(SYNTAX);
  }
  protected eof(): boolean {
    return this.pos >= this.p.length;
  }
  protected char(): number {
    return this.p[this.pos] ?? EOF;
  }
  protected peek(): number {
    return this.eof() ? EOF : (this.p[this.pos + 1] ?? EOF);
  }
  protected bump(): boolean {
    if (this.eof()) return false;
    this.pos++;
    return !this.eof();
  }
  protected bumpIf(prefix: string): boolean {
    for (let k = 0; k < prefix.length; k++) if (this.p[this.pos + k] !== prefix.charCodeAt(k)) return false;
    this.pos += prefix.length;
    return true;
  }
  protected bumpSpace(): void {
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
  protected bumpAndBumpSpace(): boolean {
    if (!this.bump()) return false;
    this.bumpSpace();
    return !this.eof();
  }
  /** `peek_space`, including its quirk: only whitespace and one leading `#` are skipped. */
  protected peekSpace(): number {
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
}
