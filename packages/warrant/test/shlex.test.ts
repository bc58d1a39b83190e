import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shlexMatches, shlexNarrows } from '../src/constraints/shlex.js';

describe('shlexMatches', () => {
  const allow = ['ls', 'cat', '/usr/local/bin/tool'];

  it('allows a plain command whose program is allowed', () => {
    expect(shlexMatches(allow, 'ls')).toBe(true);
    expect(shlexMatches(allow, 'ls -la /tmp')).toBe(true);
    expect(shlexMatches(allow, '  cat\tREADME.md')).toBe(true);
    expect(shlexMatches(allow, 'ls ../other')).toBe(true); // only the program token is checked for `..`
  });

  it('matches the basename after the last `/`, or the whole token', () => {
    expect(shlexMatches(allow, '/usr/bin/ls -l')).toBe(true);
    expect(shlexMatches(allow, './ls')).toBe(true);
    expect(shlexMatches(allow, '/usr/local/bin/tool --x')).toBe(true);
    expect(shlexMatches(allow, 'tool')).toBe(false);
    expect(shlexMatches(allow, '/opt/tool')).toBe(false);
    expect(shlexMatches(allow, '/usr/bin/')).toBe(false);
    expect(shlexMatches(['', 'x'], '/usr/bin/')).toBe(true); // empty basename vs an empty entry, as in Rust
  });

  it('rejects shell metacharacters anywhere, even quoted', () => {
    for (const attack of [
      'ls; rm -rf /',
      'ls && rm -rf /',
      'ls || rm -rf /',
      'ls | sh',
      'ls & sleep 1',
      '$(x)',
      'ls $(rm -rf /)',
      'ls `id`',
      'ls $HOME',
      'ls > /etc/passwd',
      'cat < /etc/shadow',
      '(ls)',
      'ls "a;b"',
      'ls\nrm -rf /',
      'ls\rrm',
      'ls\0',
      'ls\x0b-l',
      'ls\x0c-l',
      'ls\x07',
      'ls\x08',
      'ls\x7f',
    ]) {
      expect(shlexMatches(allow, attack)).toBe(false);
    }
  });

  it('rejects `..` in the program token', () => {
    expect(shlexMatches(allow, '../bin/ls')).toBe(false);
    expect(shlexMatches(allow, '/usr/bin/../../tmp/ls')).toBe(false);
    expect(shlexMatches(['ls..'], 'ls..')).toBe(false);
  });

  it('rejects empty, blank and unlisted commands', () => {
    expect(shlexMatches(allow, '')).toBe(false);
    expect(shlexMatches(allow, '   \t ')).toBe(false);
    expect(shlexMatches(allow, 'rm -rf /')).toBe(false);
    expect(shlexMatches(allow, 'LS')).toBe(false);
    expect(shlexMatches(allow, 'lsx')).toBe(false);
  });

  it('splits on Unicode whitespace like Rust split_whitespace', () => {
    expect(shlexMatches(allow, 'ls\u00a0-la')).toBe(true);
    expect(shlexMatches(allow, '\u3000ls\u2003x')).toBe(true);
    expect(shlexMatches(allow, 'ls\u200bx')).toBe(false); // ZERO WIDTH SPACE is not White_Space
    expect(shlexMatches(allow, 'ls\ufeffx')).toBe(false);
  });

  it('never matches a command containing a dangerous character', () => {
    const dangerous = fc.constantFrom(...'\0\n\r\x0b\x0c\x07\x08\x7f$`|&;<>()');
    fc.assert(
      fc.property(fc.string(), dangerous, fc.string(), (a, d, b) => {
        expect(shlexMatches(['ls', a, `${a}${d}${b}`], `${a}${d}${b}`)).toBe(false);
      }),
    );
  });
});

describe('shlexNarrows', () => {
  it('requires the child allowlist to be a subset of the parent', () => {
    expect(shlexNarrows(['npm', 'docker'], ['npm'])).toBe(true);
    expect(shlexNarrows(['npm', 'docker'], ['npm', 'docker'])).toBe(true);
    expect(shlexNarrows(['npm'], ['npm', 'docker'])).toBe(false);
    expect(shlexNarrows(['/usr/bin/npm'], ['npm'])).toBe(false);
    expect(shlexNarrows(['npm'], [])).toBe(true);
  });
});
