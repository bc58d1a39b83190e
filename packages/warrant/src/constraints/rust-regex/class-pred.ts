// Predicates over one code point, and ClassPred: a memoized one-character `v`-mode RegExp test.
import { invalid, UNSUPPORTED } from './errors.js';

export interface Pred {
  test(c: number): boolean;
}

/** A class test through a one-character `v`-mode RegExp, memoized. */
export class ClassPred implements Pred {
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
