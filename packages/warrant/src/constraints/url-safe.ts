/**
 * Tenuo's `UrlSafe` constraint (type 18): a string-level SSRF filter for URLs.
 *
 * The checks and their order follow Tenuo's `UrlSafe::is_safe` exactly, gaps
 * included, so that Warden allows and denies the same URLs Tenuo does. Like
 * Tenuo it never resolves DNS: a hostname that resolves to a private address
 * (or a trailing-dot form such as `localhost.`) is judged by its text only.
 */

import { type IpAddr, parseIpAddr } from './cidr.js';

/** UrlSafe settings; wire field names are the snake_case forms (`allow_domains`, `block_private`, …). */
export interface UrlSafeOptions {
  /** Allowed URL schemes, compared case-insensitively. */
  readonly schemes: readonly string[];
  /** When set, only these hostnames are allowed (`*.example.com` matches `example.com` and its subdomains). IPs are not checked against it. */
  readonly allowDomains?: readonly string[] | undefined;
  /** When set, these hosts (hostnames or IPs as text, same matcher) are always refused; checked last. */
  readonly denyDomains?: readonly string[] | undefined;
  /** When set, only these ports (explicit or the scheme's known default) are allowed. */
  readonly allowPorts?: readonly number[] | undefined;
  /** Refuse 10/8, 172.16/12, 192.168/16, fc00::/7 and fe80::/10. */
  readonly blockPrivate: boolean;
  /** Refuse 127/8, ::1, `localhost` and `localhost.localdomain`. */
  readonly blockLoopback: boolean;
  /** Refuse cloud metadata hosts and 169.254/16. */
  readonly blockMetadata: boolean;
  /** Refuse 0/8, 224/4 and 255.255.255.255. */
  readonly blockReserved: boolean;
  /** Refuse `.internal`, `.local`, `.localhost`, `.lan`, `.corp`, `.home`, `.svc` and `.default` hosts. */
  readonly blockInternalTlds: boolean;
}

/** Tenuo's defaults (`UrlSafe::new()` and the wire decode defaults). */
export const URL_SAFE_DEFAULTS: UrlSafeOptions = Object.freeze({
  schemes: Object.freeze(['http', 'https']),
  allowDomains: undefined,
  denyDomains: undefined,
  allowPorts: undefined,
  blockPrivate: true,
  blockLoopback: true,
  blockMetadata: true,
  blockReserved: true,
  blockInternalTlds: false,
});

const METADATA_HOSTS: ReadonlySet<string> = new Set([
  '169.254.169.254',
  'metadata.google.internal',
  'metadata.goog',
  '100.100.100.200',
]);

const INTERNAL_TLDS = ['.internal', '.local', '.localhost', '.lan', '.corp', '.home', '.svc', '.default'];

/** The `url` crate's `default_port`, used by `port_or_known_default`. */
const KNOWN_DEFAULT_PORTS: ReadonlyMap<string, number> = new Map([
  ['http', 80],
  ['ws', 80],
  ['https', 443],
  ['wss', 443],
  ['ftp', 21],
]);

/**
 * Tenuo's lenient percent-decoder for hosts: each `%XY` becomes the single
 * code point U+00XY (not UTF-8 decoded); a malformed escape is kept, and its
 * two following characters are consumed without being re-examined.
 */
function percentDecodeHost(host: string): string {
  const chars = Array.from(host);
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] ?? '';
    if (c !== '%') {
      out += c;
      continue;
    }
    const hex = chars.slice(i + 1, i + 3).join('');
    i += Math.min(2, chars.length - i - 1);
    // Rust's `u8::from_str_radix` also takes a leading `+`.
    out += /^(?:[0-9a-fA-F]{2}|\+[0-9a-fA-F])$/.test(hex)
      ? String.fromCharCode(Number.parseInt(hex, 16))
      : `%${hex}`;
  }
  return out;
}

/** Rust's unsigned `from_str_radix`: optional `+`, at least one digit, no overflow. */
function parseUnsigned(text: string, radix: 8 | 10 | 16, max: number): number | undefined {
  const digits = text.startsWith('+') ? text.slice(1) : text;
  const pattern = radix === 16 ? /^[0-9a-fA-F]+$/ : radix === 10 ? /^[0-9]+$/ : /^[0-7]+$/;
  if (!pattern.test(digits)) return undefined;
  const value = BigInt(radix === 10 ? digits : `0${radix === 16 ? 'x' : 'o'}${digits}`);
  return value <= BigInt(max) ? Number(value) : undefined;
}

/**
 * A zero-prefixed dotted quad (`0177.0.0.1`). It counts as an IP only when
 * every part reads the same in octal and in decimal; otherwise the text is
 * ambiguous between parsers and is left as "not an IP" so the hostname path
 * refuses it.
 */
function parseZeroPrefixedQuad(host: string): IpAddr | undefined {
  if (!host.startsWith('0') || !host.includes('.')) return undefined;
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^[0-9]+$/.test(p))) return undefined;
  if (!parts.some((p) => p.length > 1 && p.startsWith('0'))) return undefined;
  if (!parts.every((p) => /^[0-7]+$/.test(p))) return undefined;
  let value = 0;
  for (const part of parts) {
    const octal =
      part.length > 1 && part.startsWith('0') ? parseUnsigned(part, 8, 0xff) : parseUnsigned(part, 10, 0xff);
    if (octal === undefined || parseUnsigned(part, 10, 0xff) !== octal) return undefined;
    value = value * 256 + octal;
  }
  return { family: 4, value: BigInt(value) };
}

/** Tenuo's `parse_ip`: bracketed or plain std forms, then a decimal or `0x` hex u32, then the octal rule. */
function parseHostIp(decodedHost: string): IpAddr | undefined {
  const host = decodedHost.replace(/^\[+/, '').replace(/\]+$/, '');
  const std = parseIpAddr(host);
  if (std !== undefined) return std;
  if (/^[0-9]*$/.test(host)) {
    const value = parseUnsigned(host, 10, 0xffffffff);
    if (value !== undefined) return { family: 4, value: BigInt(value) };
  }
  if (host.toLowerCase().startsWith('0x')) {
    const value = parseUnsigned(host.slice(2), 16, 0xffffffff);
    if (value !== undefined) return { family: 4, value: BigInt(value) };
  }
  return parseZeroPrefixedQuad(host);
}

/** IPv4-mapped (`::ffff:a.b.c.d`) and IPv4-compatible (`::a.b.c.d`, except `::` and `::1`) addresses as IPv4. */
function unwrapIpv4(ip: IpAddr): IpAddr {
  if (ip.family === 4) return ip;
  const low32 = ip.value & 0xffff_ffffn;
  if (ip.value >> 32n === 0xffffn) return { family: 4, value: low32 };
  if (ip.value >> 32n === 0n && low32 > 1n) return { family: 4, value: low32 };
  return ip;
}

function isIpSafe(options: UrlSafeOptions, raw: IpAddr): boolean {
  const ip = unwrapIpv4(raw);
  if (ip.family === 4) {
    const v = Number(ip.value);
    const a = v >>> 24;
    const b = (v >>> 16) & 0xff;
    if (options.blockLoopback && a === 127) return false;
    if (options.blockPrivate && (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168))) {
      return false;
    }
    if (options.blockReserved && (a === 0 || (a >= 224 && a <= 239) || v === 0xffff_ffff)) return false;
    if (options.blockMetadata && a === 169 && b === 254) return false;
    return true;
  }
  // IPv6: only loopback and the private ranges are checked (no reserved or metadata ranges), as in Tenuo.
  const top = Number(ip.value >> 112n);
  if (options.blockLoopback && ip.value === 1n) return false;
  if (options.blockPrivate && ((top & 0xfe00) === 0xfc00 || (top & 0xffc0) === 0xfe80)) return false;
  return true;
}

/** Tenuo's `check_domain_allowed`: `*.x` matches `x` and anything ending `.x`; otherwise exact (patterns lowercased). */
function hostInList(host: string, domains: readonly string[]): boolean {
  return domains.some((raw) => {
    const pattern = raw.toLowerCase();
    if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) || host === pattern.slice(2);
    return host === pattern;
  });
}

/** A four-part all-digit host with a zero-prefixed part: octal to libc, decimal to some browsers. */
function looksLikeAmbiguousIp(host: string): boolean {
  const parts = host.split('.');
  return (
    parts.length === 4 &&
    parts.every((p) => /^[0-9]+$/.test(p)) &&
    parts.some((p) => p.length > 1 && p.startsWith('0'))
  );
}

/**
 * Tenuo's `UrlSafe::is_safe`. Never throws: a NUL byte or an unparsable URL
 * is simply unsafe. Steps, in order: scheme; non-empty host, percent-decoded
 * and lowercased; ports; loopback names; internal TLDs; metadata hosts; then
 * either the IP ranges (decimal, hex and IPv4-in-IPv6 forms unwrapped) or,
 * for a hostname, the ambiguous-octal rule and `allowDomains`; finally
 * `denyDomains` for both.
 */
export function isUrlSafe(options: UrlSafeOptions, url: string): boolean {
  if (url.includes('\0')) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const scheme = parsed.protocol.slice(0, -1).toLowerCase();
  if (!options.schemes.some((s) => s.toLowerCase() === scheme)) return false;
  if (parsed.hostname === '') return false;
  const host = percentDecodeHost(parsed.hostname).toLowerCase();

  if (options.allowPorts !== undefined) {
    const port = parsed.port === '' ? KNOWN_DEFAULT_PORTS.get(scheme) : Number(parsed.port);
    if (port !== undefined && !options.allowPorts.includes(port)) return false;
  }
  if (options.blockLoopback && (host === 'localhost' || host === 'localhost.localdomain')) return false;
  if (options.blockInternalTlds && INTERNAL_TLDS.some((tld) => host.endsWith(tld) || host === tld.slice(1))) {
    return false;
  }
  if (options.blockMetadata && METADATA_HOSTS.has(host)) return false;

  const ip = parseHostIp(host);
  if (ip !== undefined) {
    if (!isIpSafe(options, ip)) return false;
  } else {
    if (looksLikeAmbiguousIp(host)) return false;
    if (options.allowDomains !== undefined && !hostInList(host, options.allowDomains)) return false;
  }
  return !(options.denyDomains !== undefined && hostInList(host, options.denyDomains));
}

/**
 * Tenuo's `UrlSafe → UrlSafe` attenuation rule: schemes may only shrink, no
 * `block*` flag may be turned off, and a parent's port allowlist, domain
 * allowlist (each child entry equal to a parent entry or under a parent `*.x`)
 * and denylist (every entry kept) must carry over.
 */
export function urlSafeNarrows(parent: UrlSafeOptions, child: UrlSafeOptions): boolean {
  const parentSchemes = parent.schemes.map((s) => s.toLowerCase());
  if (!child.schemes.every((s) => parentSchemes.includes(s.toLowerCase()))) return false;

  const flags = [
    'blockPrivate',
    'blockLoopback',
    'blockMetadata',
    'blockReserved',
    'blockInternalTlds',
  ] as const;
  if (flags.some((flag) => parent[flag] && !child[flag])) return false;

  if (parent.allowPorts !== undefined) {
    const parentPorts = parent.allowPorts;
    if (child.allowPorts === undefined || !child.allowPorts.every((p) => parentPorts.includes(p)))
      return false;
  }
  if (parent.allowDomains !== undefined) {
    const parentDomains = parent.allowDomains.map((d) => d.toLowerCase());
    const covered = (raw: string): boolean => {
      const domain = raw.toLowerCase();
      // A bare `x` is deliberately not covered by `*.x`, unlike at match time.
      return parentDomains.some(
        (pd) => pd === domain || (pd.startsWith('*.') && domain.endsWith(pd.slice(1))),
      );
    };
    if (child.allowDomains === undefined || !child.allowDomains.every(covered)) return false;
  }
  if (parent.denyDomains !== undefined) {
    const childDenied = child.denyDomains?.map((d) => d.toLowerCase());
    if (childDenied === undefined) return false;
    if (!parent.denyDomains.every((d) => childDenied.includes(d.toLowerCase()))) return false;
  }
  return true;
}
