import { apiError } from '../errors.js';
import { httpUrl, isPrivateHost } from '../webhooks/targets.js';

/**
 * Sirr v1 words some messages differently on the public and the org routes
 * (en dash and `≥` versus ASCII); its clients show them, so both are kept.
 */
export type Wording = 'public' | 'org';

const KEY_RE = /^[A-Za-z0-9_.-]{1,256}$/;
/** Sirr's ceiling for `ttl_seconds`: ten years. */
export const MAX_TTL_SECONDS = 315_360_000;
/** `max_reads` is a u32 in Sirr. */
export const MAX_READS_LIMIT = 4_294_967_295;

/**
 * A key name: 1-256 of `[A-Za-z0-9_.-]`, checked on the percent-decoded path
 * segment (so `%2F` fails). `.` and `..` pass Sirr's charset but URL libraries
 * normalize them away, so they could be written and never read: refused.
 */
export function checkKey(key: string, wording: Wording): void {
  if (KEY_RE.test(key) && key !== '.' && key !== '..') return;
  throw apiError(
    400,
    'invalid_key',
    wording === 'public'
      ? 'key must be 1–256 characters: alphanumeric, -, _, . only'
      : 'key must be 1-256 characters: alphanumeric, -, _, . only',
  );
}

/** `max_reads` when given: at least 1 (the schema has already refused non-integers and negatives). */
export function checkMaxReads(maxReads: number | null | undefined, wording: Wording): void {
  if (maxReads === null || maxReads === undefined || maxReads >= 1) return;
  throw apiError(
    400,
    'invalid_max_reads',
    wording === 'public'
      ? 'max_reads must be ≥ 1; omit to allow unlimited reads'
      : 'max_reads must be >= 1; omit to allow unlimited reads',
  );
}

/** A value's size in UTF-8 bytes (not UTF-16 units) against the cap. */
export function checkValue(value: string, maxBytes: number): void {
  if (Buffer.byteLength(value, 'utf8') <= maxBytes) return;
  const limit = maxBytes === 1024 * 1024 ? '1 MiB' : `${maxBytes} byte`;
  throw apiError(400, 'value_too_large', `value exceeds ${limit} limit`);
}

/**
 * The body limit that admits any value of `maxValueBytes` UTF-8 bytes: JSON
 * escapes a control character as `\u00XX`, six bytes for one, so the worst
 * case is six times the value, plus 64 KiB for the other fields. The value
 * cap itself (`value_too_large`) is checked after parsing, in bytes.
 */
export function bodyLimitFor(maxValueBytes: number): number {
  return 6 * maxValueBytes + 64 * 1024;
}

/** `ttl_seconds` when given: at most ten years (0 is allowed and makes an already expired secret, as in Sirr). */
export function checkTtl(ttl: number | null | undefined): void {
  if (ttl === null || ttl === undefined || ttl <= MAX_TTL_SECONDS) return;
  throw apiError(400, 'invalid_ttl', `ttl_seconds exceeds maximum of ${MAX_TTL_SECONDS} (10 years)`);
}

/** Per-secret webhook policy, from the server config. */
export interface WebhookUrlPolicy {
  /** URL prefixes a per-secret `webhook_url` must start with; empty = per-secret webhooks refused. */
  allowedOrigins: readonly string[];
  allowPrivateTargets: boolean;
}

/** A per-secret `webhook_url`, with Sirr's checks and reasons (notes §3.1). */
export function checkWebhookUrl(url: string | null | undefined, policy: WebhookUrlPolicy): void {
  if (url === null || url === undefined) return;
  const fail = (reason: string) => apiError(400, 'invalid_webhook_url', `webhook_url: ${reason}`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw fail('webhook_url is not a valid URL');
  }
  if (parsed.protocol !== 'https:') throw fail('webhook_url must use https://');
  if (parsed.hostname === '') throw fail('webhook_url is missing a host');
  if (!policy.allowPrivateTargets && isPrivateHost(parsed.hostname)) {
    throw fail('webhook_url must not target private, loopback, or link-local addresses');
  }
  if (policy.allowedOrigins.length === 0) {
    throw fail('per-secret webhook_url requires SIRR_WEBHOOK_ALLOWED_ORIGINS to be configured');
  }
  if (!policy.allowedOrigins.some((origin) => matchesOrigin(parsed, origin))) {
    throw fail('webhook_url does not match any allowed origin in SIRR_WEBHOOK_ALLOWED_ORIGINS');
  }
}

/**
 * Sirr compares raw string prefixes, so `https://a.example` also admits
 * `https://a.example.evil.net`. Warden compares the parsed origin exactly,
 * then the path prefix.
 */
function matchesOrigin(url: URL, allowed: string): boolean {
  let entry: URL;
  try {
    entry = new URL(allowed);
  } catch {
    return false;
  }
  return url.origin === entry.origin && url.pathname.startsWith(entry.pathname);
}

/** A registered webhook's `url` (Sirr: http or https), plus Warden's refusal of private targets. */
export function checkWebhookTarget(url: string, allowPrivateTargets: boolean): void {
  const parsed = httpUrl(url);
  if (parsed === undefined) {
    throw apiError(400, 'invalid_webhook_url', 'webhook URL must start with http:// or https://');
  }
  if (!allowPrivateTargets && isPrivateHost(parsed.hostname)) {
    throw apiError(
      400,
      'invalid_webhook_url',
      'webhook URL must not target private, loopback, or link-local addresses',
    );
  }
}
