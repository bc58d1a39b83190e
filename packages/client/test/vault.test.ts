/** The client against the real vault server (in-process, loopback, temp data dir). */
import { SecretSealedError, VaultError, WardenClient } from '@warden/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVault, type Vault } from './real-server.js';

let vault: Vault;
let admin: WardenClient;
/** Every value pushed in this file: none may show up in an error, a list or the audit log. */
const VALUES: string[] = [];
const secret = (label: string) => {
  const v = `${label}-${Buffer.from(crypto.getRandomValues(new Uint8Array(12))).toString('hex')}`;
  VALUES.push(v);
  return v;
};

beforeAll(async () => {
  vault = await startVault();
  admin = new WardenClient({ server: vault.url, token: vault.adminToken });
});
afterAll(() => vault.close());

async function caught(p: Promise<unknown>): Promise<VaultError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(VaultError);
    const e = err as VaultError;
    expect(e.message).not.toContain(vault.adminToken);
    for (const v of VALUES) expect(e.message).not.toContain(v);
    return e;
  }
  throw new Error('expected a VaultError');
}

describe('system routes', () => {
  it('health needs no token; version names the server', async () => {
    await expect(new WardenClient({ server: vault.url }).health()).resolves.toEqual({ status: 'ok' });
    await expect(admin.version()).resolves.toMatchObject({ version: expect.any(String) });
  });

  it('a wrong token is 401 unauthorized', async () => {
    const bad = new WardenClient({ server: vault.url, token: 'not-the-admin-token-at-all' });
    expect(await caught(bad.list())).toMatchObject({ status: 401, code: 'unauthorized' });
  });
});

describe('secrets: burn by reads and by time', () => {
  it('push reads=1 + ttl; head consumes nothing; get returns it once; then it is gone', async () => {
    const v = secret('one-read');
    await expect(admin.push('ONE_READ', v, { reads: 1, ttl: 600 })).resolves.toEqual({ key: 'ONE_READ' });
    for (let i = 0; i < 3; i++) {
      await expect(admin.head('ONE_READ')).resolves.toMatchObject({
        key: 'ONE_READ',
        status: 'active',
        readCount: 0,
        readsRemaining: 1,
        delete: true,
        expiresAt: vault.clock.now() + 600,
      });
    }
    const listed = (await admin.list()).find((m) => m.key === 'ONE_READ');
    expect(listed).toMatchObject({ maxReads: 1, readCount: 0, delete: true });
    expect(JSON.stringify(listed)).not.toContain(v);
    await expect(admin.get('ONE_READ')).resolves.toBe(v);
    await expect(admin.get('ONE_READ')).resolves.toBeNull();
    await expect(admin.getBytes('ONE_READ')).resolves.toBeNull();
    await expect(admin.head('ONE_READ')).resolves.toBeUndefined();
  });

  it('expires by ttl (server clock), without a read', async () => {
    await admin.push('SHORT_TTL', secret('ttl'), { ttl: 60 });
    vault.clock.advance(61);
    await expect(admin.head('SHORT_TTL')).resolves.toBeUndefined();
    await expect(admin.get('SHORT_TTL')).resolves.toBeNull();
    await expect(admin.get('NEVER_SET')).resolves.toBeNull();
  });

  it('delete=false seals instead: later gets are null, head says sealed, patch throws SecretSealedError', async () => {
    const v = secret('sealed');
    await admin.push('SEALS', v, { reads: 1, delete: false });
    await expect(admin.get('SEALS')).resolves.toBe(v);
    await expect(admin.get('SEALS')).resolves.toBeNull();
    await expect(admin.getBytes('SEALS')).resolves.toBeNull();
    // readSecret (the CLI's) still says why: sealed, not absent.
    await expect(admin.readSecret('SEALS')).resolves.toEqual({ value: null, reason: 'sealed' });
    await expect(admin.readSecret('NEVER_SET')).resolves.toEqual({ value: null, reason: 'not_found' });
    await expect(admin.head('SEALS')).resolves.toMatchObject({ status: 'sealed', readsRemaining: 0 });
    const err = await caught(admin.patch('SEALS', { reads: 5 }));
    expect(err).toBeInstanceOf(SecretSealedError);
    expect(err).toMatchObject({ status: 410, code: 'sealed' });
    // Still there: the null reads did not delete it.
    await expect(admin.head('SEALS')).resolves.toMatchObject({ status: 'sealed' });
  });

  it('patch resets the read count and changes value, reads and ttl of a delete=false secret', async () => {
    await admin.push('PATCHME', secret('before'), { reads: 2, delete: false });
    await admin.get('PATCHME');
    const after = secret('after');
    const meta = await admin.patch('PATCHME', { value: after, reads: 5, ttl: 300 });
    expect(meta).toMatchObject({
      key: 'PATCHME',
      maxReads: 5,
      readCount: 0,
      expiresAt: vault.clock.now() + 300,
    });
    await expect(admin.get('PATCHME')).resolves.toBe(after);
    await expect(admin.patch('NO_SUCH_KEY', { reads: 1 })).resolves.toBeUndefined();
  });

  it('patch of a delete=true secret is 409 not_patchable', async () => {
    await admin.push('BURNS', secret('burns'), { reads: 3 });
    expect(await caught(admin.patch('BURNS', { reads: 5 }))).toMatchObject({
      status: 409,
      code: 'not_patchable',
    });
  });

  it('delete: true, then false once it is gone', async () => {
    await admin.push('DEL', secret('del'));
    await expect(admin.delete('DEL')).resolves.toBe(true);
    await expect(admin.delete('DEL')).resolves.toBe(false);
  });

  it('values: UTF-8 bytes and non-ASCII strings round-trip; the 1 MiB cap is value_too_large', async () => {
    const text = `${secret('utf8')} 🔑 é\n`;
    await admin.push('BYTES', new TextEncoder().encode(text));
    await expect(admin.getBytes('BYTES')).resolves.toEqual(new TextEncoder().encode(text));
    const big = 'x'.repeat(1024 * 1024 + 1);
    expect(await caught(admin.push('BIG', big))).toMatchObject({ status: 400, code: 'value_too_large' });
  });

  it('bad key names are a 400 invalid_key from the server; "." and ".." never leave the client', async () => {
    expect(await caught(admin.push('bad key', 'v'))).toMatchObject({ status: 400, code: 'invalid_key' });
    // encodeURIComponent sends a%2Fb: one segment, refused by name, not routed elsewhere.
    expect(await caught(admin.get('a/b'))).toMatchObject({ status: 400, code: 'invalid_key' });
    await expect(admin.get('..')).rejects.toThrow(RangeError);
  });

  it('prune removes what expired and reports how many', async () => {
    await admin.push('PRUNE_A', secret('p'), { ttl: 10 });
    await admin.push('PRUNE_B', secret('p'), { ttl: 10 });
    vault.clock.advance(11);
    await expect(admin.prune()).resolves.toBeGreaterThanOrEqual(2);
    expect((await admin.list()).map((m) => m.key)).not.toContain('PRUNE_A');
  });
});

describe('pull', () => {
  it('reads every secret once (burning one-read ones) and reports the keys it could not read', async () => {
    for (const m of await admin.list()) await admin.delete(m.key);
    const a = secret('a');
    const b = secret('b');
    await admin.push('PULL_A', a, { reads: 1 });
    await admin.push('PULL_B', b, { reads: 3 });
    await admin.push('PULL_SEALED', secret('s'), { reads: 1, delete: false });
    await admin.get('PULL_SEALED');
    const r = await admin.pull();
    expect(r.values).toEqual({ PULL_A: a, PULL_B: b });
    expect(r.failed).toEqual([{ key: 'PULL_SEALED', code: 'sealed', status: 410 }]);
    await expect(admin.head('PULL_A')).resolves.toBeUndefined();
    await expect(admin.head('PULL_B')).resolves.toMatchObject({ readCount: 1 });
    const some = await admin.pull({ keys: ['PULL_B', 'NEVER_SET'] });
    expect(some).toEqual({
      values: { PULL_B: b },
      failed: [{ key: 'NEVER_SET', code: 'not_found', status: 404 }],
    });
  });

  it('childEnv builds an environment without touching process.env', async () => {
    const v = secret('child');
    await admin.push('CHILD_ONLY', v, { reads: 1 });
    const env = await admin.childEnv({ keys: ['CHILD_ONLY'], base: { PATH: '/bin' } });
    expect(env).toEqual({ PATH: '/bin', CHILD_ONLY: v });
    expect(process.env.CHILD_ONLY).toBeUndefined();
  });
});

describe('audit', () => {
  it('records reads and burns, filters by action, and never holds a value', async () => {
    const events = await admin.audit({ limit: 1000 });
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((e) => e.action))).toContain('secret.create');
    const reads = await admin.audit({ action: 'secret.read', limit: 5 });
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.length).toBeLessThanOrEqual(5);
    expect(reads.every((e) => e.action === 'secret.read')).toBe(true);
    const text = JSON.stringify(events);
    for (const v of VALUES) expect(text).not.toContain(v);
    const future = await admin.audit({ since: vault.clock.now() + 3600 });
    expect(future).toEqual([]);
  });
});

describe('orgs, principals, roles, keys, me, webhooks', () => {
  let orgId = '';
  let alice: WardenClient;
  let bob: WardenClient;

  beforeAll(async () => {
    const org = await admin.orgs.create('acme', { metadata: { team: 'ai' } });
    orgId = org.id;
    expect(org).toMatchObject({ name: 'acme', metadata: { team: 'ai' } });
    const pa = await admin.principals.create(orgId, { name: 'alice', role: 'writer' });
    const pb = await admin.principals.create(orgId, { name: 'bob', role: 'writer' });
    const ka = await admin.principals.createKey(orgId, pa.id, { name: 'alice-laptop' });
    const kb = await admin.principals.createKey(orgId, pb.id, { name: 'bob-ci' });
    expect(ka.key).not.toBe(kb.key);
    alice = new WardenClient({ server: vault.url, token: ka.key, org: orgId });
    bob = new WardenClient({ server: vault.url, token: kb.key, org: orgId });
  });

  it('lists orgs, principals and roles (built-ins included)', async () => {
    expect((await admin.orgs.list()).map((o) => o.id)).toContain(orgId);
    expect((await admin.principals.list(orgId)).map((p) => p.name).sort()).toEqual(['alice', 'bob']);
    const roles = await admin.roles.list(orgId);
    expect(roles.find((r) => r.name === 'writer')).toMatchObject({ builtIn: true });
    const auditor = await admin.roles.create(orgId, { name: 'auditor', permissions: 'Llr' });
    expect(auditor).toMatchObject({ name: 'auditor', permissions: 'rlL', builtIn: false, orgId });
    await expect(admin.roles.delete(orgId, 'auditor')).resolves.toBe(true);
    await expect(admin.roles.delete(orgId, 'auditor')).resolves.toBe(false);
  });

  it("never silently takes over someone else's live secret: 409 secret_exists", async () => {
    const v = secret('alice');
    await alice.push('SHARED', v, { reads: 2 });
    expect(await caught(bob.push('SHARED', secret('bob')))).toMatchObject({
      status: 409,
      code: 'secret_exists',
    });
    // Alice owns it, so she may replace it.
    const v2 = secret('alice2');
    await alice.push('SHARED', v2, { reads: 1 });
    await expect(alice.get('SHARED')).resolves.toBe(v2);
  });

  it('binds a secret to named principal keys with allowedKeys', async () => {
    await alice.push('BOUND', secret('bound'), { allowedKeys: ['someone-else'] });
    const err = await caught(alice.get('BOUND'));
    expect(err.status).toBe(403);
    const v = secret('bound-ok');
    await alice.push('BOUND_OK', v, { allowedKeys: ['alice-laptop'] });
    await expect(alice.get('BOUND_OK')).resolves.toBe(v);
  });

  it('me, updateMe, and the caller minting and deleting its own keys', async () => {
    const me = await alice.me();
    expect(me).toMatchObject({ name: 'alice', role: 'writer', orgId });
    expect(me.keys.map((k) => k.name)).toContain('alice-laptop');
    expect(JSON.stringify(me)).not.toMatch(/sirr_key_|"key":/);
    await expect(alice.updateMe({ desk: '7' })).resolves.toMatchObject({ metadata: { desk: '7' } });
    const k = await alice.keys.create({ name: 'short', validForSeconds: 600 });
    const viaNewKey = new WardenClient({ server: vault.url, token: k.key, org: orgId });
    await expect(viaNewKey.me()).resolves.toMatchObject({ name: 'alice' });
    await expect(alice.keys.delete(k.id)).resolves.toBe(true);
    expect(await caught(viaNewKey.me())).toMatchObject({ status: 401 });
    expect(await caught(admin.me())).toMatchObject({ status: 403 });
  });

  it('webhooks: create shows the signing secret once; list never does; delete', async () => {
    const hook = await admin.webhooks.create('https://hooks.example.com/warden', { events: ['secret.burn'] });
    expect(hook.secret).toMatch(/^whsec_/);
    const listed = await admin.webhooks.list();
    expect(listed.find((w) => w.id === hook.id)).toMatchObject({ url: 'https://hooks.example.com/warden' });
    expect(JSON.stringify(listed)).not.toContain(hook.secret);
    await expect(admin.webhooks.delete(hook.id)).resolves.toBe(true);
    await expect(admin.webhooks.delete(hook.id)).resolves.toBe(false);
  });

  it('an org with principals cannot be deleted (409); an unknown one answers false', async () => {
    expect(await caught(admin.orgs.delete(orgId))).toMatchObject({ status: 409 });
    await expect(admin.orgs.delete('0'.repeat(32))).resolves.toBe(false);
  });
});
