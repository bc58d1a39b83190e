/** VaultSecrets against a real in-process vault: reads that burn, the cache, expiry, store, and a scope over it. */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${VAR}` is the scope's reference syntax, written literally.
import { randomBytes } from 'node:crypto';
import { VaultError, WardenClient } from '@warden/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The same in-process vault the client's own tests use.
import { startVault, type Vault } from '../../client/test/real-server.js';
import { ChainSecrets } from '../src/resolve/chain.js';
import { DictSecrets } from '../src/resolve/dict.js';
import { VaultSecrets } from '../src/resolve/vault.js';
import { MemoryJournal } from '../src/scope/journal.js';
import { SecretScope } from '../src/scope/scope.js';

let vault: Vault;
let client: WardenClient;
let n = 0;
const key = (label: string) => `${label}_${++n}`;
const value = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;

beforeAll(async () => {
  vault = await startVault();
  client = new WardenClient({ server: vault.url, token: vault.adminToken });
});
afterAll(() => vault.close());

describe('VaultSecrets', () => {
  it('resolves through get; a one-read secret resolved twice comes from the cache the second time', async () => {
    const k = key('ONE_READ');
    const v = value('one-read');
    await client.push(k, v, { reads: 1, ttl: 600 });
    const secrets = new VaultSecrets(client, { clock: vault.clock });
    await expect(secrets.resolveWithSource(k)).resolves.toEqual({ value: v, source: 'vault' });
    // Burned in the vault by that read...
    await expect(client.head(k)).resolves.toBeUndefined();
    // ...but not lost to this process: the second resolve says where it came from.
    await expect(secrets.resolveWithSource(k)).resolves.toEqual({ value: v, source: 'cache' });
    await expect(secrets.resolve(k)).resolves.toBe(v);
    expect(secrets.lookupSync(k)).toBe(v);
    expect(secrets.redact(`token=${v}`)).toBe('token=[REDACTED]');
  });

  it('a sealed one-read secret (delete: false) is served from the cache too', async () => {
    const k = key('SEALED');
    const v = value('sealed');
    await client.push(k, v, { reads: 1, delete: false });
    const secrets = new VaultSecrets(client);
    await expect(secrets.resolve(k)).resolves.toBe(v);
    await expect(client.head(k)).resolves.toMatchObject({ status: 'sealed' });
    await expect(secrets.resolveWithSource(k)).resolves.toEqual({ value: v, source: 'cache' });
  });

  it('a secret that vanished for another reason (deleted in the vault) is not served from the cache', async () => {
    const k = key('DELETED');
    const v = value('deleted');
    await client.push(k, v, { reads: 5 });
    const secrets = new VaultSecrets(client);
    await expect(secrets.resolve(k)).resolves.toBe(v);
    expect(secrets.lookupSync(k)).toBe(v);
    await client.delete(k);
    await expect(secrets.resolve(k)).rejects.toMatchObject({ code: 'secret_not_found', ref: k });
    expect(secrets.lookupSync(k)).toBeUndefined();
    // Still redacted: it was a secret this process saw.
    expect(secrets.redact(v)).toBe('[REDACTED]');
  });

  it('another reader taking the last read is not our burn: the resolve fails', async () => {
    const k = key('RACE');
    const v = value('race');
    await client.push(k, v, { reads: 2 });
    const secrets = new VaultSecrets(client);
    await expect(secrets.resolve(k)).resolves.toBe(v);
    await expect(client.get(k)).resolves.toBe(v); // someone else burns it
    await expect(secrets.resolve(k)).rejects.toMatchObject({ code: 'secret_not_found' });
  });

  it('cached values expire with the secret', async () => {
    const k = key('TTL');
    const v = value('ttl');
    await client.push(k, v, { reads: 1, ttl: 60 });
    const secrets = new VaultSecrets(client, { clock: vault.clock });
    await expect(secrets.resolve(k)).resolves.toBe(v);
    vault.clock.advance(61);
    expect(secrets.lookupSync(k)).toBeUndefined();
    await expect(secrets.resolve(k)).rejects.toMatchObject({ code: 'secret_not_found' });
  });

  it('an absent secret is secret_not_found; has() probes without spending a read', async () => {
    const secrets = new VaultSecrets(client);
    await expect(secrets.resolve(key('NEVER_SET'))).rejects.toMatchObject({ code: 'secret_not_found' });
    const k = key('PROBED');
    const v = value('probed');
    await client.push(k, v, { reads: 1 });
    await expect(secrets.has(k)).resolves.toBe(true);
    await expect(secrets.has(k)).resolves.toBe(true);
    await expect(client.get(k)).resolves.toBe(v);
    await expect(secrets.has(k)).resolves.toBe(false);
  });

  it('store pushes with the default options, overridable per call; forget drops the cache', async () => {
    const secrets = new VaultSecrets(client, { push: { reads: 3, ttl: 120 } });
    const k = key('STORED');
    const v = value('stored');
    await secrets.store(k, v);
    await expect(client.head(k)).resolves.toMatchObject({
      readsRemaining: 3,
      expiresAt: vault.clock.now() + 120,
    });
    expect(secrets.lookupSync(k)).toBeUndefined(); // not read yet
    expect(secrets.redact(v)).toBe('[REDACTED]');
    const k2 = key('STORED');
    await secrets.store(k2, value('stored'), { reads: 1 });
    await expect(client.head(k2)).resolves.toMatchObject({ readsRemaining: 1 });

    await secrets.resolve(k);
    secrets.forget();
    expect(secrets.lookupSync(k)).toBeUndefined();
    expect(secrets.redact(v)).toBe(v);
  });

  it('vault failures surface as VaultError, never as not-found', async () => {
    const bad = new VaultSecrets(
      new WardenClient({ server: vault.url, token: 'wrong-token-for-this-vault' }),
    );
    const err = await bad.resolve('ANY').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VaultError);
    expect(err).toMatchObject({ code: 'unauthorized' });
  });

  it('in a ChainSecrets, the first backend wins over the vault', async () => {
    const k = key('CHAINED');
    await client.push(k, value('vault-side'), { reads: 1 });
    const chain = new ChainSecrets([new DictSecrets({ [k]: 'dict-side-value' }), new VaultSecrets(client)]);
    await expect(chain.resolve(k)).resolves.toBe('dict-side-value');
    await expect(client.head(k)).resolves.toMatchObject({ readsRemaining: 1 }); // the vault was not read
  });
});

describe('SecretScope over VaultSecrets', () => {
  it('resolves vault: refs at start, spending one read each', async () => {
    const k = key('SCOPE_DB');
    const v = value('scope-db');
    await client.push(k, v, { reads: 1 });
    const journal = new MemoryJournal();
    const scope = SecretScope.fromManifest(`secrets:\n  DB: vault:${k}\n  MODE: literal-mode-value\n`, {
      secrets: new VaultSecrets(client),
      journal,
    });
    await scope.start();
    expect(scope.get('DB')).toBe(v);
    await expect(client.head(k)).resolves.toBeUndefined();
    expect(JSON.stringify(journal.entries)).not.toContain(v);
    await scope.stop();
  });

  it('a missing vault ref and a missing variable fail start together, without spending any read', async () => {
    const present = key('SCOPE_PRESENT');
    await client.push(present, value('present'), { reads: 1 });
    const absent = key('SCOPE_ABSENT');
    const scope = new SecretScope({
      secrets: { A: `vault:${present}`, B: `vault:${absent}`, C: '${WARDEN_SCOPE_TEST_UNSET_VAR}' },
      backend: new VaultSecrets(client),
      env: {},
    });
    const err = await scope.start().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'scope_secrets_missing' });
    const message = (err as Error).message;
    expect(message).toContain(absent);
    expect(message).toContain('WARDEN_SCOPE_TEST_UNSET_VAR');
    expect(message).not.toContain(`vault:${present}`);
    // The present one-read secret was only probed (HEAD), not read.
    await expect(client.head(present)).resolves.toMatchObject({ readsRemaining: 1 });
  });
});
