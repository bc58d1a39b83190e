import { isIP } from 'node:net';
import { WardenError } from '@warden/core';
import { httpUrl } from './webhooks/targets.js';

/** Codes of a startup configuration failure. */
export type ConfigErrorCode = 'invalid_config' | 'unsupported_database';

/** A flag or variable the server cannot start with. The message names the setting, never a secret's value. */
export class ConfigError extends WardenError {
  declare readonly code: ConfigErrorCode;
  constructor(code: ConfigErrorCode, message: string) {
    super(code, message);
  }
}

/** `where` names the flag or variable a value came from, for the error message. */
export type Parser<T> = (raw: string, where: string) => T;

const bad = (where: string, expected: string) =>
  new ConfigError('invalid_config', `${where}: expected ${expected}`);

/** An integer in [min, max]. */
export const int =
  (min: number, max: number): Parser<number> =>
  (raw, where) => {
    const t = raw.trim();
    if (!/^\d+$/.test(t)) throw bad(where, `an integer from ${min} to ${max}`);
    const n = Number(t);
    if (n < min || n > max) throw bad(where, `an integer from ${min} to ${max}`);
    return n;
  };

/** A non-negative decimal number (rates). */
export const rate: Parser<number> = (raw, where) => {
  const t = raw.trim();
  if (!/^\d+(\.\d+)?$/.test(t)) throw bad(where, 'a non-negative number');
  return Number(t);
};

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1 << 20,
  mb: 1 << 20,
  mib: 1 << 20,
};

/** A byte size: `1153434`, `512KiB`, `2MiB` (binary units). */
export const bytes: Parser<number> = (raw, where) => {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(raw.trim());
  const unit = SIZE_UNITS[(m?.[2] ?? '').toLowerCase()];
  if (m === null || unit === undefined) throw bad(where, 'a size such as 1153434, 512KiB or 2MiB');
  const n = Math.floor(Number(m[1]) * unit);
  if (n < 1024 || n > 64 * (1 << 20)) throw bad(where, 'a size from 1KiB to 64MiB');
  return n;
};

const DURATION_UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 };

/** A duration in seconds: `300`, `30s`, `5m`, `1h`, `7d`. */
export const duration: Parser<number> = (raw, where) => {
  const m = /^(\d+)([smhd]?)$/.exec(raw.trim());
  const unit = DURATION_UNITS[m?.[2] ?? 'x'];
  if (m === null || unit === undefined) throw bad(where, 'a duration such as 300, 30s, 5m, 1h or 7d');
  return Number(m[1]) * unit;
};

/** `true/false`, `1/0`, `yes/no`, `on/off`. */
export const bool: Parser<boolean> = (raw, where) => {
  const t = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(t)) return true;
  if (['0', 'false', 'no', 'off'].includes(t)) return false;
  throw bad(where, 'true or false');
};

/** One of `values`. */
export const oneOf =
  <T extends string>(values: readonly T[]): Parser<T> =>
  (raw, where) => {
    const t = raw.trim().toLowerCase();
    if ((values as readonly string[]).includes(t)) return t as T;
    throw bad(where, `one of ${values.join(', ')}`);
  };

/** A comma-separated list; blanks dropped. */
export const list: Parser<string[]> = (raw) =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** IPs and CIDRs (`10.0.0.0/8`, `::1`), as Fastify's trustProxy takes them. */
export const proxies: Parser<string[]> = (raw, where) =>
  list(raw, where).map((entry) => {
    const [ip, prefix, ...rest] = entry.split('/');
    const family = isIP(ip ?? '');
    const max = family === 6 ? 128 : 32;
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= max);
    if (family === 0 || !prefixOk || rest.length > 0)
      throw bad(where, `IP addresses or CIDRs, got "${entry}"`);
    return entry;
  });

/** http(s) URL prefixes, for webhook allowlists. */
export const urls: Parser<string[]> = (raw, where) =>
  list(raw, where).map((entry) => {
    if (httpUrl(entry) === undefined) throw bad(where, `http(s) URLs, got "${entry}"`);
    return entry;
  });

/** pino levels; Sirr's `verbose` means debug. */
export const logLevel: Parser<string> = (raw, where) => {
  const t = raw.trim().toLowerCase();
  if (t === 'verbose') return 'debug';
  return oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const)(t, where);
};
