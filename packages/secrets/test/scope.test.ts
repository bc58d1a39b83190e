/** SecretScope: start, TTLs on an injected clock, rotation, journal content, zero-fill, sanitizeText. */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${VAR}` is the scope's reference syntax, written literally.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, WardenError } from '@warden/core';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { DictSecrets } from '../src/resolve/dict.js';
import { SecretNotFoundError } from '../src/resolve/errors.js';
import type { Secrets } from '../src/resolve/types.js';
import { ScopeStartError, ScopeStateError } from '../src/scope/errors.js';
import { CallbackJournal, JsonlFileJournal, MemoryJournal } from '../src/scope/journal.js';
import { SecretScope } from '../src/scope/scope.js';
import type { SecretAccessEntry, SecretScopeConfig } from '../src/scope/types.js';

const OPENAI = 'sk-proj-scope-7d1e9a3c5b7f9e1d3c5a7b9f1e3d5c7a';
const DB = 'Tr0ub4dor&3-db-password';
const LITERAL = 'literal-value-0f8e7d6c5b4a';
const VAULTED = 'vault-held-value-a1b2c3d4e5';
const ALL = [OPENAI, DB, LITERAL, VAULTED];

const T0 = 1_700_000_000;
let clock: ManualClock;
let journal: MemoryJournal;

function scope(extra: Partial<SecretScopeConfig> = {}): SecretScope {
  clock = new ManualClock(T0);
  journal = new MemoryJournal();
  return new SecretScope({
    secrets: { OPENAI: '${OPENAI_API_KEY}', DB: '${DB_PASSWORD}', MODE: LITERAL, VAULTED: 'vault:team/key' },
    env: { OPENAI_API_KEY: OPENAI, DB_PASSWORD: DB },
    backend: new DictSecrets({ 'team/key': VAULTED }),
    clock,
    journal,
    id: 'scope-test',
    ...extra,
  });
}

const actions = () => journal.entries.map((e) => `${e.data.action}:${e.data.secretName}`);

/** No value, in any form, anywhere in the serialized journal. */
function expectNoValues(entries: readonly SecretAccessEntry[], values = ALL): void {
  const text = JSON.stringify(entries);
  for (const v of values) {
    expect(text).not.toContain(v);
    expect(text).not.toContain(Buffer.from(v).toString('base64'));
    expect(text).not.toContain(JSON.stringify(v).slice(1, -1));
  }
}

describe('start', () => {
  it('resolves literals, ${ENV} and vault: refs; journals each resolve', async () => {
    const s = scope();
    expect(s.state).toBe('idle');
    await s.start();
    expect(s.state).toBe('running');
    expect(s.get('OPENAI')).toBe(OPENAI);
    expect(s.get('DB')).toBe(DB);
    expect(s.get('MODE')).toBe(LITERAL);
    expect(s.get('VAULTED')).toBe(VAULTED);
    expect(s.activeSecrets).toEqual(['OPENAI', 'DB', 'MODE', 'VAULTED']);
    expect(actions().slice(0, 4)).toEqual([
      'resolve:OPENAI',
      'resolve:DB',
      'resolve:MODE',
      'resolve:VAULTED',
    ]);
    expect(journal.entries[0]).toEqual({
      entryType: 'secret_access',
      scopeId: 'scope-test',
      timestamp: T0,
      data: { action: 'resolve', secretName: 'OPENAI' },
    });
  });

  it('fails with ONE error listing every missing name, and keeps nothing', async () => {
    const s = scope({
      secrets: {
        A: '${MISSING_ONE}',
        B: '${OPENAI_API_KEY}',
        C: '${MISSING_TWO}',
        D: '${EMPTY_VAR}',
        E: 'vault:not/there',
      },
      env: { OPENAI_API_KEY: OPENAI, EMPTY_VAR: '' },
    });
    const err = await s.start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScopeStartError);
    expect(err).toBeInstanceOf(WardenError);
    const e = err as ScopeStartError;
    expect(e.code).toBe('scope_secrets_missing');
    for (const name of ['MISSING_ONE', 'MISSING_TWO', 'EMPTY_VAR', 'not/there'])
      expect(e.message).toContain(name);
    expect(e.missing).toEqual(['${MISSING_ONE}', '${MISSING_TWO}', '${EMPTY_VAR}', 'vault:not/there']);
    expect(e.unresolved.map((u) => u.name)).toEqual(['A', 'C', 'D', 'E']);
    expect(e.message).not.toContain(OPENAI);
    expect(s.state).toBe('idle');
    expect(() => s.get('B')).toThrow(ScopeStateError);
    expect(journal.entries).toEqual([]);
  });

  it('a missing variable fails start before any backend read is spent', async () => {
    const reads: string[] = [];
    const counting: Secrets = {
      resolve: async (ref) => {
        reads.push(ref);
        return VAULTED;
      },
      store: async () => {},
      redact: (t) => t,
      lookupSync: () => undefined,
    };
    const s = scope({ secrets: { A: 'vault:a', B: '${NOT_SET_ANYWHERE}' }, backend: counting, env: {} });
    await expect(s.start()).rejects.toMatchObject({ code: 'scope_secrets_missing' });
    expect(reads).toEqual([]);
  });

  it('a backend failure other than not-found is scope_start_failed, with the cause', async () => {
    const broken: Secrets = {
      resolve: async () => {
        throw new WardenError('network_error', 'vault unreachable');
      },
      store: async () => {},
      redact: (t) => t,
      lookupSync: () => undefined,
    };
    const s = scope({ secrets: { X: 'vault:x', Y: LITERAL }, backend: broken });
    const err = (await s.start().catch((e: unknown) => e)) as ScopeStartError;
    expect(err.code).toBe('scope_start_failed');
    expect(err.message).toContain('network_error');
    expect(err.cause).toBeInstanceOf(AggregateError);
    expect(err.message).not.toContain(LITERAL);
  });

  it('a failed start can be retried; start twice is a state error', async () => {
    const env: Record<string, string> = {};
    const s = scope({ secrets: { A: '${LATE_VAR}' }, env });
    await expect(s.start()).rejects.toMatchObject({ code: 'scope_secrets_missing' });
    env.LATE_VAR = 'late-variable-value';
    await s.start();
    expect(s.get('A')).toBe('late-variable-value');
    await expect(s.start()).rejects.toMatchObject({ code: 'invalid_scope_state' });
  });

  it('stop during start wipes what start resolved', async () => {
    let release: (v: string) => void = () => {};
    const slow: Secrets = {
      resolve: () => new Promise<string>((r) => (release = r)),
      store: async () => {},
      redact: (t) => t,
      lookupSync: () => undefined,
    };
    const s = scope({ secrets: { A: 'vault:a' }, backend: slow });
    const started = s.start();
    await Promise.resolve();
    await s.stop();
    release(VAULTED);
    await expect(started).rejects.toMatchObject({ code: 'invalid_scope_state' });
    expect(s.get('A')).toBeUndefined();
  });
});

describe('TTL', () => {
  it('default_ttl expires every secret; per-secret ttls override it', async () => {
    const s = scope({ defaultTtl: 600, ttls: { DB: 60 } });
    await s.start();
    clock.advance(59);
    expect(s.get('DB')).toBe(DB);
    clock.advance(1);
    expect(s.get('DB')).toBeUndefined();
    expect(s.get('OPENAI')).toBe(OPENAI);
    expect(s.activeSecrets).toEqual(['OPENAI', 'MODE', 'VAULTED']);
    clock.advance(540);
    expect(s.activeSecrets).toEqual([]);
    expect(s.get('OPENAI')).toBeUndefined();
    const tail = actions().slice(4);
    expect(tail).toEqual([
      'access:DB',
      'expire:DB',
      'miss:DB',
      'access:OPENAI',
      'expire:OPENAI',
      'expire:MODE',
      'expire:VAULTED',
      'miss:OPENAI',
    ]);
    expect(
      journal.entries.find((e) => e.data.action === 'expire' && e.data.secretName === 'DB')?.timestamp,
    ).toBe(T0 + 60);
  });

  it('no TTL: secrets never expire', async () => {
    const s = scope();
    await s.start();
    clock.advance(10 * 365 * 86400);
    expect(s.get('DB')).toBe(DB);
  });

  it('an expired secret is zero-filled at once by sweep()', async () => {
    const s = scope({ ttls: { DB: 5 } });
    await s.start();
    const buf = s.use('DB', (b) => b);
    clock.advance(5);
    expect(s.sweep()).toEqual(['DB']);
    expect(buf.every((b) => b === 0)).toBe(true);
  });
});

describe('rotate', () => {
  it('replaces a value without restart, wipes the old buffer, restarts its TTL', async () => {
    const s = scope({ defaultTtl: 100 });
    await s.start();
    const old = s.use('DB', (b) => b);
    clock.advance(90);
    s.rotate('DB', 'rotated-db-password-1');
    expect(old.every((b) => b === 0)).toBe(true);
    expect(s.get('DB')).toBe('rotated-db-password-1');
    clock.advance(99);
    expect(s.get('DB')).toBe('rotated-db-password-1');
    clock.advance(1);
    expect(s.get('DB')).toBeUndefined();
    expect(actions()).toContain('rotate:DB');
  });

  it('takes an explicit ttl, adds new names, copies byte values', async () => {
    const s = scope();
    await s.start();
    const bytes = new Uint8Array(Buffer.from('byte-valued-secret-xyz'));
    s.rotate('NEW_ONE', bytes, { ttl: 10 });
    bytes.fill(0);
    expect(s.get('NEW_ONE')).toBe('byte-valued-secret-xyz');
    clock.advance(10);
    expect(s.get('NEW_ONE')).toBeUndefined();
  });

  it('refuses bad input and the wrong state', async () => {
    const s = scope();
    expect(() => s.rotate('DB', 'x')).toThrow(ScopeStateError);
    await s.start();
    expect(() => s.rotate('DB', '')).toThrow(TypeError);
    expect(() => s.rotate('bad name', 'x')).toThrow(TypeError);
    expect(() => s.rotate('DB', 'x', { ttl: 0 })).toThrow(RangeError);
    expect(() => s.rotate('DB', 'x', { ttl: 1.5 })).toThrow(RangeError);
    await s.stop();
    expect(() => s.rotate('DB', 'x')).toThrow(ScopeStateError);
  });
});

describe('use', () => {
  it('lends the scope buffer without a string copy, journaled as an access', async () => {
    const s = scope();
    await s.start();
    const length = s.use('DB', (buf) => {
      expect(Buffer.isBuffer(buf)).toBe(true);
      expect(buf.equals(Buffer.from(DB))).toBe(true);
      return buf.length;
    });
    expect(length).toBe(Buffer.byteLength(DB));
    expect(actions().at(-1)).toBe('access:DB');
    expect(() => s.use('NOPE', () => 1)).toThrow(SecretNotFoundError);
    expect(actions().at(-1)).toBe('miss:NOPE');
  });

  it('each value has a buffer of its own, not a slice of a shared pool', async () => {
    const s = scope();
    await s.start();
    s.use('DB', (buf) => {
      expect(buf.byteOffset).toBe(0);
      expect(buf.buffer.byteLength).toBe(buf.length);
    });
  });
});

describe('revoke', () => {
  it('revokeAll overwrites every buffer with zeros and drops it', async () => {
    const s = scope();
    await s.start();
    const bufs = ['OPENAI', 'DB', 'MODE', 'VAULTED'].map((name) => s.use(name, (b) => b));
    for (const b of bufs) expect(b.some((x) => x !== 0)).toBe(true);
    s.revokeAll();
    for (const b of bufs) {
      expect(b.length).toBeGreaterThan(0);
      expect(b.every((x) => x === 0)).toBe(true);
    }
    expect(s.activeSecrets).toEqual([]);
    expect(s.get('DB')).toBeUndefined();
    expect(actions().filter((a) => a.startsWith('revoke:'))).toEqual([
      'revoke:OPENAI',
      'revoke:DB',
      'revoke:MODE',
      'revoke:VAULTED',
    ]);
    // The scope still runs: a rotation brings a value back.
    s.rotate('DB', 'after-revoke-value');
    expect(s.get('DB')).toBe('after-revoke-value');
  });

  it('revoke(name) wipes one secret', async () => {
    const s = scope();
    await s.start();
    const buf = s.use('OPENAI', (b) => b);
    expect(s.revoke('OPENAI')).toBe(true);
    expect(s.revoke('OPENAI')).toBe(false);
    expect(buf.every((x) => x === 0)).toBe(true);
    expect(s.get('DB')).toBe(DB);
  });

  it('stop() zero-fills with revokeOnStop (the default); get is undefined after', async () => {
    const s = scope();
    await s.start();
    const buf = s.use('DB', (b) => b);
    await s.stop();
    expect(s.state).toBe('stopped');
    expect(buf.every((x) => x === 0)).toBe(true);
    expect(s.get('DB')).toBeUndefined();
    expect(s.sanitizeText(DB)).toBe(DB); // stop also forgets the retained copies
    await s.stop(); // idempotent
  });

  it('revokeOnStop: false keeps the values through stop', async () => {
    const s = scope({ revokeOnStop: false });
    await s.start();
    await s.stop();
    expect(s.get('DB')).toBe(DB);
    s.revokeAll();
    expect(s.get('DB')).toBeUndefined();
  });

  it('every buffer is zeroed even when the journal throws', async () => {
    let failing = false;
    const s = scope({
      journal: new CallbackJournal(() => {
        if (failing) throw new Error('journal down');
      }),
    });
    await s.start();
    const bufs = ['OPENAI', 'DB'].map((name) => s.use(name, (b) => b));
    failing = true;
    expect(() => s.revokeAll()).toThrow('journal down');
    for (const b of bufs) expect(b.every((x) => x === 0)).toBe(true);
  });
});

describe('journal', () => {
  it('records every access, rotation, revocation and expiry, and never a value', async () => {
    const lines: SecretAccessEntry[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'warden-scope-journal-'));
    const file = join(dir, 'access.jsonl');
    try {
      const s = scope({ ttls: { MODE: 5 } });
      const other = new SecretScope({
        secrets: { OPENAI: '${OPENAI_API_KEY}', DB: '${DB_PASSWORD}' },
        env: { OPENAI_API_KEY: OPENAI, DB_PASSWORD: DB },
        clock,
        id: 'multi',
        journal: [journal, new JsonlFileJournal(file), new CallbackJournal((e) => lines.push(e))],
      });
      await s.start();
      await other.start();
      s.get('OPENAI');
      s.use('DB', () => {});
      s.get('UNKNOWN');
      s.rotate('DB', 'rotated-in-journal-test');
      clock.advance(5);
      s.get('MODE');
      await s.getSecretTool().handler({ name: 'OPENAI' });
      await s.getSecretTool({ reveal: 'confirm' }).handler({ name: 'DB' });
      await s.getSecretTool({ allow: ['DB'] }).handler({ name: 'OPENAI' });
      s.revoke('VAULTED');
      other.get('DB');
      await s.stop();
      await other.stop();

      const mine = journal.entries.filter((e) => e.scopeId === 'scope-test').map((e) => e.data.action);
      expect(new Set(mine)).toEqual(
        new Set([
          'resolve',
          'access',
          'miss',
          'rotate',
          'expire',
          'tool_access',
          'tool_confirm',
          'denied',
          'revoke',
        ]),
      );
      for (const e of journal.entries) {
        expect(Object.keys(e).sort()).toEqual(['data', 'entryType', 'scopeId', 'timestamp']);
        expect(Object.keys(e.data).sort()).toEqual(['action', 'secretName']);
        expect(e.entryType).toBe('secret_access');
      }
      expectNoValues(journal.entries, [...ALL, 'rotated-in-journal-test']);

      const fromFile = readFileSync(file, 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as SecretAccessEntry);
      expect(fromFile).toEqual(lines);
      expect(fromFile.map((e) => e.data.secretName)).toEqual(['OPENAI', 'DB', 'DB', 'OPENAI', 'DB']);
      expectNoValues(fromFile);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a name that is not a secret name, or is a value, is not journaled as given', async () => {
    const s = scope();
    await s.start();
    s.get(OPENAI); // a caller (or a model) asking for a value as a name
    s.get(Buffer.from(DB).toString('base64url'));
    s.get('has spaces and / slashes');
    expect(actions().slice(-3)).toEqual(['miss:(redacted)', 'miss:(redacted)', 'miss:(invalid name)']);
    expectNoValues(journal.entries);
  });

  it('an access whose journal entry cannot be written is not granted', async () => {
    const s = scope({
      journal: new CallbackJournal((e) => {
        if (e.data.action === 'access') throw new Error('audit sink full');
      }),
    });
    await s.start();
    expect(() => s.get('DB')).toThrow('audit sink full');
    expect(() => s.use('DB', () => 'ran')).toThrow('audit sink full');
  });
});

describe('sanitizeText', () => {
  const encodings = (v: string) => [
    v,
    Buffer.from(v).toString('base64'),
    Buffer.from(v).toString('base64url'),
    encodeURIComponent(v),
    JSON.stringify(v).slice(1, -1),
  ];

  it('replaces every held value in every encoding', async () => {
    const s = scope();
    await s.start();
    for (const v of ALL)
      for (const e of encodings(v))
        expect(s.sanitizeText(`before ${e} after`)).toBe('before [REDACTED] after');
    expect(s.sanitizeText('nothing secret here')).toBe('nothing secret here');
  });

  it('still replaces values after revocation and rotation, until forget()', async () => {
    const s = scope();
    await s.start();
    s.rotate('DB', 'second-db-password-xx');
    s.revokeAll();
    for (const v of [DB, 'second-db-password-xx', OPENAI])
      for (const e of encodings(v)) expect(s.sanitizeText(e)).toBe('[REDACTED]');
    s.forget();
    expect(s.sanitizeText(DB)).toBe(DB);
    expect(s.sanitizeText(OPENAI)).toBe(OPENAI);
  });

  it('property: no held or revoked value survives, in any encoding, in any surrounding text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 8, maxLength: 40, unit: 'binary' }),
        fc.string({ maxLength: 30 }),
        fc.string({ maxLength: 30 }),
        fc.constantFrom(...encodings('x').map((_, i) => i)),
        fc.boolean(),
        async (value, before, after, which, revoked) => {
          const s = new SecretScope({ secrets: {} });
          await s.start();
          s.rotate('V', value); // not a config literal, which could parse as a ref
          if (revoked) s.revokeAll();
          const forms = encodings(value);
          const out = s.sanitizeText(`${before}${forms[which]}${after}`);
          for (const piece of out.split('[REDACTED]')) for (const f of forms) expect(piece).not.toContain(f);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rememberRevoked: false forgets at revocation', async () => {
    const s = scope({ rememberRevoked: false });
    await s.start();
    s.revoke('DB');
    expect(s.sanitizeText(`${DB} ${OPENAI}`)).toBe(`${DB} [REDACTED]`);
  });

  it('covers an expired value too', async () => {
    const s = scope({ ttls: { DB: 1 } });
    await s.start();
    clock.advance(1);
    expect(s.get('DB')).toBeUndefined();
    expect(s.sanitizeText(DB)).toBe('[REDACTED]');
  });
});

describe('get_secret tool', () => {
  it('is a framework-neutral definition with a JSON schema; returns the value by default', async () => {
    const s = scope();
    await s.start();
    const tool = s.getSecretTool();
    expect(tool.name).toBe('get_secret');
    expect(tool.description).toMatch(/secret/);
    expect(tool.inputSchema).toEqual({
      type: 'object',
      properties: { name: { type: 'string', description: expect.any(String) } },
      required: ['name'],
      additionalProperties: false,
    });
    expect(JSON.parse(JSON.stringify(tool.inputSchema))).toEqual(tool.inputSchema);
    await expect(tool.handler({ name: 'DB' })).resolves.toEqual({ name: 'DB', available: true, value: DB });
    await expect(tool.handler({ name: 'NOPE' })).resolves.toEqual({ name: 'NOPE', available: false });
    expect(actions().slice(-2)).toEqual(['tool_access:DB', 'miss:NOPE']);
  });

  it("reveal: 'confirm' never returns the value", async () => {
    const s = scope();
    await s.start();
    const tool = s.getSecretTool({ reveal: 'confirm' });
    const result = await tool.handler({ name: 'DB' });
    expect(result).toEqual({ name: 'DB', available: true });
    expect(JSON.stringify(result)).not.toContain(DB);
    expect(tool.description).toMatch(/without revealing/);
  });

  it('allow restricts the names (in the schema too); others are denied and journaled', async () => {
    const s = scope();
    await s.start();
    const tool = s.getSecretTool({ allow: ['OPENAI'] });
    expect(tool.inputSchema.properties.name.enum).toEqual(['OPENAI']);
    await expect(tool.handler({ name: 'DB' })).resolves.toEqual({ name: 'DB', available: false });
    expect(actions().at(-1)).toBe('denied:DB');
    await expect(tool.handler({ name: 'OPENAI' })).resolves.toMatchObject({ value: OPENAI });
  });

  it('rejects input that does not fit the schema', async () => {
    const s = scope();
    await s.start();
    const tool = s.getSecretTool();
    await expect(tool.handler({} as { name: string })).rejects.toThrow(TypeError);
    await expect(tool.handler(null as unknown as { name: string })).rejects.toThrow(TypeError);
    expect(() => s.getSecretTool({ reveal: 'all' as 'value' })).toThrow(TypeError);
    expect(() => s.getSecretTool({ allow: ['bad name'] })).toThrow(TypeError);
  });
});

describe('configuration and safety', () => {
  afterEach(() => {
    delete process.env.WARDEN_SCOPE_PROCESS_ENV;
  });

  it('reads process.env by default', async () => {
    process.env.WARDEN_SCOPE_PROCESS_ENV = 'from-process-env-123';
    const s = new SecretScope({ secrets: { A: '${WARDEN_SCOPE_PROCESS_ENV}' } });
    await s.start();
    expect(s.get('A')).toBe('from-process-env-123');
    expect(s.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('misconfiguration throws TypeError or RangeError', () => {
    const ok = { secrets: { A: 'x' } };
    expect(() => new SecretScope(undefined as unknown as SecretScopeConfig)).toThrow(TypeError);
    expect(() => new SecretScope({ secrets: [] as unknown as Record<string, string> })).toThrow(TypeError);
    expect(() => new SecretScope({ secrets: { 'bad name': 'x' } })).toThrow(TypeError);
    expect(() => new SecretScope({ secrets: { A: '' } })).toThrow(TypeError);
    expect(() => new SecretScope({ secrets: { A: '${UNCLOSED' } })).toThrow(TypeError);
    expect(() => new SecretScope({ secrets: { A: 'vault:k' } })).toThrow(/backend/);
    expect(() => new SecretScope({ secrets: { A: 'vault:' }, backend: new DictSecrets() })).toThrow(
      TypeError,
    );
    expect(() => new SecretScope({ ...ok, defaultTtl: 0 })).toThrow(RangeError);
    expect(() => new SecretScope({ ...ok, defaultTtl: -5 })).toThrow(RangeError);
    expect(() => new SecretScope({ ...ok, ttls: { A: 2.5 } })).toThrow(RangeError);
    expect(() => new SecretScope({ ...ok, ttls: { B: 5 } })).toThrow(/no such secret/);
    expect(() => new SecretScope({ ...ok, revokeOnStop: 'yes' as unknown as boolean })).toThrow(TypeError);
    expect(() => new SecretScope({ ...ok, journal: {} as MemoryJournal })).toThrow(TypeError);
    expect(() => new SecretScope({ ...ok, clock: {} as ManualClock })).toThrow(TypeError);
  });

  it('get before start is a state error; get with a non-string is a TypeError', async () => {
    const s = scope();
    expect(() => s.get('DB')).toThrow(ScopeStateError);
    await s.start();
    expect(() => s.get(42 as unknown as string)).toThrow(TypeError);
  });

  it('values stay out of JSON, inspection and error messages', async () => {
    const s = scope();
    await s.start();
    const { inspect } = await import('node:util');
    for (const text of [JSON.stringify(s), inspect(s, { depth: 5, showHidden: true }), String(s)])
      for (const v of ALL) expect(text).not.toContain(v);
  });
});
