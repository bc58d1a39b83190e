// NFA program: Thompson construction of the HIR into a flat instruction array with interned predicates.
import { ClassPred, type Pred } from './class-pred.js';
import { invalid, TOO_BIG } from './errors.js';
import type { CharSet, Hir } from './hir.js';

export const OP_CHAR = 0;
export const OP_SPLIT = 1;
export const OP_LOOK = 2;
export const OP_MATCH = 3;
/** Instruction cap; keeps each uncached DFA step cheap (Rust's own limit is applied by checkSize). */
const MAX_INSTRUCTIONS = 100_000;

export class Program {
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
