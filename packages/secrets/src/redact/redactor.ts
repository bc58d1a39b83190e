/**
 * The redactor: known-shape detectors (behind a keyword prefilter) plus exact
 * values and their encodings, merged into sorted, disjoint findings.
 *
 * Idempotence. `redact(redact(x)) === redact(x)` because nothing in the
 * output can be found again: a finding inside a replacement token already in
 * the text is dropped (so `[REDACTED]` is never redacted, even when a value
 * is a substring of it), and with the built-in detectors and a `[...]`
 * replacement no match can cross or touch a token (chars.ts). When that
 * argument does not hold (your own detectors, another replacement string, a
 * value that can overlap the replacement such as `]x`), the redactor checks
 * its own output and widens the findings until the output is clean, for at
 * most `MAX_ROUNDS` rounds. A replacement function gets no such guarantee.
 */
import { escapeRegex } from './chars.js';
import { DEFAULT_DETECTORS, ENTROPY_DETECTOR, isBuiltInDetector } from './detectors/index.js';
import { finding, isConfidence } from './finding.js';
import { type AnchoredDetector, isAnchored } from './scan.js';
import { mergeSpans, occurrences, renderWithMap, respectTokens, type Span, toInputSpan } from './spans.js';
import type { Detector, Finding, Redactor, RedactorOptions } from './types.js';
import { crossesToken, findVariants, valueVariants } from './values.js';

/** What findings are replaced with unless `replacement` says otherwise. */
export const DEFAULT_REPLACEMENT = '[REDACTED]';

/** Rounds of self-checking in the general case (each widens the findings or joins two, or ends the loop). */
const MAX_ROUNDS = 32;

/**
 * The keyword pass: one case-insensitive regex over the text for every
 * detector's keywords. Anchored built-in detectors are run right there, at
 * each position where one of their prefixes occurs; the others learn whether
 * any of their keywords occurs (the prefilter) and scan the text themselves.
 */
function keywordPass(detectors: readonly Detector[]): (text: string, spans: Span[]) => Set<string> {
  const all = [...new Set(detectors.flatMap((d) => d.keywords.map((k) => k.toLowerCase())))].sort(
    (a, b) => b.length - a.length,
  );
  if (all.length === 0) return () => new Set();
  // The regex reports the longest keyword at a position; that one proves every keyword it
  // contains, and is where every anchored detector whose prefix it starts with may match.
  const implied = new Map(all.map((k) => [k, all.filter((o) => k.includes(o))]));
  // A keyword matched at a position also occurs there as each keyword it starts with.
  const dispatch = new Map<string, AnchoredDetector[]>();
  for (const k of all) {
    const ds = detectors.filter(
      (d): d is AnchoredDetector =>
        isAnchored(d) && isBuiltInDetector(d) && d.keywords.some((a) => k.startsWith(a.toLowerCase())),
    );
    if (ds.length > 0) dispatch.set(k, ds);
  }
  const re = new RegExp(all.map(escapeRegex).join('|'), 'gi');
  return (text, spans) => {
    const present = new Set<string>();
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const k = m[0].toLowerCase();
      for (const i of implied.get(k) ?? [k]) present.add(i);
      for (const d of dispatch.get(k) ?? []) {
        const f = d.findAt(text, m.index);
        if (f !== undefined)
          spans.push({ start: f.start, end: f.end, type: f.type, confidence: f.confidence });
      }
      re.lastIndex = m.index + 1;
    }
    return present;
  };
}

/** The keyword pass of the default detector set (with and without entropy), built once. */
const defaultPasses = new Map<boolean, ReturnType<typeof keywordPass>>();

function assertDetector(d: unknown, i: number): asserts d is Detector {
  const x = d as Partial<Detector> | null;
  if (
    x === null ||
    typeof x !== 'object' ||
    typeof x.id !== 'string' ||
    typeof x.find !== 'function' ||
    !Array.isArray(x.keywords) ||
    !x.keywords.every((k) => typeof k === 'string') ||
    !isConfidence(x.confidence) ||
    !Number.isSafeInteger(x.maxLength) ||
    (x.maxLength as number) < 0
  )
    throw new TypeError(`options.detectors[${i}] is not a Detector`);
}

function resolveDetectors(options: RedactorOptions): Detector[] {
  const d = options.detectors ?? 'default';
  let list: Detector[];
  if (d === 'default') list = [...DEFAULT_DETECTORS];
  else if (d === false) list = [];
  else if (Array.isArray(d)) {
    d.forEach(assertDetector);
    list = [...d];
  } else throw new TypeError("options.detectors must be 'default', false or an array of detectors");
  if (options.entropy === true && !list.includes(ENTROPY_DETECTOR)) list.push(ENTROPY_DETECTOR);
  return list;
}

function resolveVariants(values: RedactorOptions['values']): string[] {
  if (values === undefined) return [];
  if (values === null || typeof (values as Iterable<unknown>)[Symbol.iterator] !== 'function')
    throw new TypeError('options.values must be an iterable of strings or Uint8Arrays');
  const out = new Set<string>();
  for (const v of values) {
    if (typeof v !== 'string' && !(v instanceof Uint8Array))
      throw new TypeError('options.values must be an iterable of strings or Uint8Arrays');
    for (const variant of valueVariants(v)) out.add(variant);
  }
  // Longest first: at one start the longest variant is the one that matters.
  return [...out].sort((a, b) => b.length - a.length);
}

/** Spans a user detector returned, checked: it runs outside our rules, so its output is too. */
function checkedSpans(d: Detector, text: string, found: readonly Finding[], out: Span[]): void {
  for (const f of found) {
    if (
      !Number.isSafeInteger(f.start) ||
      !Number.isSafeInteger(f.end) ||
      f.start < 0 ||
      f.end > text.length ||
      f.start > f.end
    )
      throw new RangeError(`detector ${d.id} returned a finding outside the text`);
    if (f.start === f.end) continue;
    const type = typeof f.type === 'string' ? f.type : d.id;
    out.push({
      start: f.start,
      end: f.end,
      type,
      confidence: isConfidence(f.confidence) ? f.confidence : d.confidence,
    });
  }
}

/**
 * A redactor combining known-shape detectors with exact values.
 *
 * @example
 * ```ts
 * const redactor = createRedactor({ values: [process.env.DB_PASSWORD ?? ''] });
 * redactor.redact('connecting with sk-proj-… and the password'); // secrets become [REDACTED]
 * ```
 */
export function createRedactor(options: RedactorOptions = {}): Redactor {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const detectors = resolveDetectors(options);
  const plans = detectors
    .filter((d) => !(isAnchored(d) && isBuiltInDetector(d)))
    .map((d) => ({ d, keywords: d.keywords.map((k) => k.toLowerCase()), own: isBuiltInDetector(d) }));
  const foreign = plans.some((p) => !p.own);
  const isDefault = (options.detectors ?? 'default') === 'default';
  const cached = isDefault ? defaultPasses.get(options.entropy === true) : undefined;
  const scanKeywords = cached ?? keywordPass(detectors);
  if (isDefault) defaultPasses.set(options.entropy === true, scanKeywords);
  const variants = resolveVariants(options.values);
  const replacement = options.replacement ?? DEFAULT_REPLACEMENT;
  if (typeof replacement !== 'string' && typeof replacement !== 'function')
    throw new TypeError('options.replacement must be a string or a function');
  // Tokens already in the text are only recognisable for a fixed, non-empty replacement.
  const token = typeof replacement === 'string' && replacement.length > 0 ? replacement : undefined;
  const selfCheck =
    token !== undefined &&
    (foreign ||
      !(token.startsWith('[') && token.endsWith(']')) ||
      variants.some((v) => crossesToken(v, token)));

  function spansOf(text: string): Span[] {
    const spans: Span[] = [];
    const present = scanKeywords(text, spans);
    for (const { d, keywords, own } of plans) {
      if (keywords.length > 0 && !keywords.some((k) => present.has(k))) continue;
      if (own)
        for (const f of d.find(text))
          spans.push({ start: f.start, end: f.end, type: f.type, confidence: f.confidence });
      else checkedSpans(d, text, d.find(text), spans);
    }
    spans.push(...findVariants(text, variants));
    return mergeSpans(token === undefined ? spans : respectTokens(spans, occurrences(text, token)));
  }

  function find(text: string): Finding[] {
    if (typeof text !== 'string') throw new TypeError('text must be a string');
    let spans = spansOf(text);
    if (selfCheck && token !== undefined) {
      for (let round = 0; round < MAX_ROUNDS && spans.length > 0; round++) {
        const { out, segments } = renderWithMap(text, spans, token);
        const again = spansOf(out);
        if (again.length === 0) break;
        for (const s of again) {
          const [start, end] = toInputSpan(segments, s.start, s.end);
          spans.push({ start, end, type: s.type, confidence: s.confidence });
        }
        spans = mergeSpans(spans);
      }
    }
    return spans.map((s) => finding(s.type, s.start, s.end, s.confidence));
  }

  function redactText(text: string): string {
    const findings = find(text);
    let out = '';
    let pos = 0;
    for (const f of findings) {
      const r = typeof replacement === 'string' ? replacement : replacement(f);
      if (typeof r !== 'string') throw new TypeError('options.replacement must return a string');
      out += text.slice(pos, f.start) + r;
      pos = f.end;
    }
    return findings.length === 0 ? text : out + text.slice(pos);
  }

  const longestVariant = variants[0]?.length ?? 0;
  const longestMatch = Math.max(longestVariant, ...detectors.map((d) => d.maxLength));
  return Object.freeze({
    find,
    redact: redactText,
    // A finding may also grow over a replacement token it overlaps (respectTokens).
    holdback: longestMatch + (token?.length ?? 0),
  });
}

let defaultRedactor: Redactor | undefined;

function redactorFor(options: RedactorOptions | undefined): Redactor {
  if (options === undefined) {
    defaultRedactor ??= createRedactor();
    return defaultRedactor;
  }
  return createRedactor(options);
}

/**
 * The secrets in `text`: sorted, non-overlapping findings (type, offsets,
 * confidence; never the matched text).
 *
 * @example
 * ```ts
 * findSecrets('token: ghp_' + 'a'.repeat(36)); // [{ type: 'github-token', start: 7, end: 47, confidence: 'high' }]
 * ```
 */
export function findSecrets(text: string, options?: RedactorOptions): Finding[] {
  return redactorFor(options).find(text);
}

/**
 * `text` with every secret replaced (by `[REDACTED]` unless `options.replacement` says otherwise).
 *
 * @example
 * ```ts
 * redact('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'); // 'Authorization: Bearer [REDACTED]'
 * ```
 */
export function redact(text: string, options?: RedactorOptions): string {
  return redactorFor(options).redact(text);
}
