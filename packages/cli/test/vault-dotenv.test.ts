/**
 * The .env text `warden pull` writes must give back every value byte for
 * byte, both to Warden's own reader (`push --from-env-file`) and to Node's
 * (`node --env-file`, `util.parseEnv`).
 */
import { parseEnv } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDotenv, parseDotenv, quoteDotenv } from '../src/commands/vault-dotenv.js';

describe('.env format', () => {
  it('round-trips any value it can quote, through its own parser and through Node', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (value) => {
        const q = quoteDotenv(value);
        if (q === undefined) {
          // Refused only when no quoting round-trips: CR or NUL, or all three quote characters.
          expect(/[\r\0]/.test(value) || (value.includes("'") && value.includes('`'))).toBe(true);
          return;
        }
        const text = `KEY=${q}\n`;
        expect(parseDotenv(text, 'f')).toEqual([['KEY', value]]);
        expect(parseEnv(text)).toEqual({ KEY: value });
      }),
      { numRuns: 500 },
    );
  });

  it('formats sorted lines, and names the values no quoting can carry', () => {
    const r = formatDotenv({ B: 'two words', A: "it's", C: 'a\'b"c`d' });
    expect(r.text).toBe(`A="it's"\nB='two words'\n`);
    expect(r.unrepresentable).toEqual(['C']);
  });

  it('reads comments, export, unquoted values and multi-line quotes', () => {
    const text = '# c\nexport A=plain value # note\n\nB="x\\ny"\nC=\'line1\nline2\'\nD=\n';
    expect(parseDotenv(text, 'f')).toEqual([
      ['A', 'plain value'],
      ['B', 'x\ny'],
      ['C', 'line1\nline2'],
      ['D', ''],
    ]);
  });

  it('reports a bad line by number, never by content', () => {
    expect(() => parseDotenv('A=1\nsk-live-secret\n', 'f.env')).toThrow(/line 2/);
    try {
      parseDotenv('A=1\nsk-live-secret\n', 'f.env');
    } catch (err) {
      expect((err as Error).message).not.toContain('sk-live');
    }
    expect(() => parseDotenv("A='open\n", 'f')).toThrow(/unterminated/);
  });
});
