import { describe, expect, it } from 'vitest';
import { parseUrlPattern, urlPatternMatches, urlPatternNarrows } from '../src/constraints/url-pattern.js';
import { ConstraintError } from '../src/errors.js';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConstraintError) return e.code;
    throw e;
  }
  return undefined;
}

const matches = (pattern: string, url: string): boolean => urlPatternMatches(parseUrlPattern(pattern), url);
const narrows = (parent: string, child: string): boolean =>
  urlPatternNarrows(parseUrlPattern(parent), parseUrlPattern(child));

describe('parseUrlPattern', () => {
  it('splits a pattern into schemes, host, port and path', () => {
    expect(parseUrlPattern('https://api.example.com/*')).toEqual({
      pattern: 'https://api.example.com/*',
      schemes: ['https'],
      hostPattern: 'api.example.com',
      port: undefined,
      pathPattern: '/*',
    });
    expect(parseUrlPattern('*://example.com/api/*')).toMatchObject({
      schemes: [],
      hostPattern: 'example.com',
    });
    expect(parseUrlPattern('https://api.example.com:8443/api/*')).toMatchObject({ port: 8443 });
    expect(parseUrlPattern('https://*.example.com/*')).toMatchObject({ hostPattern: '*.example.com' });
    expect(parseUrlPattern('HTTPS://API.Example.COM/V1/*')).toMatchObject({
      schemes: ['https'],
      hostPattern: 'api.example.com',
      pathPattern: '/V1/*',
    });
  });

  it('treats an empty or "/" path as any path, and drops a default port', () => {
    expect(parseUrlPattern('https://example.com').pathPattern).toBeUndefined();
    expect(parseUrlPattern('https://example.com/').pathPattern).toBeUndefined();
    expect(parseUrlPattern('https://example.com:443/x').port).toBeUndefined();
    expect(parseUrlPattern('*://example.com:443/x').port).toBeUndefined(); // parsed as https
    expect(parseUrlPattern('*://example.com:80/x').port).toBe(80);
    expect(parseUrlPattern('http://example.com:443/x').port).toBe(443);
  });

  it('normalizes the path like the URL parser', () => {
    expect(parseUrlPattern('https://x.com/a/../b/*').pathPattern).toBe('/b/*');
    expect(parseUrlPattern('https://x.com/a b/*').pathPattern).toBe('/a%20b/*');
  });

  it('has no host for a file URL (any host)', () => {
    expect(parseUrlPattern('file:///data/*').hostPattern).toBeUndefined();
  });

  it('keeps Tenuo quirks: "*." is replaced anywhere and a bare "*" host is a placeholder', () => {
    // `/files/*.txt` becomes a literal placeholder path, not a glob.
    expect(parseUrlPattern('https://x.com/files/*.txt').pathPattern).toBe(
      '/files/__tenuo_host_wildcard__.txt',
    );
    expect(parseUrlPattern('https://*/*').hostPattern).toBe('__tenuo_path_wildcard__');
  });

  it.each([
    'not-a-url',
    'missing-scheme.com',
    'https://',
    'https://exa mple.com/',
    'ht*tp://example.com/',
    'https://__tenuo_host_wildcard__.evil.com/*',
    'https://evil.com/__tenuo_path_wildcard__',
  ])('rejects %j with invalid_constraint', (pattern) => {
    expect(code(() => parseUrlPattern(pattern))).toBe('invalid_constraint');
  });
});

describe('urlPatternMatches', () => {
  it('A.25.5: https://api.example.com/v1/*', () => {
    expect(matches('https://api.example.com/v1/*', 'https://api.example.com/v1/users')).toBe(true);
    expect(matches('https://api.example.com/v1/*', 'https://evil.com/api')).toBe(false);
  });

  it('checks the scheme', () => {
    expect(matches('https://api.example.com/*', 'https://api.example.com/v1/users')).toBe(true);
    expect(matches('https://api.example.com/*', 'https://api.example.com/')).toBe(true);
    expect(matches('https://api.example.com/*', 'http://api.example.com/v1')).toBe(false);
    expect(matches('https://api.example.com/*', 'HTTPS://api.example.com/v1')).toBe(true);
    expect(matches('*://api.example.com/*', 'http://api.example.com/v1')).toBe(true);
    expect(matches('*://api.example.com/*', 'ftp://api.example.com/v1')).toBe(true);
  });

  it('checks the host', () => {
    const p = 'https://*.example.com/*';
    expect(matches(p, 'https://api.example.com/v1')).toBe(true);
    expect(matches(p, 'https://a.b.example.com/v1')).toBe(true);
    expect(matches(p, 'https://example.com/v1')).toBe(true);
    expect(matches(p, 'https://api.other.com/v1')).toBe(false);
    expect(matches(p, 'https://notexample.com/v1')).toBe(false);
    expect(matches(p, 'https://example.com.evil.com/v1')).toBe(false);
    expect(matches('https://api.example.com/*', 'https://API.EXAMPLE.COM/x')).toBe(true);
    expect(matches('https://api.example.com/*', 'https://other.example.com/v1')).toBe(false);
    // Userinfo is ignored, so it cannot smuggle a host.
    expect(matches('https://api.example.com/*', 'https://api.example.com@evil.com/x')).toBe(false);
    expect(matches('https://api.example.com/*', 'https://evil.com@api.example.com/x')).toBe(true);
  });

  it('a bare "*" host (https://*/*) matches nothing, as in Tenuo', () => {
    expect(matches('https://*/*', 'https://example.com/path')).toBe(false);
    expect(matches('https://*/*', 'https://evil.com/attack')).toBe(false);
  });

  it('checks a non-default port, defaulting 443/80 for https/http and 0 otherwise', () => {
    const p = 'https://api.example.com:8443/*';
    expect(matches(p, 'https://api.example.com:8443/v1')).toBe(true);
    expect(matches(p, 'https://api.example.com:443/v1')).toBe(false);
    expect(matches(p, 'https://api.example.com/v1')).toBe(false);
    expect(matches('*://api.example.com:80/*', 'http://api.example.com/v1')).toBe(true);
    expect(matches('*://api.example.com:80/*', 'ws://api.example.com/v1')).toBe(false); // ws default reads as 0
    expect(matches('https://api.example.com:443/*', 'https://api.example.com:8443/v1')).toBe(true); // :443 means any port
  });

  it('matches the path as a whole-string glob over the normalized path', () => {
    const p = 'https://api.example.com/api/v1/*';
    expect(matches(p, 'https://api.example.com/api/v1/users')).toBe(true);
    expect(matches(p, 'https://api.example.com/api/v1/')).toBe(true);
    expect(matches(p, 'https://api.example.com/api/v1/a/b?q=1#f')).toBe(true);
    expect(matches(p, 'https://api.example.com/api/v2/users')).toBe(false);
    expect(matches(p, 'https://api.example.com/other')).toBe(false);
    expect(matches(p, 'https://api.example.com/api/v1')).toBe(false);
    // `..` is resolved by the URL parser before matching.
    expect(matches(p, 'https://api.example.com/api/v1/../../admin')).toBe(false);
    expect(matches(p, 'https://api.example.com/api/v2/../v1/x')).toBe(true);
    expect(matches('https://x.com/exact', 'https://x.com/exact')).toBe(true);
    expect(matches('https://x.com/exact', 'https://x.com/exact/more')).toBe(false);
    expect(matches('https://x.com/v[12]/*', 'https://x.com/v2/users')).toBe(true);
    // A `?` in a pattern starts the query, so it can never be a glob token.
    expect(parseUrlPattern('https://x.com/v?/*').pathPattern).toBe('/v');
    expect(matches('https://x.com/v?/*', 'https://x.com/v2/users')).toBe(false);
    expect(matches('https://x.com/v[12]/*', 'https://x.com/v3/users')).toBe(false);
  });

  it('compares an invalid glob path literally', () => {
    expect(matches('https://x.com/a[', 'https://x.com/a[')).toBe(true);
    expect(matches('https://x.com/a[', 'https://x.com/ab')).toBe(false);
  });

  it('"/" or no path means any path', () => {
    expect(matches('https://x.com/', 'https://x.com/anything/at/all')).toBe(true);
    expect(matches('https://x.com', 'https://x.com/anything')).toBe(true);
  });

  it('ignores query, fragment and userinfo', () => {
    expect(matches('https://x.com/a', 'https://u:p@x.com/a?b=c#d')).toBe(true);
  });

  it.each(['not-a-url', '', 'https://', 'http://exa mple.com/', '/relative/path'])(
    'throws constraint_error for the unparsable URL %j',
    (url) => {
      expect(code(() => matches('https://x.com/*', url))).toBe('constraint_error');
    },
  );

  it('never puts the URL in the error message', () => {
    try {
      matches('https://x.com/*', 'secret token here');
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain('secret');
    }
  });
});

describe('urlPatternNarrows (UrlPattern → UrlPattern)', () => {
  it.each([
    ['https://api.example.com/*', 'https://api.example.com/*'],
    ['https://api.example.com/*', 'https://api.example.com/api/v1/*'],
    ['https://*.example.com/*', 'https://api.example.com/*'],
    ['https://*.example.com/*', 'https://example.com/*'],
    ['https://*.example.com/*', 'https://*.api.example.com/*'],
    ['https://*.example.com/*', 'https://*.example.com/*'],
    ['https://*.example.com/*', 'https://api.example.com/v1/*'],
    ['*://api.example.com/*', 'https://api.example.com/*'],
    ['https://api.example.com/', 'https://api.example.com/anything'], // parent has no path restriction
    ['https://api.example.com:8443/*', 'https://api.example.com:8443/v1'],
    ['https://api.example.com/api', 'https://api.example.com/api'],
    ['https://api.example.com/api', 'https://api.example.com/api/v1'],
    ['https://api.example.com/api/*', 'https://api.example.com/api/v1/*'],
    ['https://api.example.com/api/*', 'https://api.example.com/api/'],
    ['file:///data/*', 'file:///data/x'],
  ])('%s → %s is allowed', (parent, child) => {
    expect(narrows(parent, child)).toBe(true);
  });

  it.each([
    ['https://api.example.com/*', 'http://api.example.com/*'], // scheme widened
    ['https://api.example.com/*', '*://api.example.com/*'], // any scheme
    ['https://api.example.com/*', 'https://*.example.com/*'], // host widened
    ['https://api.example.com/*', 'https://other.example.com/*'],
    ['https://*.example.com/*', 'https://notexample.com/*'],
    ['https://*.example.com/*', 'https://*.com/*'],
    ['https://api.example.com/api/v1/*', 'https://api.example.com/*'], // path widened
    ['https://api.example.com/api/*', 'https://api.example.com/apiv1'],
    ['https://api.example.com/api/*', 'https://api.example.com/api'],
    ['https://api.example.com/api', 'https://api.example.com/apix'],
    ['https://api.example.com/api', 'https://api.example.com/'], // child has no path restriction
    ['https://api.example.com:8443/*', 'https://api.example.com/*'], // port dropped
    ['https://api.example.com:8443/*', 'https://api.example.com:9443/*'],
    ['https://api.example.com/*', 'file:///x'], // child has no host
  ])('%s → %s is rejected', (parent, child) => {
    expect(narrows(parent, child)).toBe(false);
  });

  it('lets a child add a port under a parent without one', () => {
    expect(narrows('https://api.example.com/*', 'https://api.example.com:8443/*')).toBe(true);
  });
});
