import { LIMITS, parseJsonPreservingNumbers } from '@warden/warrant';
import { usage } from './errors.js';

/** Commander collector for repeatable flags; also splits commas, so `-t a,b` equals `-t a -t b` (Tenuo's form). */
export function collectList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  ];
}

/** Commander collector for repeatable flags whose values may contain commas. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

const UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 };

/** A lifetime: whole seconds, or Tenuo's `300s` / `10m` / `1h` (plus `d`); at most 90 days. */
export function parseTtl(text: string, flag = '--ttl'): number {
  const m = /^\s*(\d+)\s*([smhd]?)\s*$/.exec(text);
  if (m === null) throw usage('invalid_ttl', `${flag} must be seconds or a duration like 300s, 10m, 1h, 1d`);
  const seconds = Number(m[1]) * (UNITS[m[2] ?? ''] ?? 1);
  if (!Number.isSafeInteger(seconds) || seconds <= 0) throw usage('invalid_ttl', `${flag} must be positive`);
  if (seconds > LIMITS.maxTtlSeconds) throw usage('ttl_exceeded', `${flag} exceeds 90 days`);
  return seconds;
}

/** A non-negative integer no larger than `max`. */
export function parseIntIn(text: string, max: number, flag: string): number {
  if (!/^\s*\d+\s*$/.test(text)) throw usage('invalid_argument', `${flag} must be an integer in 0..${max}`);
  const n = Number(text);
  if (n > max) throw usage('invalid_argument', `${flag} must be an integer in 0..${max}`);
  return n;
}

/** Tenuo's named clearance levels (`Clearance::from_str`). */
const CLEARANCES: Record<string, number> = {
  untrusted: 0,
  external: 10,
  partner: 20,
  internal: 30,
  privileged: 40,
  system: 50,
};

/** A clearance: 0..255 or one of Tenuo's names (untrusted 0 ... system 50). */
export function parseClearance(text: string): number {
  const named = CLEARANCES[text.trim().toLowerCase()];
  if (named !== undefined) return named;
  if (!/^\s*\d+\s*$/.test(text) || Number(text) > 255) {
    throw usage(
      'invalid_argument',
      `--clearance must be 0..255 or one of ${Object.keys(CLEARANCES).join(', ')}`,
    );
  }
  return Number(text);
}

/** A point in time as Unix seconds, or an ISO 8601 / RFC 3339 timestamp (Tenuo's `--at`). */
export function parseAt(text: string): number {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t);
  const ms = /^\d{4}-\d{2}-\d{2}/.test(t) ? Date.parse(t) : Number.NaN;
  if (Number.isNaN(ms)) throw usage('invalid_argument', '--at must be Unix seconds or an ISO 8601 time');
  return Math.floor(ms / 1000);
}

/** Tool arguments from JSON text: an object. */
export function parseArgsJson(text: string, flag = '--args'): Record<string, unknown> {
  let v: unknown;
  try {
    // Keeps `1.0` a float and `1` an integer: they are different values in a PoP and for Exact, as in Tenuo.
    v = parseJsonPreservingNumbers(text);
  } catch {
    // The parser's message may quote the input, which may hold argument values.
    throw usage('invalid_args', `${flag} is not valid JSON`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw usage('invalid_args', `${flag} must be a JSON object`);
  return v as Record<string, unknown>;
}

/** A signature given as 128 hex characters or (Tenuo's `sign` output) standard base64 / base64url. */
export function parseSignature(text: string, flag = '--pop'): Uint8Array {
  const t = text.trim();
  if (/^[0-9a-fA-F]{128}$/.test(t)) return new Uint8Array(Buffer.from(t, 'hex'));
  if (/^[A-Za-z0-9+/_-]{86}(==)?$/.test(t)) {
    const b = Buffer.from(t, t.includes('-') || t.includes('_') ? 'base64url' : 'base64');
    if (b.length === 64) return new Uint8Array(b);
  }
  throw usage('invalid_signature', `${flag} must be a 64-byte signature in hex or base64`);
}
