/**
 * URL building. Paths are concatenated onto the base (Sirr's clients do the
 * same, so a vault mounted under a path prefix works) and every variable
 * segment is percent-encoded with `encodeURIComponent`.
 */

/**
 * The base URL without trailing slashes. `sirr://` and `sirrs://` (the Sirr
 * CLI's schemes) become `http://` and `https://`; anything but http(s) is refused.
 */
export function normalizeServer(server: string): string {
  if (typeof server !== 'string' || server.trim() === '') throw new TypeError('server must be a URL');
  let text = server.trim();
  if (/^sirrs:\/\//i.test(text)) text = `https://${text.slice(8)}`;
  else if (/^sirr:\/\//i.test(text)) text = `http://${text.slice(7)}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // The text may be a mistyped token; never quote it.
    throw new TypeError('server is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TypeError('server must be an http:// or https:// URL');
  if (url.username !== '' || url.password !== '')
    throw new TypeError('server must not carry credentials; pass the token separately');
  if (url.search !== '' || url.hash !== '') throw new TypeError('server must not have a query or fragment');
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * One path segment, percent-encoded. `.` and `..` are refused: the URL
 * parser would resolve them (even as `%2e%2e`) and the request would reach
 * another route, e.g. `DELETE /orgs/{org}/secrets/..` -> `DELETE /orgs/{org}/`.
 */
export function segment(value: string, what: string): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${what} must be a non-empty string`);
  if (value === '.' || value === '..') throw new RangeError(`${what} cannot be "." or ".."`);
  return encodeURIComponent(value);
}

/** A query string from the defined entries (`?a=1&b=x`), or '' when there are none. */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

/** Whether the URL's host is a loopback address, where plain http does not expose the token. */
export function isLoopback(base: string): boolean {
  const host = new URL(base).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}
