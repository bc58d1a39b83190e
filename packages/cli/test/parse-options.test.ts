import {
  CliError,
  collectList,
  parseArgsJson,
  parseAt,
  parseClearance,
  parseIntIn,
  parseSignature,
  parseTtl,
} from '@warden/cli';
import { describe, expect, it } from 'vitest';

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return err instanceof CliError ? err.code : 'not a CliError';
  }
  return undefined;
};

describe('option parsers', () => {
  it("parses TTLs as seconds or Tenuo's durations", () => {
    expect(parseTtl('300')).toBe(300);
    expect(parseTtl('30s')).toBe(30);
    expect(parseTtl('10m')).toBe(600);
    expect(parseTtl('1h')).toBe(3600);
    expect(parseTtl('2d')).toBe(172_800);
    expect(code(() => parseTtl('0'))).toBe('invalid_ttl');
    expect(code(() => parseTtl('-5'))).toBe('invalid_ttl');
    expect(code(() => parseTtl('5w'))).toBe('invalid_ttl');
    expect(code(() => parseTtl('91d'))).toBe('ttl_exceeded');
  });

  it('splits repeatable lists on commas', () => {
    expect(collectList('a, b', collectList('c'))).toEqual(['c', 'a', 'b']);
  });

  it("parses clearances by number or Tenuo's names", () => {
    expect(parseClearance('internal')).toBe(30);
    expect(parseClearance('SYSTEM')).toBe(50);
    expect(parseClearance('7')).toBe(7);
    expect(code(() => parseClearance('256'))).toBe('invalid_argument');
    expect(code(() => parseClearance('boss'))).toBe('invalid_argument');
    expect(parseIntIn('64', 64, '--max-depth')).toBe(64);
    expect(code(() => parseIntIn('65', 64, '--max-depth'))).toBe('invalid_argument');
    expect(code(() => parseIntIn('1.5', 64, '--max-depth'))).toBe('invalid_argument');
  });

  it('parses --at as Unix seconds or ISO 8601', () => {
    expect(parseAt('1700000000')).toBe(1_700_000_000);
    expect(parseAt('2023-11-14T22:13:20Z')).toBe(1_700_000_000);
    expect(code(() => parseAt('tomorrow'))).toBe('invalid_argument');
  });

  it('parses --args without echoing the input in errors', () => {
    expect(parseArgsJson('{"path":"/a","n":1}')).toEqual({ path: '/a', n: 1 });
    let message = '';
    try {
      parseArgsJson('{"token":"s3cr3t"');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).not.toContain('s3cr3t');
    expect(code(() => parseArgsJson('[1]'))).toBe('invalid_args');
  });

  it('reads signatures in hex or base64', () => {
    const sig = new Uint8Array(64).map((_, i) => i * 3);
    const hex = Buffer.from(sig).toString('hex');
    expect(parseSignature(hex)).toEqual(sig);
    expect(parseSignature(Buffer.from(sig).toString('base64'))).toEqual(sig);
    expect(parseSignature(Buffer.from(sig).toString('base64url'))).toEqual(sig);
    expect(code(() => parseSignature('abcd'))).toBe('invalid_signature');
  });
});
