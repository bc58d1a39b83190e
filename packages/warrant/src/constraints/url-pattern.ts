/**
 * Tenuo's `UrlPattern` constraint (type 9): `scheme://host[:port]/path` with
 * `*://` for any scheme, `*.example.com` hosts and glob paths.
 *
 * Patterns are taken apart by Tenuo's own trick (swap the wildcards for
 * placeholders, run the result through the WHATWG URL parser, swap back), and
 * its quirks are kept on purpose so a pattern means the same thing on both
 * sides: e.g. `*.` is replaced anywhere, so a path like `/files/*.txt` keeps a
 * placeholder and matches only itself, and the bare host `*` cannot be written.
 */

import { ConstraintError } from '../errors.js';
import { compileGlob } from './glob.js';

/** A parsed UrlPattern. Every field is derived from `pattern`, which is what goes on the wire. */
export interface UrlPattern {
  /** The original pattern string. */
  readonly pattern: string;
  /** Allowed schemes, lowercased; empty means any scheme (`*://`). */
  readonly schemes: readonly string[];
  /** Host pattern (`api.example.com` or `*.example.com`); `undefined` when the URL has no host (any host). */
  readonly hostPattern: string | undefined;
  /** Required port; `undefined` when absent or the scheme's default (which the URL parser drops). */
  readonly port: number | undefined;
  /** Path glob; `undefined` when the path is empty or `/`, which means any path. */
  readonly pathPattern: string | undefined;
}

// Tenuo's internal placeholders; a pattern containing them is rejected so it cannot forge a wildcard.
const HOST_PLACEHOLDER = '__tenuo_host_wildcard__';
const PATH_PLACEHOLDER = '__tenuo_path_wildcard__';

/** Ports the WHATWG parser omits for special schemes, as Tenuo's port check assumes (only http/https). */
const MATCH_DEFAULT_PORTS: ReadonlyMap<string, number> = new Map([
  ['https', 443],
  ['http', 80],
]);

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** The `url` crate's `scheme()`: WHATWG `protocol` without the trailing colon. */
function schemeOf(url: URL): string {
  return url.protocol.slice(0, -1);
}

/** The `url` crate's `port()`: `undefined` for an absent or default port. */
function portOf(url: URL): number | undefined {
  return url.port === '' ? undefined : Number(url.port);
}

/** Rust's `eq_ignore_ascii_case`: only A–Z fold, so non-ASCII never compares loosely. */
function eqIgnoreAsciiCase(a: string, b: string): boolean {
  const lower = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return a.length === b.length && lower(a) === lower(b);
}

/**
 * Parses a UrlPattern as Tenuo's `UrlPattern::new` does.
 *
 * @throws ConstraintError `invalid_constraint` when the pattern has no
 *   `scheme://`, contains a reserved placeholder, or does not parse as a URL.
 */
export function parseUrlPattern(pattern: string): UrlPattern {
  if (pattern.includes(HOST_PLACEHOLDER) || pattern.includes(PATH_PLACEHOLDER)) {
    throw new ConstraintError('invalid_constraint', 'URL pattern contains a reserved internal sequence');
  }
  let schemes: string[];
  let urlText: string;
  if (pattern.startsWith('*://')) {
    // Any scheme: parse as https only to get the host, port and path out.
    schemes = [];
    urlText = `https://${pattern.slice(4)}`;
  } else {
    const schemeEnd = pattern.indexOf('://');
    if (schemeEnd < 0) throw new ConstraintError('invalid_constraint', "URL pattern is missing 'scheme://'");
    schemes = [pattern.slice(0, schemeEnd).toLowerCase()];
    urlText = pattern;
  }
  const parsed = parseUrl(
    urlText.replaceAll('*.', `${HOST_PLACEHOLDER}.`).replaceAll('/*', `/${PATH_PLACEHOLDER}`),
  );
  if (parsed === undefined) throw new ConstraintError('invalid_constraint', 'URL pattern is not a valid URL');

  // The url crate reports an empty host as no host at all.
  const host = parsed.hostname;
  const path = parsed.pathname;
  return {
    pattern,
    schemes,
    hostPattern: host === '' ? undefined : host.replaceAll(`${HOST_PLACEHOLDER}.`, '*.'),
    port: portOf(parsed),
    pathPattern: path === '' || path === '/' ? undefined : path.replaceAll(PATH_PLACEHOLDER, '*'),
  };
}

function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(2);
    return host === suffix || host.endsWith(`.${suffix}`);
  }
  return eqIgnoreAsciiCase(pattern, host);
}

type CompiledGlob = ReturnType<typeof compileGlob>;
// Compiled path globs per pattern string; `null` records an invalid glob (Tenuo then compares literally).
const globCache = new Map<string, CompiledGlob | null>();
const GLOB_CACHE_LIMIT = 1000;

function pathGlob(pattern: string): CompiledGlob | null {
  let glob = globCache.get(pattern);
  if (glob === undefined) {
    try {
      glob = compileGlob(pattern);
    } catch {
      glob = null;
    }
    if (globCache.size >= GLOB_CACHE_LIMIT) globCache.clear();
    globCache.set(pattern, glob);
  }
  return glob;
}

function pathMatches(pattern: string, path: string): boolean {
  if (pattern === '*' || pattern === '/*') return true;
  const glob = pathGlob(pattern);
  return glob === null ? pattern === path : glob.matches(path);
}

/**
 * Tenuo's `UrlPattern::matches_url`: scheme, host, non-default port and path
 * glob over the parsed (normalized, percent-encoded) URL. Query, fragment and
 * userinfo are ignored.
 *
 * @throws ConstraintError `constraint_error` when `url` does not parse (Tenuo
 *   reports an error, which denies).
 */
export function urlPatternMatches(pattern: UrlPattern, url: string): boolean {
  const parsed = parseUrl(url);
  if (parsed === undefined) throw new ConstraintError('constraint_error', 'value is not a valid URL');
  const scheme = schemeOf(parsed);
  if (pattern.schemes.length > 0 && !pattern.schemes.includes(scheme.toLowerCase())) return false;
  if (pattern.hostPattern !== undefined && !hostMatches(pattern.hostPattern, parsed.hostname)) return false;
  if (pattern.port !== undefined) {
    const actual = portOf(parsed) ?? MATCH_DEFAULT_PORTS.get(scheme) ?? 0;
    if (actual !== pattern.port) return false;
  }
  if (pattern.pathPattern !== undefined && !pathMatches(pattern.pathPattern, parsed.pathname)) return false;
  return true;
}

function hostCovers(parent: string, child: string): boolean {
  if (parent === '*') return true;
  if (parent.startsWith('*.')) {
    const suffix = parent.slice(2);
    if (child === suffix || child.endsWith(`.${suffix}`)) return true;
    // `*.api.example.com` under `*.example.com` is already covered by the suffix test above.
    return false;
  }
  return eqIgnoreAsciiCase(parent, child);
}

function pathCovers(parent: string, child: string): boolean {
  if (parent === '*' || parent === '/*') return true;
  if (parent.endsWith('/*')) return child.startsWith(parent.slice(0, -1));
  return parent === child || (child.startsWith(parent) && child[parent.length] === '/');
}

/**
 * Tenuo's `UrlPattern → UrlPattern` attenuation rule: the child's schemes,
 * host, port and path must each be at least as narrow as the parent's. A
 * parent part that is unrestricted accepts anything; a restricted one rejects
 * a child that leaves it unrestricted.
 */
export function urlPatternNarrows(parent: UrlPattern, child: UrlPattern): boolean {
  if (parent.schemes.length > 0) {
    if (child.schemes.length === 0) return false;
    if (!child.schemes.every((s) => parent.schemes.includes(s))) return false;
  }
  if (parent.hostPattern !== undefined) {
    if (child.hostPattern === undefined || !hostCovers(parent.hostPattern, child.hostPattern)) return false;
  }
  if (parent.port !== undefined && child.port !== parent.port) return false;
  if (parent.pathPattern !== undefined) {
    if (child.pathPattern === undefined || !pathCovers(parent.pathPattern, child.pathPattern)) return false;
  }
  return true;
}
