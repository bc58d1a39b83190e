/** EnvSecrets, DictSecrets, ChainSecrets and resolveApiKey: lookup order, errors, redaction. */
import { isWardenError, WardenError } from '@warden/core';
import { describe, expect, it } from 'vitest';
import { resolveApiKey } from '../src/resolve/api-key.js';
import { ChainSecrets } from '../src/resolve/chain.js';
import { DictSecrets } from '../src/resolve/dict.js';
import { EnvSecrets } from '../src/resolve/env.js';
import { SecretNotFoundError, SecretsError, SecretsReadOnlyError } from '../src/resolve/errors.js';
import type { Secrets } from '../src/resolve/types.js';

const OPENAI = 'sk-proj-test-4f9c2a7e1b3d5f6a8c0e2b4d6f8a0c2e';
const DB = 'db-pass-Zq8x!w2@v9#Lm4$';

async function rejection(p: Promise<unknown>): Promise<WardenError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(WardenError);
    return err as WardenError;
  }
  throw new Error('expected a rejection');
}

describe('errors', () => {
  it('SecretNotFoundError names the ref, has a stable code, and extends WardenError', () => {
    const err = new SecretNotFoundError('OPENAI_API_KEY');
    expect(err).toBeInstanceOf(SecretsError);
    expect(err).toBeInstanceOf(WardenError);
    expect(err).toMatchObject({ code: 'secret_not_found', ref: 'OPENAI_API_KEY', status: 404 });
    expect(err.message).toContain('OPENAI_API_KEY');
    expect(err.toJSON()).toEqual({ error: err.message, code: 'secret_not_found' });
    expect(isWardenError(err, 'secret_not_found')).toBe(true);
  });

  it('a very long ref is cut in the message', () => {
    expect(new SecretNotFoundError('K'.repeat(5000)).message.length).toBeLessThan(200);
  });
});

describe('EnvSecrets', () => {
  const env = { OPENAI_API_KEY: OPENAI, EMPTY: '', PATH: '/usr/bin' };

  it('resolves and looks up variables of the given env; empty counts as unset', async () => {
    const secrets = new EnvSecrets(env);
    await expect(secrets.resolve('OPENAI_API_KEY')).resolves.toBe(OPENAI);
    expect(secrets.lookupSync('OPENAI_API_KEY')).toBe(OPENAI);
    expect(secrets.lookupSync('EMPTY')).toBeUndefined();
    expect(secrets.lookupSync('toString')).toBeUndefined();
    expect(secrets.lookupSync('__proto__')).toBeUndefined();
    await expect(secrets.has('OPENAI_API_KEY')).resolves.toBe(true);
    await expect(secrets.has('EMPTY')).resolves.toBe(false);
    const err = await rejection(secrets.resolve('MISSING_KEY'));
    expect(err).toBeInstanceOf(SecretNotFoundError);
    expect(err).toMatchObject({ code: 'secret_not_found', ref: 'MISSING_KEY' });
  });

  it('reads process.env at each call by default', async () => {
    const name = `WARDEN_TEST_${process.pid}`;
    const secrets = new EnvSecrets();
    expect(secrets.lookupSync(name)).toBeUndefined();
    process.env[name] = 'late-value-123456';
    try {
      await expect(secrets.resolve(name)).resolves.toBe('late-value-123456');
    } finally {
      delete process.env[name];
    }
  });

  it('store refuses with a typed read-only error naming the ref, not the value', async () => {
    const err = await rejection(new EnvSecrets(env).store('NEW_KEY', 'never-shown-value'));
    expect(err).toBeInstanceOf(SecretsReadOnlyError);
    expect(err).toMatchObject({ code: 'secrets_read_only', ref: 'NEW_KEY' });
    expect(err.message).not.toContain('never-shown-value');
  });

  it('redacts the values it handed out, not the whole environment', async () => {
    const secrets = new EnvSecrets(env);
    expect(secrets.redact(`key ${OPENAI} path /usr/bin`)).toBe(`key ${OPENAI} path /usr/bin`);
    await secrets.resolve('OPENAI_API_KEY');
    expect(secrets.redact(`key ${OPENAI} path /usr/bin`)).toBe('key [REDACTED] path /usr/bin');
    secrets.forget();
    expect(secrets.redact(OPENAI)).toBe(OPENAI);
  });

  it('misuse throws TypeError', () => {
    const secrets = new EnvSecrets(env);
    expect(() => secrets.lookupSync('')).toThrow(TypeError);
    expect(() => secrets.lookupSync(42 as unknown as string)).toThrow(TypeError);
    expect(() => secrets.redact(undefined as unknown as string)).toThrow(TypeError);
  });
});

describe('DictSecrets', () => {
  it('holds, stores and resolves values; redacts every value held or overwritten', async () => {
    const secrets = new DictSecrets({ DB_PASSWORD: DB });
    await expect(secrets.resolve('DB_PASSWORD')).resolves.toBe(DB);
    await secrets.store('API_TOKEN', 'tok_123456789abcdef');
    expect(secrets.lookupSync('API_TOKEN')).toBe('tok_123456789abcdef');
    await secrets.store('API_TOKEN', 'tok_rotated_000000');
    expect(secrets.lookupSync('API_TOKEN')).toBe('tok_rotated_000000');
    expect(secrets.redact('a tok_123456789abcdef b tok_rotated_000000 c')).toBe(
      'a [REDACTED] b [REDACTED] c',
    );
    expect(secrets.delete('API_TOKEN')).toBe(true);
    await expect(secrets.resolve('API_TOKEN')).rejects.toMatchObject({ code: 'secret_not_found' });
    secrets.forget();
    expect(secrets.redact('tok_rotated_000000')).toBe('tok_rotated_000000');
    expect(secrets.redact(DB)).toBe('[REDACTED]');
  });

  it('redacts the encodings of its values', () => {
    const secrets = new DictSecrets([['K', 'p@ss w/rd"+x']]);
    const value = 'p@ss w/rd"+x';
    for (const encoded of [
      Buffer.from(value).toString('base64'),
      Buffer.from(value).toString('base64url'),
      encodeURIComponent(value),
      JSON.stringify(value).slice(1, -1),
    ]) {
      expect(secrets.redact(`<${encoded}>`)).toBe('<[REDACTED]>');
    }
  });

  it('refuses empty values and bad entries', async () => {
    expect(() => new DictSecrets({ A: '' })).toThrow(TypeError);
    expect(() => new DictSecrets({ '': 'x' })).toThrow(TypeError);
    await expect(new DictSecrets().store('A', '')).rejects.toThrow(TypeError);
  });

  it('keeps values out of JSON and inspection', () => {
    const secrets = new DictSecrets({ DB_PASSWORD: DB });
    expect(JSON.stringify(secrets)).not.toContain(DB);
    expect(String(secrets)).not.toContain(DB);
  });
});

describe('ChainSecrets', () => {
  it('asks its backends in order: the first that has the ref answers', async () => {
    const first = new DictSecrets({ SHARED: 'from-first-backend', ONLY_FIRST: 'first-only-value' });
    const second = new DictSecrets({ SHARED: 'from-second-backend', ONLY_SECOND: 'second-only-value' });
    const env = new EnvSecrets({ ONLY_ENV: 'env-only-value-1', SHARED: 'from-env-backend' });
    const chain = new ChainSecrets([first, second, env]);
    await expect(chain.resolve('SHARED')).resolves.toBe('from-first-backend');
    await expect(chain.resolve('ONLY_SECOND')).resolves.toBe('second-only-value');
    await expect(chain.resolve('ONLY_ENV')).resolves.toBe('env-only-value-1');
    expect(chain.lookupSync('SHARED')).toBe('from-first-backend');
    expect(chain.lookupSync('ONLY_ENV')).toBe('env-only-value-1');
    expect(chain.lookupSync('NOWHERE')).toBeUndefined();
    await expect(chain.has('ONLY_SECOND')).resolves.toBe(true);
    await expect(chain.has('NOWHERE')).resolves.toBe(false);
    const err = await rejection(chain.resolve('NOWHERE'));
    expect(err).toMatchObject({ code: 'secret_not_found', ref: 'NOWHERE' });

    const reversed = new ChainSecrets([env, second, first]);
    await expect(reversed.resolve('SHARED')).resolves.toBe('from-env-backend');
  });

  it('has() never rules out what a backend that cannot probe might resolve', async () => {
    const opaque: Secrets = {
      resolve: async () => 'opaque-value',
      store: async () => {},
      redact: (t) => t,
      lookupSync: () => undefined,
    };
    await expect(new ChainSecrets([new DictSecrets(), opaque]).has('ANY')).resolves.toBe(true);
    await expect(new ChainSecrets([new DictSecrets(), new EnvSecrets({})]).has('ANY')).resolves.toBe(false);
  });

  it('does not fall through past a backend that failed otherwise', async () => {
    const broken: Secrets = {
      resolve: async () => {
        throw new WardenError('network_error', 'vault unreachable');
      },
      store: async () => {},
      redact: (t) => t,
      lookupSync: () => undefined,
    };
    const chain = new ChainSecrets([broken, new DictSecrets({ KEY: 'fallback-value' })]);
    await expect(chain.resolve('KEY')).rejects.toMatchObject({ code: 'network_error' });
  });

  it('stores in the first backend that is not read-only', async () => {
    const dict = new DictSecrets();
    const chain = new ChainSecrets([new EnvSecrets({}), dict]);
    await chain.store('NEW', 'stored-value-1234');
    expect(dict.lookupSync('NEW')).toBe('stored-value-1234');
    await expect(new ChainSecrets([new EnvSecrets({})]).store('NEW', 'v')).rejects.toMatchObject({
      code: 'secrets_read_only',
    });
  });

  it("redacts every backend's values in one pass, so nested values go whole", async () => {
    const inner = 'abc123-inner-secret';
    const outer = `xx-${inner}-yy-outer`;
    const foreign: Secrets = {
      resolve: async () => 'z',
      store: async () => {},
      redact: (t) => t.replaceAll('FOREIGN-SECRET-VALUE', '[GONE]'),
      lookupSync: () => undefined,
    };
    const chain = new ChainSecrets([new DictSecrets({ A: inner }), new DictSecrets({ B: outer }), foreign]);
    expect(chain.redact(`1 ${outer} 2 ${inner} 3 FOREIGN-SECRET-VALUE`)).toBe(
      '1 [REDACTED] 2 [REDACTED] 3 [GONE]',
    );
    // New values are picked up (the combined redactor is rebuilt when a backend's set changes).
    await chain.store('C', 'added-later-value-9');
    expect(chain.redact('added-later-value-9')).toBe('[REDACTED]');
  });

  it('rejects an empty or malformed backend list', () => {
    expect(() => new ChainSecrets([])).toThrow(TypeError);
    expect(() => new ChainSecrets([{} as Secrets])).toThrow(TypeError);
  });
});

describe('resolveApiKey', () => {
  const secrets = new DictSecrets({ OPENAI_API_KEY: 'from-secrets-backend' });
  const env = { OPENAI_API_KEY: 'from-environment', OTHER_KEY: 'other-from-env' };

  it('explicit, then secrets.lookupSync, then the environment', () => {
    expect(resolveApiKey({ explicit: 'explicit-key', envName: 'OPENAI_API_KEY', secrets, env })).toBe(
      'explicit-key',
    );
    expect(resolveApiKey({ explicit: undefined, envName: 'OPENAI_API_KEY', secrets, env })).toBe(
      'from-secrets-backend',
    );
    expect(resolveApiKey({ envName: 'OPENAI_API_KEY', env })).toBe('from-environment');
    expect(resolveApiKey({ explicit: '', envName: 'OTHER_KEY', secrets, env })).toBe('other-from-env');
  });

  it('reads process.env by default', () => {
    const name = `WARDEN_API_KEY_TEST_${process.pid}`;
    process.env[name] = 'process-env-key';
    try {
      expect(resolveApiKey({ envName: name })).toBe('process-env-key');
    } finally {
      delete process.env[name];
    }
  });

  it('throws SecretNotFoundError naming envName when none has it', () => {
    try {
      resolveApiKey({ envName: 'ANTHROPIC_API_KEY', secrets, env });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(SecretNotFoundError);
      expect(err).toMatchObject({ code: 'secret_not_found', ref: 'ANTHROPIC_API_KEY' });
    }
  });

  it('misuse throws TypeError', () => {
    expect(() => resolveApiKey({ envName: '' })).toThrow(TypeError);
    expect(() => resolveApiKey({ explicit: 42 as unknown as string, envName: 'X' })).toThrow(TypeError);
  });
});
