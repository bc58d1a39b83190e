import { describe, expect, it } from 'vitest';
import { parseBearer } from '../src/auth/bearer.js';
import { formatPermissions, parsePermissions } from '../src/auth/permissions.js';
import { TokenBuckets } from '../src/http/token-bucket.js';
import { Counter, Histogram } from '../src/metrics.js';
import { isPrivateAddress, isPrivateHost } from '../src/webhooks/targets.js';

describe('token buckets', () => {
  it('spends the burst, then refills at the rate', () => {
    let now = 0;
    const b = new TokenBuckets({ perSecond: 2, burst: 3 }, { now: () => now });
    expect([b.take('a'), b.take('a'), b.take('a')]).toEqual([0, 0, 0]);
    expect(b.take('a')).toBe(1);
    expect(b.take('b')).toBe(0);
    now += 0.5;
    expect(b.take('a')).toBe(0);
    expect(b.take('a')).toBeGreaterThan(0);
  });

  it('stays bounded: full buckets are forgotten first', () => {
    let now = 0;
    const b = new TokenBuckets({ perSecond: 1, burst: 1 }, { maxEntries: 10, now: () => now });
    for (let i = 0; i < 10; i++) b.take(`ip${i}`);
    now += 5;
    b.take('new');
    expect(b.size).toBe(1);
    for (let i = 0; i < 50; i++) b.take(`busy${i}`);
    expect(b.size).toBeLessThanOrEqual(10);
  });

  it('perSecond 0 disables', () => {
    const b = new TokenBuckets({ perSecond: 0, burst: 1 });
    for (let i = 0; i < 100; i++) expect(b.take('x')).toBe(0);
  });
});

describe('permissions', () => {
  it('parses any order, prints canonical order, refuses unknown letters', () => {
    const p = parsePermissions('Llrr');
    expect('mask' in p && formatPermissions(p.mask)).toBe('rlL');
    expect(parsePermissions('rW')).toEqual({ invalid: 'W' });
    const all = parsePermissions('DdSMmAaPpCcLlRr');
    expect('mask' in all && formatPermissions(all.mask)).toBe('rRlLcCpPaAmMSdD');
  });
});

describe('bearer parsing', () => {
  it('only "Bearer " exactly', () => {
    expect(parseBearer('Bearer abc')).toBe('abc');
    expect(parseBearer('bearer abc')).toBeUndefined();
    expect(parseBearer('Bearer')).toBeUndefined();
    expect(parseBearer('Bearer ')).toBeUndefined();
    expect(parseBearer(['Bearer abc'])).toBeUndefined();
    expect(parseBearer(undefined)).toBeUndefined();
  });
});

describe('private targets', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::a00:1',
  ])('%s is refused', (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each(['8.8.8.8', '2606:4700::1111', '93.184.216.34'])('%s is allowed', (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });

  it('host names: localhost and IP literals as URL parsing leaves them', () => {
    for (const url of [
      'https://localhost/',
      'https://a.localhost./',
      'https://[::1]/',
      'https://0x7f.1/',
      'https://2130706433/',
    ]) {
      expect(isPrivateHost(new URL(url).hostname), url).toBe(true);
    }
    expect(isPrivateHost(new URL('https://hooks.example.com/').hostname)).toBe(false);
  });
});

describe('metrics text', () => {
  it('escapes label values and renders cumulative buckets', () => {
    const c = new Counter('c_total', 'help');
    c.inc({ route: 'a"b\\c\nd' });
    expect(c.render()).toContain('c_total{route="a\\"b\\\\c\\nd"} 1');
    const h = new Histogram('h_seconds', 'help', [0.1, 1]);
    h.observe({ op: 'x' }, 0.5);
    expect(h.render()).toContain('h_seconds_bucket{op="x",le="0.1"} 0');
    expect(h.render()).toContain('h_seconds_bucket{op="x",le="1"} 1');
    expect(h.render()).toContain('h_seconds_bucket{op="x",le="+Inf"} 1');
  });
});
