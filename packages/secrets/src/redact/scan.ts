/**
 * How most built-in detectors are written: anchored on literal keywords.
 *
 * A detector's matches are tied to occurrences of its keywords (a prefix
 * like `ghp_`, a name like `secret_access_key`, the `://` of a URL). The
 * redactor finds the occurrences of every detector's keywords in one regex
 * pass and calls `findAt` at each, so the text is scanned once, not once per
 * detector. Every occurrence is judged on its own, whatever was found before
 * it, so a finding depends only on the text around it (within the detector's
 * `maxLength`): that is what lets a stream redact window by window and still
 * equal whole-text redaction. Patterns use bounded counts only, so the work
 * per occurrence is bounded too.
 */
import { boundaryBefore, charClass, escapeRegex } from './chars.js';
import { finding } from './finding.js';
import type { Confidence, Detector, Finding } from './types.js';

/** A detector whose findings are each tied to one occurrence of one of its keywords. */
export interface AnchoredDetector extends Detector {
  /**
   * The finding tied to the keyword occurrence at `at`, if any. The redactor
   * calls it wherever a keyword occurs in any letter case; it checks the rest.
   */
  findAt(text: string, at: number): Finding | undefined;
}

/** True for detectors built with `anchoredDetector` (and the compilers below). */
export function isAnchored(d: Detector): d is AnchoredDetector {
  return typeof (d as Partial<AnchoredDetector>).findAt === 'function';
}

export interface AnchoredSpec {
  readonly id: string;
  readonly confidence: Confidence;
  /** Literal keywords (any case) every finding is tied to. */
  readonly keywords: readonly string[];
  readonly maxLength: number;
  readonly findAt: (text: string, at: number) => Finding | undefined;
}

/** A detector from its `findAt`; its own `find` scans for the keywords. */
export function anchoredDetector(spec: AnchoredSpec): AnchoredDetector {
  const keywords = [...new Set(spec.keywords.map((k) => k.toLowerCase()))];
  const candidates = new RegExp(keywords.map(escapeRegex).join('|'), 'gi');
  const { findAt } = spec;
  return {
    id: spec.id,
    confidence: spec.confidence,
    keywords,
    maxLength: spec.maxLength,
    findAt,
    find(text: string): Finding[] {
      const out: Finding[] = [];
      candidates.lastIndex = 0;
      for (let m = candidates.exec(text); m !== null; m = candidates.exec(text)) {
        candidates.lastIndex = m.index + 1;
        const f = findAt(text, m.index);
        if (f !== undefined) out.push(f);
      }
      return out;
    },
  };
}

/** A token recognised by its literal prefix (`ghp_`, `sk-ant-`, ...). */
export interface TokenSpec {
  readonly id: string;
  readonly confidence: Confidence;
  /** Literal prefixes a match starts with (case-sensitive unless `ignoreCase`). */
  readonly prefixes: readonly string[];
  /** The whole token, from its first character; bounded counts only. */
  readonly pattern: string;
  /** Regex class body of the characters that may not come right before the token. */
  readonly before: string;
  /** Regex class body of the characters that may not come right after it. */
  readonly after: string;
  /** Longest token the pattern can match. */
  readonly maxLength: number;
  readonly ignoreCase?: boolean;
  /** Extra check on the matched token (checksums, decodings). */
  readonly validate?: (token: string) => boolean;
}

/** Compiles a prefix-anchored token detector. */
export function tokenDetector(spec: TokenSpec): AnchoredDetector {
  const token = new RegExp(
    `(?:${spec.pattern})(?![${spec.after}\\[])`,
    spec.ignoreCase === true ? 'yi' : 'y',
  );
  const before = charClass(spec.before);
  const { id, confidence, validate } = spec;
  return anchoredDetector({
    id,
    confidence,
    keywords: spec.prefixes,
    // One code unit of context on each side (the boundary checks).
    maxLength: spec.maxLength + 2,
    findAt(text, at) {
      if (!boundaryBefore(text, at, before)) return undefined;
      token.lastIndex = at;
      const t = token.exec(text);
      if (t === null || (validate !== undefined && !validate(t[0]))) return undefined;
      return finding(id, at, at + t[0].length, confidence);
    },
  });
}

/** A secret recognised by the keyword in front of it (`AWS_SECRET_ACCESS_KEY = ...`). */
export interface KeywordSpec {
  readonly id: string;
  readonly confidence: Confidence;
  /** Literal keywords (any case) a match starts with. */
  readonly keywords: readonly string[];
  /**
   * Regex source (case-insensitive, run at a keyword occurrence) of the whole
   * match; capture group 1 is the secret, the only part reported. It must
   * end with a lookahead that rejects `[` and contain no `[` or `]` (chars.ts).
   */
  readonly pattern: string;
  /** Longest match (keyword and separator included) plus one code unit of lookahead. */
  readonly maxLength: number;
  readonly validate?: (secret: string) => boolean;
}

/** Compiles a keyword-anchored detector that reports only the captured secret. */
export function keywordDetector(spec: KeywordSpec): AnchoredDetector {
  const match = new RegExp(spec.pattern, 'yid');
  const { id, confidence, validate } = spec;
  return anchoredDetector({
    id,
    confidence,
    keywords: spec.keywords,
    maxLength: spec.maxLength,
    findAt(text, at) {
      match.lastIndex = at;
      const v = match.exec(text);
      const span = v?.indices?.[1];
      const secret = v?.[1];
      if (span === undefined || secret === undefined || secret.length === 0) return undefined;
      if (validate !== undefined && !validate(secret)) return undefined;
      return finding(id, span[0], span[1], confidence);
    },
  });
}

/** `"key": "`, `KEY=`, `key => '`, `\"key\": \"`: the glue between a name and its value. */
export const ASSIGN = `(?:\\\\?["'\`])?\\s{0,8}(?:=>|:=|==?|:)\\s{0,8}(?:\\\\?["'\`])?`;
