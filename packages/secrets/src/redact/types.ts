/**
 * The contracts of the redaction engine. Detectors find known secret shapes;
 * a Redactor combines them with exact values (a scope's) and replaces every
 * finding. Streams reuse a Redactor and hold back what could still become a
 * match, so streamed output equals whole-text output for any chunking.
 */

/** How sure a detector is that a finding is a secret. */
export type Confidence = 'high' | 'medium' | 'low';

/** One secret found in a text. Its value is never part of `toString()` or JSON. */
export interface Finding {
  /** Detector id, e.g. `openai-api-key`, `aws-access-key-id`, `exact-value`. */
  readonly type: string;
  /** Start offset in UTF-16 code units (inclusive). */
  readonly start: number;
  /** End offset in UTF-16 code units (exclusive). */
  readonly end: number;
  readonly confidence: Confidence;
}

/** A known-shape detector. */
export interface Detector {
  /** Stable id, used as `Finding.type`. */
  readonly id: string;
  readonly confidence: Confidence;
  /**
   * Cheap prefilter: lowercase substrings of which at least one must occur
   * in the text (case-insensitively) for `find` to run. Empty = always run.
   */
  readonly keywords: readonly string[];
  /** All findings in `text` (offsets into `text`). Must be linear-time (no catastrophic backtracking). */
  find(text: string): Finding[];
  /**
   * The longest secret this detector can match, in UTF-16 code units, plus any
   * context it needs after the match (lookahead); streams hold back this much.
   */
  readonly maxLength: number;
}

/** Options shared by `createRedactor`, `redact`, `findSecrets` and the streams. */
export interface RedactorOptions {
  /** Known-shape detectors: the default set (`'default'`, the default), your own list, or none (`false`). */
  detectors?: 'default' | readonly Detector[] | false;
  /** Include the generic high-entropy assignment detector (off by default: noisier). */
  entropy?: boolean;
  /** Exact values to redact, with their common encodings (base64, base64url, URL-encoded, JSON-escaped). */
  values?: Iterable<string | Uint8Array>;
  /** Replacement text, or a function of the finding (default `[REDACTED]`). */
  replacement?: string | ((finding: Finding) => string);
}

/** A configured redactor. */
export interface Redactor {
  /** Non-overlapping findings, sorted by start (overlaps merged into the widest). */
  find(text: string): Finding[];
  /** `text` with every finding replaced. */
  redact(text: string): string;
  /** The most UTF-16 code units a stream must hold back so no secret is split across chunks. */
  readonly holdback: number;
}
