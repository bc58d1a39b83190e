import { CliError, parseConstraint, parseConstraintJson, parseConstraints, parseRange } from '@warden/cli';
import { describe, expect, it } from 'vitest';

const parsed = (spec: string) => {
  const { arg, constraint } = parseConstraint(spec);
  return { arg, type: constraint.type, text: constraint.describe() };
};

function usageCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(1);
    return (err as CliError).code;
  }
  return undefined;
}

describe('parseConstraint', () => {
  it('parses every type the brief lists', () => {
    expect(parsed('path=Pattern:/data/*')).toMatchObject({ arg: 'path', type: 'Pattern' });
    expect(parsed('amount=Range:0..100')).toMatchObject({ arg: 'amount', type: 'Range' });
    expect(parsed('env=OneOf:a,b')).toMatchObject({ arg: 'env', type: 'OneOf' });
    expect(parsed('ip=Cidr:10.0.0.0/8')).toMatchObject({ arg: 'ip', type: 'Cidr' });
    expect(parsed('path=Exact:x')).toMatchObject({ arg: 'path', type: 'Exact' });
    expect(parsed('path=Wildcard')).toMatchObject({ arg: 'path', type: 'Wildcard' });
    expect(parsed('path=Subpath:/home')).toMatchObject({ arg: 'path', type: 'Subpath' });
    expect(parsed('url=UrlSafe')).toMatchObject({ arg: 'url', type: 'UrlSafe' });
    expect(parsed('cmd=Shlex:ls,cat')).toMatchObject({ arg: 'cmd', type: 'Shlex' });
    expect(parsed('path=Regex:^a')).toMatchObject({ arg: 'path', type: 'Regex' });
    expect(parsed('u=UrlPattern:https://*.example.com/*')).toMatchObject({ type: 'UrlPattern' });
    expect(parsed('e=NotOneOf:prod')).toMatchObject({ type: 'NotOneOf' });
    expect(parsed('l=Contains:a')).toMatchObject({ type: 'Contains' });
    expect(parsed('l=Subset:a,b')).toMatchObject({ type: 'Subset' });
  });

  it("accepts Tenuo's lowercase names and defaults to a glob without a type", () => {
    expect(parsed('path=pattern:/data/*')).toMatchObject({ type: 'Pattern' });
    expect(parsed('env=oneof:a, b')).toMatchObject({ type: 'OneOf' });
    expect(parsed('env=one_of:a')).toMatchObject({ type: 'OneOf' });
    expect(parsed('path=/data/*')).toMatchObject({ arg: 'path', type: 'Pattern' });
    expect(parsed('url=url_safe')).toMatchObject({ type: 'UrlSafe' });
  });

  it('splits on the first = and the first : only', () => {
    const url = parseConstraint('url=Pattern:https://a.example.com/x=1');
    expect(url.arg).toBe('url');
    expect(url.constraint.matches('https://a.example.com/x=1')).toBe(true);
    expect(parseConstraint('q=Exact:a:b').constraint.matches('a:b')).toBe(true);
  });

  it('builds constraints that match what they say', () => {
    expect(parseConstraint('path=Pattern:/data/*').constraint.matches('/data/a.csv')).toBe(true);
    expect(parseConstraint('path=Pattern:/data/*').constraint.matches('/etc/passwd')).toBe(false);
    expect(parseConstraint('env=OneOf:a,b').constraint.matches('b')).toBe(true);
    expect(parseConstraint('env=OneOf:a,b').constraint.matches('c')).toBe(false);
    expect(parseConstraint('ip=Cidr:10.0.0.0/8').constraint.matches('10.1.2.3')).toBe(true);
    expect(parseConstraint('path=Subpath:/home').constraint.matches('/home/../etc')).toBe(false);
    const u = parseConstraint('url=UrlSafe:api.example.com').constraint;
    expect(u.matches('https://api.example.com/v1')).toBe(true);
    expect(u.matches('https://evil.example.net/')).toBe(false);
  });

  it('parses inclusive ranges, open on either side', () => {
    const r = parseRange('0..100');
    expect(r.matches(0)).toBe(true);
    expect(r.matches(100)).toBe(true);
    expect(r.matches(101)).toBe(false);
    expect(parseRange('..10').matches(-5)).toBe(true);
    expect(parseRange('0.5..').matches(0.4)).toBe(false);
    expect(parseRange('-1.5..2.5').matches(-1.5)).toBe(true);
  });

  it('refuses malformed specs with invalid_constraint (exit 1)', () => {
    for (const spec of [
      'path',
      '=Pattern:x',
      'path=Bogus:x',
      'url=https://example.com',
      'amount=Range:100',
      'amount=Range:a..b',
      'amount=Range:10..1',
      'amount=Range:0..Infinity',
      'env=OneOf:a,,b',
      'ip=Cidr:not-a-cidr',
      'path=Regex:(',
      'path=Wildcard:x',
    ]) {
      expect(
        usageCode(() => parseConstraint(spec)),
        spec,
      ).toBe('invalid_constraint');
    }
  });

  it('names the argument and type in errors', () => {
    expect(() => parseConstraint('path=Bogus:x')).toThrow(/'path'.*Bogus/);
  });
});

describe('parseConstraintJson', () => {
  it("reads Tenuo's JSON forms", () => {
    const list = parseConstraintJson(
      '{"p":{"pattern":"/d/*"},"e":{"exact":"x"},"r":{"regex":"^a"},"n":{"min":0,"max":9},"o":{"enum":["a","b"]},"s":"/g/*"}',
    );
    expect(list.map((c) => [c.arg, c.constraint.type])).toEqual([
      ['p', 'Pattern'],
      ['e', 'Exact'],
      ['r', 'Regex'],
      ['n', 'Range'],
      ['o', 'OneOf'],
      ['s', 'Pattern'],
    ]);
  });

  it('refuses what it cannot read', () => {
    for (const json of [
      'nope',
      '[]',
      '{"a":{"what":1}}',
      '{"a":{"min":"x"}}',
      '{"a":{"enum":[1]}}',
      '{"a":5}',
      '{"a":{"regex":"("}}',
    ]) {
      expect(
        usageCode(() => parseConstraintJson(json)),
        json,
      ).toBe('invalid_constraint');
    }
  });
});

describe('parseConstraints', () => {
  it('merges --constraint and --constraint-json', () => {
    const record = parseConstraints(['path=/d/*'], ['{"n":{"max":3}}']);
    expect(Object.keys(record)).toEqual(['path', 'n']);
  });

  it('refuses an argument constrained twice instead of dropping one', () => {
    expect(usageCode(() => parseConstraints(['path=/a/*', 'path=/b/*']))).toBe('invalid_constraint');
    expect(usageCode(() => parseConstraints(['path=/a/*'], ['{"path":"/b/*"}']))).toBe('invalid_constraint');
  });
});
