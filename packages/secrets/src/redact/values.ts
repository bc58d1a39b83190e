/**
 * Exact values (a scope's secrets) and the encodings they commonly travel in:
 * raw, base64 (padded and not), base64url (padded and not), URL-encoded
 * (`encodeURIComponent`) and JSON-escaped (`JSON.stringify` without the
 * quotes). A `Uint8Array` value is encoded from its bytes; its raw, URL and
 * JSON forms exist only when the bytes are valid UTF-8.
 *
 * Only the encoding of the value on its own is found: base64 of a longer
 * text that contains the value is aligned differently and is not.
 */
import type { Span } from './spans.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

function urlEncoded(raw: string): string | undefined {
  try {
    return encodeURIComponent(raw);
  } catch {
    // A lone surrogate has no UTF-8 form, hence no percent-encoding.
    return undefined;
  }
}

/** Every distinct non-empty form of `value` the redactor looks for. */
export function valueVariants(value: string | Uint8Array): string[] {
  const raw = typeof value === 'string' ? value : utf8Text(value);
  const bytes =
    typeof value === 'string'
      ? Buffer.from(value, 'utf8')
      : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  const out = new Set<string>();
  if (raw !== undefined) {
    out.add(raw);
    const url = urlEncoded(raw);
    if (url !== undefined) out.add(url);
    out.add(JSON.stringify(raw).slice(1, -1));
  }
  if (bytes.length > 0) {
    const b64 = bytes.toString('base64');
    out.add(b64);
    out.add(b64.replace(/=+$/, ''));
    const b64url = bytes.toString('base64url');
    out.add(b64url);
    out.add(b64url + '='.repeat((4 - (b64url.length % 4)) % 4));
  }
  out.delete('');
  return [...out];
}

/**
 * True when an occurrence of `variant` can overlap an occurrence of `token`
 * without lying inside it: a prefix of the variant is a suffix of the token,
 * a suffix of the variant a prefix of the token, or the variant contains the
 * token. Only such variants can make redacted output redactable again.
 */
export function crossesToken(variant: string, token: string): boolean {
  if (token.length === 0) return false;
  if (variant.length > token.length && variant.includes(token)) return true;
  const n = Math.min(variant.length - 1, token.length);
  for (let k = 1; k <= n; k++) {
    if (token.endsWith(variant.slice(0, k))) return true;
    if (token.startsWith(variant.slice(variant.length - k))) return true;
  }
  return false;
}

/** Every occurrence of every variant in `text`, overlapping occurrences of one variant merged. */
export function findVariants(text: string, variants: readonly string[]): Span[] {
  const out: Span[] = [];
  for (const v of variants) {
    let start = -1;
    let end = -1;
    for (let i = text.indexOf(v); i !== -1; i = text.indexOf(v, i + 1)) {
      if (i < end) {
        end = i + v.length;
        continue;
      }
      if (start >= 0) out.push({ start, end, type: 'exact-value', confidence: 'high' });
      start = i;
      end = i + v.length;
    }
    if (start >= 0) out.push({ start, end, type: 'exact-value', confidence: 'high' });
  }
  return out;
}
