import { posix } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  normalizeSubpathRoot,
  type SubpathSpec,
  subpathContains,
  subpathNarrows,
} from '../src/constraints/subpath.js';
import { ConstraintError } from '../src/errors.js';

const sub = (root: string, caseSensitive = true, allowEqual = true): SubpathSpec => ({
  root: normalizeSubpathRoot(root, caseSensitive),
  caseSensitive,
  allowEqual,
});

describe('subpathContains', () => {
  const ws = sub('/home/agent/workspace');

  it('A.25.2: allows files under the root and blocks traversal out of it', () => {
    expect(subpathContains(ws, '/home/agent/workspace/file.txt')).toBe(true);
    expect(subpathContains(ws, '/home/agent/workspace/../../../etc/passwd')).toBe(false);
  });

  it('normalizes lexically: separators, `.`, `..` (never above `/`) and backslashes', () => {
    expect(subpathContains(ws, '//home//agent/./workspace/sub/../file')).toBe(true);
    expect(subpathContains(ws, '/../../home/agent/workspace/x')).toBe(true);
    expect(subpathContains(ws, '/home/agent/workspace/..')).toBe(false);
    expect(subpathContains(ws, '/home/agent/workspace\\..\\..\\etc\\passwd')).toBe(false);
    expect(subpathContains(ws, '/home/agent/workspace\\notes\\a.md')).toBe(true);
  });

  it('compares whole segments, not string prefixes', () => {
    expect(subpathContains(ws, '/home/agent/workspace2/x')).toBe(false);
    expect(subpathContains(ws, '/home/agent/work')).toBe(false);
  });

  it('rejects NUL bytes and relative paths', () => {
    expect(subpathContains(ws, '/home/agent/workspace/a\0.txt')).toBe(false);
    expect(subpathContains(ws, 'home/agent/workspace/a')).toBe(false);
    expect(subpathContains(ws, './a')).toBe(false);
    expect(subpathContains(ws, '')).toBe(false);
  });

  it('honours allowEqual', () => {
    expect(subpathContains(ws, '/home/agent/workspace')).toBe(true);
    expect(subpathContains(ws, '/home/agent/workspace/')).toBe(true);
    const strict = sub('/home/agent/workspace', true, false);
    expect(subpathContains(strict, '/home/agent/workspace')).toBe(false);
    expect(subpathContains(strict, '/home/agent/workspace/.')).toBe(false);
    expect(subpathContains(strict, '/home/agent/workspace/a')).toBe(true);
  });

  it('lowercases only the candidate when case-insensitive', () => {
    const ci = sub('/Data/Reports', false);
    expect(ci.root).toBe('/data/reports');
    expect(subpathContains(ci, '/DATA/REPORTS/Q3.PDF')).toBe(true);
    expect(subpathContains(sub('/Data'), '/data/x')).toBe(false);
    // A decoded root is used verbatim: upper case in it can never match when case-insensitive.
    expect(subpathContains({ root: '/Data', caseSensitive: false, allowEqual: true }, '/Data/x')).toBe(false);
  });

  it('uses a decoded root verbatim (no re-normalization)', () => {
    const decoded = { root: '/data/', caseSensitive: true, allowEqual: true };
    expect(subpathContains(decoded, '/data/x')).toBe(true);
    expect(subpathContains(decoded, '/data')).toBe(false); // normalized "/data" ≠ root "/data/"
    const slashes = { root: '/data///', caseSensitive: true, allowEqual: true };
    expect(subpathContains(slashes, '/data/x')).toBe(true);
  });

  it('treats `/` as containing every absolute path', () => {
    const root = sub('/');
    expect(root.root).toBe('/');
    expect(subpathContains(root, '/etc/passwd')).toBe(true);
    expect(subpathContains(root, '/')).toBe(true);
  });

  it('handles Windows drive paths as Tenuo does, keeping the drive prefix verbatim', () => {
    const win = sub('C:\\Users\\agent');
    expect(win.root).toBe('C:\\Users/agent');
    expect(subpathContains(win, 'C:\\Users\\agent\\file.txt')).toBe(true);
    expect(subpathContains(win, 'C:\\Users\\agent\\..\\admin')).toBe(false);
    expect(subpathContains(win, 'C:/Users/agent/file.txt')).toBe(false); // `C:/` ≠ `C:\` prefix
    // trim_end('/') leaves `C:\` so nothing below a bare drive root matches, only the root itself.
    const drive = sub('C:\\');
    expect(subpathContains(drive, 'C:\\x')).toBe(false);
    expect(subpathContains(drive, 'C:\\')).toBe(true);
    expect(subpathContains(win, '1:\\Users\\agent\\x')).toBe(false);
  });
});

describe('normalizeSubpathRoot', () => {
  it('requires an absolute root', () => {
    for (const bad of ['relative/dir', '', 'C:', 'C:relative', '1:\\x', '~/x']) {
      expect(() => normalizeSubpathRoot(bad, true)).toThrow(ConstraintError);
    }
  });

  it('normalizes and lowercases like Subpath::with_options', () => {
    expect(normalizeSubpathRoot('/a/./b/../c/', true)).toBe('/a/c');
    expect(normalizeSubpathRoot('/a//b\\c', true)).toBe('/a/b/c');
    expect(normalizeSubpathRoot('/../..', true)).toBe('/');
    expect(normalizeSubpathRoot('/ÉTÉ/ΟΔΟΣ', false)).toBe('/été/οδος');
    expect(normalizeSubpathRoot('D:/Work', true)).toBe('D:/Work');
    expect(normalizeSubpathRoot('d:\\', true)).toBe('d:\\');
  });
});

describe('subpathNarrows', () => {
  it('accepts a child root inside the parent and rejects one outside', () => {
    expect(subpathNarrows(sub('/data'), sub('/data/reports'))).toBe(true);
    expect(subpathNarrows(sub('/data'), sub('/data'))).toBe(true);
    expect(subpathNarrows(sub('/data'), sub('/etc'))).toBe(false);
    expect(subpathNarrows(sub('/data'), sub('/database'))).toBe(false);
  });

  it('never drops case sensitivity or gains allowEqual', () => {
    expect(subpathNarrows(sub('/data'), sub('/data/x', false))).toBe(false);
    expect(subpathNarrows(sub('/data', false), sub('/data/x', true))).toBe(true);
    expect(subpathNarrows(sub('/data', true, false), sub('/data/x', true, true))).toBe(false);
    expect(subpathNarrows(sub('/data', true, false), sub('/data/x', true, false))).toBe(true);
    expect(subpathNarrows(sub('/data', true, false), sub('/data', true, false))).toBe(false);
  });
});

describe('subpathContains properties', () => {
  const segment = fc.constantFrom(
    'a',
    'b',
    'etc',
    'home',
    'agent',
    'workspace',
    '..',
    '.',
    '',
    'x.txt',
    '...',
  );
  const sep = fc.constantFrom('/', '\\', '//');
  const path = fc
    .array(fc.tuple(sep, segment), { maxLength: 12 })
    .map((parts) => `/${parts.map(([s, p]) => s + p).join('')}`);
  const root = fc.array(fc.constantFrom('a', 'b', 'home', 'workspace'), { minLength: 1, maxLength: 3 });

  it('never accepts a path whose normalized form escapes the root', () => {
    fc.assert(
      fc.property(root, path, fc.boolean(), (segs, p, allowEqual) => {
        const opts = sub(`/${segs.join('/')}`, true, allowEqual);
        // Independent reference: POSIX resolution after mapping `\` to `/` (Tenuo splits on both).
        const resolved = posix.resolve('/', p.replaceAll('\\', '/'));
        const inside = resolved.startsWith(`${opts.root}/`) || (allowEqual && resolved === opts.root);
        expect(subpathContains(opts, p)).toBe(inside);
      }),
      { numRuns: 2000 },
    );
  });

  it('never accepts a path containing NUL', () => {
    fc.assert(
      fc.property(path, fc.nat(40), (p, at) => {
        const i = Math.min(at, p.length);
        expect(subpathContains(sub('/'), `${p.slice(0, i)}\0${p.slice(i)}`)).toBe(false);
      }),
    );
  });
});
