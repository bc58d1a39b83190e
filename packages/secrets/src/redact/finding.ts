/**
 * The finding objects the engine hands out. They hold offsets only, never the
 * matched text, so neither `toString()`, JSON nor `util.inspect` can leak it.
 */
import type { Confidence, Finding } from './types.js';

const CONFIDENCES: readonly Confidence[] = ['low', 'medium', 'high'];

/** Orders confidences: low < medium < high. */
export function confidenceRank(c: Confidence): number {
  return CONFIDENCES.indexOf(c);
}

/** True for `'high' | 'medium' | 'low'`. */
export function isConfidence(c: unknown): c is Confidence {
  return typeof c === 'string' && (CONFIDENCES as readonly string[]).includes(c);
}

/** A finding: type, offsets and confidence, nothing else. */
export class SecretFinding implements Finding {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly confidence: Confidence;

  constructor(type: string, start: number, end: number, confidence: Confidence) {
    this.type = type;
    this.start = start;
    this.end = end;
    this.confidence = confidence;
    Object.freeze(this);
  }

  toString(): string {
    return `${this.type} [${this.start}, ${this.end}) ${this.confidence}`;
  }

  toJSON(): { type: string; start: number; end: number; confidence: Confidence } {
    return { type: this.type, start: this.start, end: this.end, confidence: this.confidence };
  }
}

/** A finding of `type` over `[start, end)`. */
export function finding(type: string, start: number, end: number, confidence: Confidence): Finding {
  return new SecretFinding(type, start, end, confidence);
}
