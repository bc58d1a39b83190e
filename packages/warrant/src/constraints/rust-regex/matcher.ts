// Lazy-DFA matcher: NFA simulation with memoized transitions and a deterministic work budget.
import { codePoints, utf8Length } from './chars.js';
import { ClassPred, type Pred } from './class-pred.js';
import { WORD_CLASS } from './classes.js';
import { matchError } from './errors.js';
import { Look } from './hir.js';
import { RUST_REGEX_MAX_INPUT_BYTES } from './limits.js';
import { OP_CHAR, OP_LOOK, OP_MATCH, OP_SPLIT, type Program } from './nfa.js';
import { unicodeDiffers } from './unicode-drift.js';

/** Per-call budget of NFA instruction visits; exhausting it is a `constraint_error`. */
const WORK_LIMIT = 10_000_000;
const MAX_STATES = 4096;
const MAX_TRANSITIONS = 200_000;
const END = 0x110000;
const MATCH = -1;
const NO_MATCH = -2;

/**
 * NFA simulation with memoized transitions. A DFA state is the set of NFA
 * threads waiting before a position (always including the start, which makes
 * the search unanchored); a transition depends on that set, the previous
 * character's context bits and the current character, which together fix
 * every assertion.
 */
export class Matcher {
  private readonly states: Int32Array[] = [];
  private readonly trans: Map<number, number>[] = [];
  private readonly index = new Map<string, number>();
  private transitions = 0;
  private epoch = 0;
  private readonly mark: Uint32Array;
  private gen = 0;
  private work = 0;
  private readonly word: ClassPred | undefined;

  constructor(
    private readonly prog: Program,
    private readonly usesTables: boolean,
    private readonly usesProperties: boolean,
    needWord: boolean,
    private readonly needLines: boolean,
  ) {
    this.mark = new Uint32Array(prog.op.length);
    this.word = needWord ? new ClassPred(WORD_CLASS, false) : undefined;
  }

  /** Empty the state cache, leaving only the start state (id 0). */
  private reset(): void {
    this.states.length = 0;
    this.trans.length = 0;
    this.index.clear();
    this.transitions = 0;
    this.epoch++;
    this.intern([this.prog.start]);
  }

  private intern(threads: number[]): number {
    const key = threads.join(',');
    const found = this.index.get(key);
    if (found !== undefined) return found;
    if (this.states.length >= MAX_STATES || this.transitions >= MAX_TRANSITIONS) {
      // Like Rust's lazy DFA: drop the cache and keep going.
      this.reset();
      if (key === String(this.prog.start)) return 0;
    }
    this.states.push(Int32Array.from(threads));
    this.trans.push(new Map());
    this.index.set(key, this.states.length - 1);
    return this.states.length - 1;
  }

  /** A fresh visited-mark value; marks are cleared before the 32-bit counter could wrap onto stale ones. */
  private nextGen(): number {
    if (this.gen >= 0xfffffffe) {
      this.mark.fill(0);
      this.gen = 0;
    }
    return ++this.gen;
  }

  private isWord(c: number): boolean {
    return c >= 0 && c !== END && this.word?.test(c) === true;
  }

  private bits(prev: number, atStart: boolean): number {
    let b = atStart ? 1 : 0;
    if (this.word && this.isWord(prev)) b |= 2;
    if (this.needLines) {
      if (prev === 0x0a) b |= 4;
      if (prev === 0x0d) b |= 8;
    }
    return b;
  }

  private holds(look: number, bits: number, c: number): boolean {
    const atStart = (bits & 1) !== 0;
    const atEnd = c === END;
    switch (look) {
      case Look.Start:
        return atStart;
      case Look.End:
        return atEnd;
      case Look.StartLF:
        return atStart || (bits & 4) !== 0;
      case Look.EndLF:
        return atEnd || c === 0x0a;
      case Look.StartCRLF:
        return atStart || (bits & 4) !== 0 || ((bits & 8) !== 0 && c !== 0x0a);
      case Look.EndCRLF:
        return atEnd || c === 0x0d || (c === 0x0a && (bits & 8) === 0);
    }
    const before = (bits & 2) !== 0;
    const after = this.isWord(c);
    switch (look) {
      case Look.Word:
        return before !== after;
      case Look.NotWord:
        return before === after;
      case Look.WordStart:
        return !before && after;
      case Look.WordEnd:
        return before && !after;
      case Look.WordStartHalf:
        return !before;
      default:
        return !after;
    }
  }

  /** Follow every thread of `state` through empty transitions at this position, then over `c`. */
  private step(state: number, bits: number, c: number): number {
    const { op, x, y, arg, preds } = this.prog;
    const epoch = this.epoch;
    const threads = this.states[state] as Int32Array;
    const mark = this.mark;
    let gen = this.nextGen();
    const stack: number[] = [];
    for (let k = threads.length - 1; k >= 0; k--) stack.push(threads[k] as number);
    const chars: number[] = [];
    let result: number | undefined;
    while (stack.length > 0) {
      const pc = stack.pop() as number;
      if (mark[pc] === gen) continue;
      mark[pc] = gen;
      this.work++;
      const o = op[pc];
      if (o === OP_CHAR) chars.push(pc);
      else if (o === OP_SPLIT) stack.push(y[pc] as number, x[pc] as number);
      else if (o === OP_LOOK) {
        if (this.holds(arg[pc] as number, bits, c)) stack.push(x[pc] as number);
      } else if (o === OP_MATCH) {
        result = MATCH;
        break;
      }
    }
    if (result === undefined && c === END) result = NO_MATCH;
    if (result === undefined) {
      gen = this.nextGen();
      const next: number[] = [this.prog.start];
      mark[this.prog.start] = gen;
      for (const pc of chars) {
        this.work++;
        const to = x[pc] as number;
        if (mark[to] !== gen && (preds[arg[pc] as number] as Pred).test(c)) {
          mark[to] = gen;
          next.push(to);
        }
      }
      next.sort((a, b) => a - b);
      // Sorting, keying and interning the set cost about as much per thread as following it.
      this.work += 4 * next.length;
      result = this.intern(next);
    }
    if (this.work > WORK_LIMIT) throw matchError('regex evaluation exceeded its work limit');
    if (epoch === this.epoch) {
      (this.trans[state] as Map<number, number>).set(c * 16 + bits, result);
      this.transitions++;
    }
    return result;
  }

  test(text: string): boolean {
    if (text.length > RUST_REGEX_MAX_INPUT_BYTES) throw matchError('regex input exceeds the length limit');
    const cps = codePoints(text);
    if (cps === undefined) throw matchError('regex input is not well-formed Unicode');
    let bytes = 0;
    for (const c of cps) {
      bytes += utf8Length(c);
      // Rust's tables are Unicode 16; a character assigned in only one of the two versions could match differently.
      if (this.usesTables && c >= 0x295 && unicodeDiffers(c, this.usesProperties)) {
        throw matchError('regex input has characters outside the supported Unicode version');
      }
    }
    if (bytes > RUST_REGEX_MAX_INPUT_BYTES) throw matchError('regex input exceeds the length limit');
    // A fresh cache per call keeps the work budget, and so the decision, a function of pattern and input alone.
    this.reset();
    this.work = 0;
    let state = 0;
    let prev = -1;
    for (let i = 0; i <= cps.length; i++) {
      const c = i < cps.length ? (cps[i] as number) : END;
      const bits = this.bits(prev, i === 0);
      const cached = (this.trans[state] as Map<number, number>).get(c * 16 + bits);
      const next = cached ?? this.step(state, bits, c);
      if (next === MATCH) return true;
      if (next === NO_MATCH) return false;
      state = next;
      prev = c;
    }
    return false;
  }
}
