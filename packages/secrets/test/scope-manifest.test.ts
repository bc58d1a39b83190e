/** SecretScope.fromManifest: the snake_case manifest, and hostile YAML refused with a clear, value-free error. */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${VAR}` is the scope's reference syntax, written literally.
import { ManualClock } from '@warden/core';
import { describe, expect, it } from 'vitest';
import { DictSecrets } from '../src/resolve/dict.js';
import { ManifestError } from '../src/scope/errors.js';
import { MemoryJournal } from '../src/scope/journal.js';
import { MAX_MANIFEST_BYTES, parseManifest } from '../src/scope/manifest.js';
import { SecretScope } from '../src/scope/scope.js';

const LITERAL = 'literal-secret-in-manifest-9f8e7d';

function refused(text: string, maxBytes?: number): ManifestError {
  try {
    parseManifest(text, maxBytes);
  } catch (err) {
    expect(err).toBeInstanceOf(ManifestError);
    const e = err as ManifestError;
    expect(e.code).toBe('invalid_manifest');
    expect(e.message).not.toContain(LITERAL);
    return e;
  }
  throw new Error('expected a ManifestError');
}

describe('a valid manifest', () => {
  const text = `
# an agent's secrets
secrets:
  OPENAI: \${OPENAI_API_KEY}
  DB: vault:prod/db-password
  MODE: "${LITERAL}"
default_ttl: 3600
ttls:
  DB: 300
revoke_on_stop: false
`;

  it('parses into the constructor config', () => {
    const config = parseManifest(text);
    expect({ ...config, secrets: { ...config.secrets }, ttls: { ...config.ttls } }).toEqual({
      secrets: { OPENAI: '${OPENAI_API_KEY}', DB: 'vault:prod/db-password', MODE: LITERAL },
      defaultTtl: 3600,
      ttls: { DB: 300 },
      revokeOnStop: false,
    });
  });

  it('builds a working scope, with the backend given as `secrets`', async () => {
    const clock = new ManualClock(1000);
    const journal = new MemoryJournal();
    const scope = SecretScope.fromManifest(text, {
      secrets: new DictSecrets({ 'prod/db-password': 'vaulted-db-password-1' }),
      env: { OPENAI_API_KEY: 'sk-from-env-1234567890' },
      clock,
      journal,
    });
    await scope.start();
    expect(scope.get('OPENAI')).toBe('sk-from-env-1234567890');
    expect(scope.get('DB')).toBe('vaulted-db-password-1');
    expect(scope.get('MODE')).toBe(LITERAL);
    clock.advance(300);
    expect(scope.get('DB')).toBeUndefined();
    expect(scope.get('OPENAI')).toBe('sk-from-env-1234567890');
    clock.advance(3300);
    expect(scope.get('OPENAI')).toBeUndefined();
  });

  it('needs only `secrets`; an empty one is allowed', () => {
    expect({ ...parseManifest('secrets:\n  A: x\n').secrets }).toEqual({ A: 'x' });
    expect({ ...parseManifest('secrets: {}\n').secrets }).toEqual({});
  });

  it('revoke_on_stop defaults to true in the scope', async () => {
    const scope = SecretScope.fromManifest('secrets:\n  A: some-literal-value\n');
    await scope.start();
    const buf = scope.use('A', (b) => b);
    await scope.stop();
    expect(buf.every((x) => x === 0)).toBe(true);
  });

  it('a vault: ref without a backend is a TypeError at construction', () => {
    expect(() => SecretScope.fromManifest('secrets:\n  A: vault:key\n')).toThrow(/backend/);
  });
});

describe('refused manifests', () => {
  it('unknown keys, naming the key and the allowed ones', () => {
    const e = refused('secrets:\n  A: x\ndefault_tll: 60\n');
    expect(e.message).toContain('"default_tll"');
    expect(e.message).toContain('line 3');
    expect(e.message).toMatch(/allowed: secrets, default_ttl, ttls, revoke_on_stop/);
    // camelCase is the constructor's, not the manifest's.
    expect(refused('secrets: {}\ndefaultTtl: 60\n').message).toContain('"defaultTtl"');
  });

  it('a misindented secret (a top-level key) is named, its value never shown', () => {
    const e = refused(`secrets:\nOPENAI: ${LITERAL}\n`);
    expect(e.message).toContain('"OPENAI"');
  });

  it('bad TTLs', () => {
    for (const ttl of ['0', '-1', '1.5', '"60"', 'true', '1e99', '315360001', 'null', '[60]']) {
      expect(refused(`secrets:\n  A: x\ndefault_ttl: ${ttl}\n`).message).toMatch(
        /default_ttl: a TTL must be/,
      );
      expect(refused(`secrets:\n  A: x\nttls:\n  A: ${ttl}\n`).message).toMatch(/ttls\.A: a TTL must be/);
    }
  });

  it('ttls for a secret that does not exist', () => {
    expect(refused('secrets:\n  A: x\nttls:\n  B: 60\n').message).toContain('ttls.B: no such secret');
  });

  it('wrong shapes', () => {
    expect(refused('').message).toMatch(/mapping/);
    expect(refused('- a\n- b\n').message).toMatch(/mapping/);
    expect(refused('just a string').message).toMatch(/mapping/);
    expect(refused('default_ttl: 60\n').message).toMatch(/missing key `secrets`/);
    expect(refused('secrets: [a, b]\n').message).toMatch(/secrets: must be a mapping/);
    expect(refused('secrets:\n  PORT: 5432\n').message).toMatch(/secrets.PORT: must be a string/);
    expect(refused('secrets:\n  FLAG: true\n').message).toMatch(/secrets.FLAG: must be a string/);
    expect(refused('secrets:\n  EMPTY:\n').message).toMatch(/secrets.EMPTY: must be a string/);
    expect(refused('secrets:\n  NESTED: { a: b }\n').message).toMatch(/secrets.NESTED: must be a string/);
    expect(refused('secrets:\n  BIN: !!binary aGVsbG8=\n').message).toMatch(/secrets.BIN: must be a string/);
    expect(refused('secrets:\n  "bad name": x\n').message).toMatch(/secret name/);
    expect(refused('secrets:\n  A: x\nrevoke_on_stop: "yes"\n').message).toMatch(
      /revoke_on_stop: must be true or false/,
    );
    expect(refused('secrets:\n  A: "${BROKEN"\n').message).toMatch(/malformed/);
    expect(refused('secrets:\n  A: "vault:"\n').message).toMatch(/vault: needs a key/);
    expect(refused('secrets:\n  ? [a]\n  : x\n').message).toMatch(/keys must be plain strings/);
  });

  it('duplicate keys, several documents, syntax errors: code and position, never the text', () => {
    expect(refused(`secrets:\n  A: ${LITERAL}\n  A: other\n`).message).toMatch(/DUPLICATE_KEY at line 3/);
    expect(refused(`secrets:\n  A: x\nsecrets:\n  B: y\n`).message).toMatch(/DUPLICATE_KEY/);
    expect(refused(`secrets:\n  A: x\n---\nsecrets:\n  B: ${LITERAL}\n`).message).toMatch(/MULTIPLE_DOCS/);
    const e = refused(`secrets:\n  A: "${LITERAL}\n  B: [unterminated\n`);
    expect(e.message).toMatch(/YAML [A-Z_]+ at line \d+, column \d+/);
    expect(refused('secrets:\n  A: !custom x\n').message).toMatch(/TAG_RESOLVE_FAILED/);
  });

  it('a prototype key is a plain name, never a prototype', () => {
    const config = parseManifest('secrets:\n  __proto__: polluted-value\n');
    expect(Object.getPrototypeOf(config.secrets)).toBe(null);
    expect(Object.keys(config.secrets)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('hostile manifests', () => {
  it('aliases are refused outright (no billion laughs)', () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'secrets: *f',
    ].join('\n');
    const started = performance.now();
    expect(refused(bomb).message).toMatch(/aliases are not allowed/);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(refused('secrets:\n  A: &v x\n  B: *v\n').message).toMatch(/aliases are not allowed \(at line 3/);
    expect(refused('base: &base {A: x}\nsecrets:\n  <<: *base\n').message).toMatch(/aliases/);
  });

  it('a manifest over the size cap is refused before parsing', () => {
    const huge = `secrets:\n${Array.from({ length: 5000 }, (_, i) => `  K${i}: value-${i}-padding-padding\n`).join('')}`;
    expect(huge.length).toBeGreaterThan(MAX_MANIFEST_BYTES);
    expect(refused(huge).message).toContain(`larger than ${MAX_MANIFEST_BYTES} bytes`);
    expect(refused('secrets:\n  A: x\n', 10).message).toContain('larger than 10 bytes');
    // Bytes, not characters.
    expect(refused(`secrets:\n  A: "${'é'.repeat(40)}"\n`, 60).message).toContain('larger than 60 bytes');
    expect(() => SecretScope.fromManifest('secrets: {}\n', { maxBytes: 0 })).toThrow(RangeError);
  });

  it('deep nesting within the cap is refused, not a crash', () => {
    const deep = `secrets:\n  A: ${'['.repeat(30_000)}${']'.repeat(30_000)}\n`;
    expect(deep.length).toBeLessThan(MAX_MANIFEST_BYTES);
    expect(refused(deep).message).toMatch(/YAML|must be a string/);
  });

  it('a non-string manifest is a TypeError', () => {
    expect(() => parseManifest(Buffer.from('secrets: {}') as unknown as string)).toThrow(TypeError);
  });
});
