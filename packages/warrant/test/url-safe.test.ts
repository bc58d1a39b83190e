import { describe, expect, it } from 'vitest';
import {
  isUrlSafe,
  URL_SAFE_DEFAULTS,
  type UrlSafeOptions,
  urlSafeNarrows,
} from '../src/constraints/url-safe.js';

const safe = (url: string, overrides: Partial<UrlSafeOptions> = {}): boolean =>
  isUrlSafe({ ...URL_SAFE_DEFAULTS, ...overrides }, url);

describe('URL_SAFE_DEFAULTS', () => {
  it('are Tenuo’s defaults', () => {
    expect(URL_SAFE_DEFAULTS).toEqual({
      schemes: ['http', 'https'],
      allowDomains: undefined,
      denyDomains: undefined,
      allowPorts: undefined,
      blockPrivate: true,
      blockLoopback: true,
      blockMetadata: true,
      blockReserved: true,
      blockInternalTlds: false,
    });
    expect(Object.isFrozen(URL_SAFE_DEFAULTS)).toBe(true);
  });
});

describe('isUrlSafe with defaults', () => {
  it('A.25.1', () => {
    expect(safe('https://api.example.com/data')).toBe(true);
    expect(safe('http://169.254.169.254/')).toBe(false);
  });

  it.each([
    'https://api.github.com/repos',
    'http://example.com/path',
    'https://10example.com/',
    'http://8.0.0.1/',
    'http://172.32.0.1/',
    'http://172.15.255.255/',
    'https:///path', // WHATWG reads "path" as the host
    'http://010.0.0.1/', // the URL parser reads octal: 8.0.0.1
    'http://[2001:db8::1]/',
    'https://example.com:8080/',
  ])('allows %s', (url) => {
    expect(safe(url)).toBe(true);
  });

  it.each([
    // loopback
    'http://127.0.0.1/',
    'http://127.255.255.254/',
    'http://localhost/',
    'http://LOCALHOST/',
    'http://localhost.localdomain/',
    'http://[::1]/',
    // private
    'http://10.0.0.1/admin',
    'http://172.16.0.1/',
    'http://172.31.255.255/',
    'http://192.168.1.1/admin',
    'http://[fc00::1]/',
    'http://[fdff::1]/',
    'http://[fe80::1]/',
    'http://[febf::1]/',
    // reserved
    'http://0.0.0.0/',
    'http://0.1.2.3/',
    'http://224.0.0.1/',
    'http://239.255.255.255/',
    'http://255.255.255.255/',
    // metadata
    'http://169.254.169.254/latest/meta-data/',
    'http://169.254.1.1/',
    'http://metadata.google.internal/',
    'http://METADATA.Google.Internal/',
    'http://metadata.goog/',
    'http://100.100.100.200/',
    // numeric forms the URL parser turns into dotted quads
    'http://2130706433/',
    'http://0x7f000001/',
    'http://0x7F.1/',
    'http://0177.0.0.1/',
    'http://012.0.0.1/',
    'http://127.1/',
    // IPv4 inside IPv6
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:10.0.0.1]/',
    'http://[::127.0.0.1]/',
    'http://[0:0:0:0:0:0:127.0.0.1]/',
    'http://[::10.0.0.1]/',
    'http://[::172.16.0.1]/',
    'http://[::192.168.1.1]/',
    'http://[::169.254.169.254]/',
    'http://[::ffff:169.254.169.254]/',
    'http://[::ffff:0.0.0.0]/',
    // percent-encoded hosts (decoded by the URL parser for http/https)
    'http://%6c%6f%63%61%6c%68%6f%73%74/',
    'http://%31%32%37.0.0.1/',
    'http://127.0.0.1%2e/',
    // not URLs, or no host
    'http://',
    'not-a-url',
    '',
    'http://exa mple.com/',
    'https://evil.com\x00.trusted.com/',
    // schemes
    'file:///etc/passwd',
    'gopher://evil.com/',
    'ftp://example.com/',
    'javascript:alert(1)',
    'data:text/plain,hi',
  ])('refuses %j', (url) => {
    expect(safe(url)).toBe(false);
  });

  it('keeps Tenuo’s gaps: trailing-dot names and the IPv6 unspecified/multicast addresses pass', () => {
    // These are string checks only, exactly as in Tenuo 0.2.3; resolvers may still map them inward.
    expect(safe('http://localhost./')).toBe(true);
    expect(safe('http://metadata.google.internal./')).toBe(true);
    expect(safe('http://[::]/')).toBe(true);
    expect(safe('http://[ff02::1]/')).toBe(true);
  });
});

describe('isUrlSafe for non-special schemes (host not normalized by the URL parser)', () => {
  const foo = (url: string, overrides: Partial<UrlSafeOptions> = {}): boolean =>
    safe(url, { schemes: ['foo'], ...overrides });

  it('applies the decimal, hex and octal rules itself', () => {
    expect(foo('foo://2130706433/')).toBe(false);
    expect(foo('foo://0x7f000001/')).toBe(false);
    expect(foo('foo://0X7F000001/')).toBe(false);
    expect(foo('foo://127.0.0.1/')).toBe(false);
    expect(foo('foo://0177.0.0.1/')).toBe(false); // octal 127 ≠ decimal 177: ambiguous, refused
    expect(foo('foo://010.0.0.1/')).toBe(false); // octal 8 ≠ decimal 10: ambiguous, refused
    expect(foo('foo://08.0.0.1/')).toBe(false); // not octal at all: ambiguous, refused
    expect(foo('foo://1.010.0.0/')).toBe(false); // zero-prefixed later part: ambiguous, refused
    expect(foo('foo://00.0.0.1/')).toBe(false); // same in both readings: 0.0.0.1, reserved
    expect(foo('foo://01.02.03.04/')).toBe(true); // same in both readings: 1.2.3.4, public
    expect(foo('foo://8.8.8.8/')).toBe(true);
    expect(foo('foo://4294967296/')).toBe(true); // above u32: a hostname
    expect(foo('foo://[::1]/')).toBe(false);
  });

  it('percent-decodes the host before checking it', () => {
    expect(foo('foo://%6c%6f%63%61%6c%68%6f%73%74/')).toBe(false);
    expect(foo('foo://%31%32%37.0.0.1/')).toBe(false);
    expect(foo('foo://%41pi.example.com/', { allowDomains: ['api.example.com'] })).toBe(true);
    expect(foo('foo://%zz.example.com/', { allowDomains: ['%zz.example.com'] })).toBe(true);
    // A single decoding pass only.
    expect(foo('foo://a%2541/', { allowDomains: ['a%41'] })).toBe(true);
  });

  it('refuses an empty host', () => {
    expect(foo('foo:///x')).toBe(false);
    expect(foo('foo:x')).toBe(false);
  });
});

describe('isUrlSafe options', () => {
  it('lets each block flag be turned off', () => {
    expect(safe('http://127.0.0.1/', { blockLoopback: false })).toBe(true);
    expect(safe('http://localhost/', { blockLoopback: false })).toBe(true);
    expect(safe('http://[::1]/', { blockLoopback: false })).toBe(true);
    expect(safe('http://10.0.0.1/', { blockPrivate: false })).toBe(true);
    expect(safe('http://[fc00::1]/', { blockPrivate: false })).toBe(true);
    expect(safe('http://0.0.0.0/', { blockReserved: false })).toBe(true);
    expect(safe('http://169.254.1.1/', { blockMetadata: false })).toBe(true);
    expect(safe('http://metadata.google.internal/', { blockMetadata: false })).toBe(true);
  });

  it('blocks internal TLDs only when asked', () => {
    expect(safe('http://foo.internal/')).toBe(true);
    for (const host of ['foo.internal', 'printer.local', 'a.localhost', 'nas.lan', 'x.corp', 'router.home']) {
      expect(safe(`http://${host}/`, { blockInternalTlds: true })).toBe(false);
    }
    expect(safe('http://my-svc.ns.svc/', { blockInternalTlds: true })).toBe(false);
    expect(safe('http://kubernetes.default/', { blockInternalTlds: true })).toBe(false);
    expect(safe('http://local/', { blockInternalTlds: true })).toBe(false);
    expect(safe('http://example.com/', { blockInternalTlds: true })).toBe(true);
    expect(safe('http://internalx.com/', { blockInternalTlds: true })).toBe(true);
  });

  it('restricts ports, counting a scheme’s known default', () => {
    const allowPorts = [443, 8443];
    expect(safe('https://example.com:443/', { allowPorts })).toBe(true);
    expect(safe('https://example.com/', { allowPorts })).toBe(true);
    expect(safe('https://example.com:8443/', { allowPorts })).toBe(true);
    expect(safe('http://example.com:80/', { allowPorts })).toBe(false);
    expect(safe('http://example.com/', { allowPorts })).toBe(false);
    expect(safe('https://example.com:8080/', { allowPorts })).toBe(false);
    // A scheme with no known default and no explicit port is not checked.
    expect(safe('foo://example.com/', { allowPorts, schemes: ['foo'] })).toBe(true);
    expect(safe('foo://example.com:22/', { allowPorts, schemes: ['foo'] })).toBe(false);
  });

  it('compares schemes case-insensitively', () => {
    expect(safe('https://example.com/', { schemes: ['HTTPS'] })).toBe(true);
    expect(safe('http://example.com/', { schemes: ['HTTPS'] })).toBe(false);
  });

  it('checks allow_domains for hostnames only', () => {
    const allowDomains = ['api.github.com', '*.example.com'];
    expect(safe('https://api.github.com/repos', { allowDomains })).toBe(true);
    expect(safe('https://sub.example.com/path', { allowDomains })).toBe(true);
    expect(safe('https://a.b.example.com/path', { allowDomains })).toBe(true);
    expect(safe('https://example.com/', { allowDomains })).toBe(true);
    expect(safe('https://other.com/', { allowDomains })).toBe(false);
    expect(safe('https://github.com/', { allowDomains })).toBe(false);
    expect(safe('https://API.GITHUB.COM/', { allowDomains: ['Api.GitHub.com'] })).toBe(true);
    // IPs are judged by the block flags, not the allowlist (as in Tenuo).
    expect(safe('https://8.8.8.8/', { allowDomains })).toBe(true);
    expect(safe('https://10.0.0.1/', { allowDomains })).toBe(false);
    expect(safe('https://x.com/', { allowDomains: [] })).toBe(false);
  });

  it('checks deny_domains last, for hostnames and IPs', () => {
    const denyDomains = ['evil.com', '*.malware.org'];
    expect(safe('https://evil.com/payload', { denyDomains })).toBe(false);
    expect(safe('https://sub.malware.org/c2', { denyDomains })).toBe(false);
    expect(safe('https://malware.org/c2', { denyDomains })).toBe(false);
    expect(safe('https://example.com/', { denyDomains })).toBe(true);
    expect(safe('https://notevil.com/', { denyDomains })).toBe(true);
    expect(safe('http://169.254.169.254/x', { denyDomains: ['169.254.169.254'], blockMetadata: false })).toBe(
      false,
    );
    expect(safe('http://10.0.0.1/admin', { denyDomains: ['10.0.0.1'], blockPrivate: false })).toBe(false);
    expect(safe('http://10.0.0.2/admin', { denyDomains: ['10.0.0.1'], blockPrivate: false })).toBe(true);
    expect(safe('http://[2001:db8::1]/', { denyDomains: ['[2001:db8::1]'] })).toBe(false);
    // Deny wins over allow.
    const both = { allowDomains: ['*.example.com'], denyDomains: ['evil.example.com'] };
    expect(safe('https://good.example.com/', both)).toBe(true);
    expect(safe('https://evil.example.com/', both)).toBe(false);
  });
});

describe('urlSafeNarrows (UrlSafe → UrlSafe)', () => {
  const d = URL_SAFE_DEFAULTS;
  const with_ = (o: Partial<UrlSafeOptions>): UrlSafeOptions => ({ ...d, ...o });

  it.each<[string, UrlSafeOptions, UrlSafeOptions]>([
    ['defaults → defaults', d, d],
    ['fewer schemes', d, with_({ schemes: ['https'] })],
    ['schemes differ only in case', d, with_({ schemes: ['HTTPS'] })],
    ['no schemes at all', d, with_({ schemes: [] })],
    ['turning a block flag on', d, with_({ blockInternalTlds: true })],
    ['adding ports', d, with_({ allowPorts: [443] })],
    ['port subset', with_({ allowPorts: [443, 8443] }), with_({ allowPorts: [443] })],
    ['adding an allowlist', d, with_({ allowDomains: ['x.com'] })],
    [
      'allowlist: same entry',
      with_({ allowDomains: ['*.example.com'] }),
      with_({ allowDomains: ['*.example.com'] }),
    ],
    [
      'allowlist: under *.x',
      with_({ allowDomains: ['*.example.com'] }),
      with_({ allowDomains: ['api.example.com'] }),
    ],
    [
      'allowlist: narrower wildcard',
      with_({ allowDomains: ['*.example.com'] }),
      with_({ allowDomains: ['*.api.example.com'] }),
    ],
    [
      'allowlist: case-insensitive',
      with_({ allowDomains: ['API.x.com'] }),
      with_({ allowDomains: ['api.X.com'] }),
    ],
    ['allowlist: empty child', with_({ allowDomains: ['x.com'] }), with_({ allowDomains: [] })],
    [
      'denylist kept and extended',
      with_({ denyDomains: ['evil.com'] }),
      with_({ denyDomains: ['EVIL.com', 'bad.com'] }),
    ],
    ['adding a denylist', d, with_({ denyDomains: ['evil.com'] })],
  ])('allows %s', (_name, parent, child) => {
    expect(urlSafeNarrows(parent, child)).toBe(true);
  });

  it.each<[string, UrlSafeOptions, UrlSafeOptions]>([
    ['a new scheme', d, with_({ schemes: ['http', 'https', 'ftp'] })],
    ['disabling block_private', d, with_({ blockPrivate: false })],
    ['disabling block_loopback', d, with_({ blockLoopback: false })],
    ['disabling block_metadata', d, with_({ blockMetadata: false })],
    ['disabling block_reserved', d, with_({ blockReserved: false })],
    ['disabling block_internal_tlds', with_({ blockInternalTlds: true }), d],
    ['dropping the port allowlist', with_({ allowPorts: [443] }), d],
    ['a new port', with_({ allowPorts: [443] }), with_({ allowPorts: [443, 80] })],
    ['dropping the allowlist', with_({ allowDomains: ['x.com'] }), d],
    [
      'allowlist: bare x under *.x',
      with_({ allowDomains: ['*.example.com'] }),
      with_({ allowDomains: ['example.com'] }),
    ],
    [
      'allowlist: other domain',
      with_({ allowDomains: ['*.example.com'] }),
      with_({ allowDomains: ['evil.com'] }),
    ],
    [
      'allowlist: look-alike suffix',
      with_({ allowDomains: ['*.example.com'] }),
      with_({ allowDomains: ['notexample.com'] }),
    ],
    [
      'allowlist: wider wildcard',
      with_({ allowDomains: ['api.example.com'] }),
      with_({ allowDomains: ['*.example.com'] }),
    ],
    ['dropping the denylist', with_({ denyDomains: ['evil.com'] }), d],
    ['removing a denied entry', with_({ denyDomains: ['evil.com'] }), with_({ denyDomains: ['other.com'] })],
  ])('rejects %s', (_name, parent, child) => {
    expect(urlSafeNarrows(parent, child)).toBe(false);
  });
});
