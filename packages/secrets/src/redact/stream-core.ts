/**
 * The chunking-independent core shared by the Node and WHATWG redaction
 * streams. Text only grows at the end; after each chunk the core releases
 * the prefix that no later text can change, redacted, and keeps the rest.
 *
 * Why the output equals `redactor.redact(text)` for any chunking. `holdback`
 * bounds a match plus its lookahead (types.ts), and the detectors judge each
 * candidate on its own with their look-behind inside that bound too (scan.ts):
 * whether `[s, e)` is a finding depends only on the text from one holdback
 * before `e` to one holdback after `s`.
 * With `n` code units received, let `limit = n - holdback`:
 * - a finding not visible yet needs text past `n`, so it starts after `limit`;
 *   nothing that arrives later can straddle a cut `<= limit`, or grow a
 *   finding that ends at or before it;
 * - a visible finding that straddles `limit` may still grow, so the cut moves
 *   back to its start (findings are sorted and disjoint: no earlier one can
 *   straddle that);
 * - the detectors run over the pending text plus one holdback of already
 *   released text, so what they see around every pending position is what
 *   they would see in the whole text, and the findings in `[released, cut)`
 *   are exactly the whole text's; they are rendered here, at whole-stream
 *   offsets, rather than by redacting the prefix alone (at its artificial end
 *   a word boundary would appear that the whole text does not have).
 * The one departure is deliberate: a merged run of overlapping secrets longer
 * than `MAX_RUN_HOLDBACKS` holdbacks is cut (see `safeCut`), for bounded memory.
 */
import { finding } from './finding.js';
import type { Finding, Redactor } from './types.js';

/**
 * How many holdbacks long a merged run of overlapping findings may grow
 * before the cut may fall inside it. Two or three secrets that overlap (a
 * value inside a token) stay whole; a longer run is cut to bound memory.
 */
const MAX_RUN_HOLDBACKS = 3;

/** Renders the replacement of one finding (offsets relative to the whole stream). */
export type ReplaceFinding = (finding: Finding) => string;

/**
 * The state of one redaction stream.
 *
 * `#text` is `context + pending`: `pending` (from `#released`) is what has not
 * been emitted yet; `context` is at most `holdback` code units already emitted,
 * kept so that detectors still see what precedes a pending secret (a word
 * boundary, `Bearer `, an AWS key id next to its secret key) exactly as they
 * would in the whole text.
 */
export class RedactBuffer {
  readonly #redactor: Redactor;
  readonly #replace: ReplaceFinding;
  readonly #holdback: number;
  /**
   * Pending code units to collect beyond the holdback before scanning again.
   * Each scan reads the context and the pending text (about 2.5 x holdback);
   * releasing half a holdback per scan keeps token-sized chunks within a few
   * times the cost of whole-text redaction, for a lag of 1.5 x holdback.
   */
  readonly #batch: number;
  #text = '';
  /** Index in `#text` where pending text starts (everything before it was emitted). */
  #released = 0;
  /** Offset of `#text[0]` in the whole stream. */
  #base = 0;
  #ended = false;

  constructor(redactor: Redactor, replace: ReplaceFinding) {
    const h = redactor.holdback;
    if (!Number.isSafeInteger(h) || h < 0)
      throw new RangeError('redactor.holdback must be a non-negative integer');
    this.#redactor = redactor;
    this.#replace = replace;
    this.#holdback = h;
    this.#batch = Math.max(1, Math.ceil(h / 2));
  }

  /**
   * Code units received but not yet emitted: at most 2 x holdback + 1 plus the
   * chunk being pushed, or 4 x holdback + 1 plus the chunk while a merged run of
   * overlapping secrets straddles the cut.
   */
  get pending(): number {
    return this.#text.length - this.#released;
  }

  /** Code units held, emitted context included: at most one holdback more than `pending`. */
  get held(): number {
    return this.#text.length;
  }

  /** Appends `chunk` and returns the redacted text that can no longer change (maybe empty). */
  push(chunk: string): string {
    if (this.#ended) throw new TypeError('push() after end()');
    if (chunk.length === 0) return '';
    this.#text += chunk;
    const limit = this.#text.length - this.#holdback;
    if (limit - this.#released < this.#batch) return '';
    const findings = checked(this.#redactor.find(this.#text), this.#text.length);
    const cut = safeCut(this.#text, findings, limit, limit - MAX_RUN_HOLDBACKS * this.#holdback);
    if (cut <= this.#released) return '';
    const out = this.#render(findings, cut);
    const keepFrom = Math.max(0, cut - this.#holdback);
    this.#text = this.#text.slice(keepFrom);
    this.#base += keepFrom;
    this.#released = cut - keepFrom;
    return out;
  }

  /** Redacts and returns everything still pending; the buffer is dropped. */
  end(): string {
    if (this.#ended) return '';
    this.#ended = true;
    const out =
      this.pending === 0
        ? ''
        : this.#render(checked(this.#redactor.find(this.#text), this.#text.length), this.#text.length);
    this.discard();
    return out;
  }

  /** Drops everything held, without emitting it (on error or cancel: fail closed). */
  discard(): void {
    this.#ended = true;
    this.#text = '';
    this.#released = 0;
  }

  /** `#text[#released, cut)` with every finding in it replaced. */
  #render(findings: readonly Finding[], cut: number): string {
    let out = '';
    let pos = this.#released;
    for (const f of findings) {
      if (f.end <= pos) continue;
      if (f.start >= cut) break;
      // A finding that reaches back into emitted context (the rest of a run `safeCut` cut, or
      // a detector that overruns its holdback) has its unemitted part replaced: fail closed.
      out += this.#text.slice(pos, Math.max(pos, f.start));
      const replacement = this.#replace(
        finding(f.type, f.start + this.#base, f.end + this.#base, f.confidence),
      );
      if (typeof replacement !== 'string') throw new TypeError('replacement must return a string');
      out += replacement;
      pos = f.end;
    }
    return pos < cut ? out + this.#text.slice(pos, cut) : out;
  }
}

/**
 * The largest position `<= limit` that no finding straddles and that does not
 * split a surrogate pair. `findings` are sorted and non-overlapping, so moving
 * the cut to the start of the finding that straddles it cannot make an earlier
 * finding straddle it; a finding that ends at or before `limit` is final
 * because any text that could still extend it is within the holdback.
 *
 * A finding that starts before `floor` is longer than any single match: a
 * run of overlapping secrets the redactor merged, which could grow without
 * end (a value that overlaps itself, repeated). The cut may fall inside it,
 * so memory stays bounded: its first part is replaced now, and the secret
 * straddling the cut is found again whole in the next window (it is at most
 * one holdback long, and the window keeps one holdback of context), so the
 * run comes out as several replacements instead of one, and nothing leaks.
 */
export function safeCut(
  text: string,
  findings: readonly Finding[],
  limit: number,
  floor = Number.NEGATIVE_INFINITY,
): number {
  let cut = limit;
  let i = findings.length - 1;
  for (;;) {
    while (i >= 0 && (findings[i] as Finding).start >= cut) i--;
    const f = findings[i];
    if (f !== undefined && f.end > cut && f.start >= floor) {
      cut = f.start;
      continue;
    }
    if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1)) && isLowSurrogate(text.charCodeAt(cut))) {
      cut--;
      continue;
    }
    return cut;
  }
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * `findings` after checking the contract the cut relies on: sorted, non-overlapping,
 * within the text. A redactor that breaks it fails the stream rather than leak.
 */
function checked(findings: readonly Finding[], length: number): readonly Finding[] {
  let previousEnd = 0;
  for (const f of findings) {
    if (
      !(
        Number.isInteger(f.start) &&
        Number.isInteger(f.end) &&
        previousEnd <= f.start &&
        f.start <= f.end &&
        f.end <= length
      )
    )
      throw new RangeError('redactor.find returned unsorted, overlapping or out-of-range findings');
    previousEnd = f.end;
  }
  return findings;
}
