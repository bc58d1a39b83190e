/**
 * Regression tests for the findings of the vault's security review, one
 * `describe` per finding. Each test failed before its fix.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_BODY_LIMIT } from '../src/app.js';
import { hashToken, newPrincipalKey, randomHex } from '../src/auth/tokens.js';
import { loadConfig } from '../src/config.js';
import type { SqliteStore } from '../src/store/sqlite.js';
import { Sweeper } from '../src/sweeper.js';
import { ADMIN, bearer, json, makePrincipal, makeVault, push, type TestVault } from './http-helpers.js';

let v: TestVault;
beforeEach(async () => {
  v = await makeVault();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await v.close();
});

const MiB = 1024 * 1024;
const YEAR = 31_557_600;

type Method = 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'DELETE';
const api = (method: Method, url: string, token: string, payload?: unknown) =>
  v.app.inject({
    method,
    url,
    headers: bearer(token),
    ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
  });

async function newOrg(name = 'acme'): Promise<string> {
  const res = await api('POST', '/orgs', ADMIN, { name });
  return json<{ id: string }>(res).id;
}

async function adminRole(org: string, name: string, permissions: string): Promise<void> {
  const res = await api('POST', `/orgs/${org}/roles`, ADMIN, { name, permissions });
  if (res.statusCode !== 201) throw new Error(`role: ${res.statusCode} ${res.body}`);
}

async function roleOf(org: string, name: string): Promise<{ permissions: string; built_in: boolean }> {
  const res = await api('GET', `/orgs/${org}/roles`, ADMIN);
  const found = json<{ roles: { name: string; permissions: string; built_in: boolean }[] }>(res).roles.find(
    (r) => r.name === name,
  );
  if (found === undefined) throw new Error(`no role ${name}`);
  return found;
}

describe('finding 1: minting a key for another principal', () => {
  it('an M holder cannot mint a key for another principal and impersonate it', async () => {
    const org = await newOrg();
    await adminRole(org, 'mgr', 'rlcpdamM');
    const victim = await makePrincipal(v.app, 'writer', { org, name: 'victim' });
    const mgr = await makePrincipal(v.app, 'mgr', { org, name: 'mgr' });
    const base = `/orgs/${org}/secrets`;
    expect((await api('POST', base, victim.key, { key: 'PRIVATE', value: 'victim-only' })).statusCode).toBe(
      201,
    );
    // mgr holds r (own secrets only), not R.
    expect((await api('GET', `${base}/PRIVATE`, mgr.key)).statusCode).toBe(403);

    const minted = await api('POST', `/orgs/${org}/principals/${victim.principal}/keys`, mgr.key, {
      name: 'stolen',
    });
    expect(minted.statusCode).toBe(403);
    expect(json(minted)).toEqual({ error: 'insufficient permissions', code: 'forbidden' });
    expect(minted.body).not.toContain('sirr_key_');
    const keys = json<{ keys: { name: string }[] }>(await api('GET', '/me', victim.key)).keys;
    expect(keys.map((k) => k.name)).not.toContain('stolen');
    expect((await api('HEAD', `${base}/PRIVATE`, victim.key)).headers['x-sirr-read-count']).toBe('0');

    // A principal mints its own keys through /me/keys, not through this route.
    const self = await api('POST', `/orgs/${org}/principals/${mgr.principal}/keys`, mgr.key, { name: 'own' });
    expect(self.statusCode).toBe(403);
    expect((await api('POST', '/me/keys', mgr.key, { name: 'own' })).statusCode).toBe(201);
  });

  it('the admin token still mints keys for any principal', async () => {
    const p = await makePrincipal(v.app, 'writer');
    const res = await api('POST', `/orgs/${p.org}/principals/${p.principal}/keys`, ADMIN, { name: 'ci' });
    expect(res.statusCode).toBe(201);
    const key = json<{ key: string }>(res).key;
    expect((await api('GET', '/me', key)).statusCode).toBe(200);
  });
});

describe('finding 2: replacing roles', () => {
  it('an M holder cannot downgrade a more powerful role nor shadow a built-in above itself', async () => {
    const org = await newOrg();
    await adminRole(org, 'mgr', 'rlcpdamM');
    await adminRole(org, 'boss', 'rRlLpPdD');
    const mgr = await makePrincipal(v.app, 'mgr', { org });
    const roles = `/orgs/${org}/roles`;

    const downgrade = await api('POST', roles, mgr.key, { name: 'boss', permissions: 'r' });
    expect(downgrade.statusCode).toBe(403);
    expect(json(downgrade).code).toBe('forbidden');
    const shadow = await api('POST', roles, mgr.key, { name: 'admin', permissions: 'r' });
    expect(shadow.statusCode).toBe(403);
    expect(await roleOf(org, 'boss')).toMatchObject({ permissions: 'rRlLpPdD', built_in: false });
    expect(await roleOf(org, 'admin')).toMatchObject({ permissions: 'rRlLcCpPaAmMdD', built_in: true });

    // Within its own permissions, before and after: create, replace, shadow a weaker built-in.
    expect((await api('POST', roles, mgr.key, { name: 'helper', permissions: 'rl' })).statusCode).toBe(201);
    expect((await api('POST', roles, mgr.key, { name: 'helper', permissions: 'r' })).statusCode).toBe(201);
    expect((await api('POST', roles, mgr.key, { name: 'reader', permissions: 'r' })).statusCode).toBe(201);
    expect((await api('POST', roles, mgr.key, { name: 'helper', permissions: 'rR' })).statusCode).toBe(403);
    expect(await roleOf(org, 'helper')).toMatchObject({ permissions: 'r' });

    // The admin token is not limited.
    expect((await api('POST', roles, ADMIN, { name: 'boss', permissions: 'r' })).statusCode).toBe(201);
    expect(await roleOf(org, 'boss')).toMatchObject({ permissions: 'r' });
  });

  it('checks the current role inside the write: a role raised just before is not overwritten', async () => {
    const org = await newOrg();
    await adminRole(org, 'mgr', 'rlcpdamM');
    await adminRole(org, 'ops', 'r');
    const mgr = await makePrincipal(v.app, 'mgr', { org });
    const store: SqliteStore = v.store;
    const putRole = store.putRole.bind(store);
    vi.spyOn(store, 'putRole').mockImplementationOnce(async (...args: Parameters<SqliteStore['putRole']>) => {
      // The race: the admin raises `ops` after the route's checks, before the write commits.
      await putRole({ name: 'ops', permissions: 'rRdD', builtIn: false, orgId: org, createdAt: 0 });
      return putRole(...args);
    });
    const res = await api('POST', `/orgs/${org}/roles`, mgr.key, { name: 'ops', permissions: 'rl' });
    expect(res.statusCode).toBe(403);
    expect(await roleOf(org, 'ops')).toMatchObject({ permissions: 'rRdD' });
  });
});

describe('finding 3: allowed_keys and key names', () => {
  it('key names are unique per org, so a principal cannot take a name allowed_keys binds', async () => {
    const org = await newOrg();
    const owner = await makePrincipal(v.app, 'writer', { org, name: 'owner' });
    const deployer = await makePrincipal(v.app, 'admin', { org, name: 'deployer', keyName: 'deploy' });
    const snoop = await makePrincipal(v.app, 'admin', { org, name: 'snoop' });
    const base = `/orgs/${org}/secrets`;
    await api('POST', base, owner.key, { key: 'BOUND', value: 'b', allowed_keys: ['deploy'] });
    expect(json(await api('GET', `${base}/BOUND`, snoop.key)).code).toBe('key_not_allowed');

    const taken = await api('POST', '/me/keys', snoop.key, { name: 'deploy' });
    expect(taken.statusCode).toBe(409);
    expect(json(taken)).toEqual({
      error: 'a key with this name already exists in the org',
      code: 'key_name_taken',
    });
    // Not through the admin route either, and not for the holder of the name itself.
    const byAdmin = await api('POST', `/orgs/${org}/principals/${snoop.principal}/keys`, ADMIN, {
      name: 'deploy',
    });
    expect(json(byAdmin).code).toBe('key_name_taken');
    expect(json(await api('POST', '/me/keys', deployer.key, { name: 'deploy' })).code).toBe('key_name_taken');
    const keys = json<{ keys: { name: string }[] }>(await api('GET', '/me', snoop.key)).keys;
    expect(keys.map((k) => k.name)).not.toContain('deploy');

    expect(json(await api('GET', `${base}/BOUND`, snoop.key)).code).toBe('key_not_allowed');
    expect(json(await api('GET', `${base}/BOUND`, deployer.key))).toEqual({ key: 'BOUND', value: 'b' });
  });

  it('another org may use the same name; a deleted key frees its name', async () => {
    const a = await makePrincipal(v.app, 'writer', { keyName: 'ci' });
    const b = await makePrincipal(v.app, 'writer', { keyName: 'ci' });
    expect(a.org).not.toBe(b.org);
    const made = await api('POST', '/me/keys', a.key, { name: 'laptop' });
    const id = json<{ id: string }>(made).id;
    expect((await api('POST', '/me/keys', a.key, { name: 'laptop' })).statusCode).toBe(409);
    expect((await api('DELETE', `/me/keys/${id}`, a.key)).statusCode).toBe(200);
    expect((await api('POST', '/me/keys', a.key, { name: 'laptop' })).statusCode).toBe(201);
  });

  it('concurrent mints of one name in one org: exactly one wins', async () => {
    const org = await newOrg();
    const ps = await Promise.all(
      ['p1', 'p2', 'p3', 'p4'].map((name) => makePrincipal(v.app, 'writer', { org, name })),
    );
    const results = await Promise.all(ps.map((p) => api('POST', '/me/keys', p.key, { name: 'shared' })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
  });
});

describe('finding 4: the public bucket and permission letters', () => {
  it('a principal with an empty role can neither push, read, head, patch nor delete', async () => {
    const org = await newOrg();
    await adminRole(org, 'nothing', '');
    const none = await makePrincipal(v.app, 'nothing', { org });
    await push(v.app, { key: 'PUB', value: 'v', max_reads: 3, delete: false });

    // Same answer for a free name and a taken one: no oracle.
    for (const key of ['PUB', 'FREE']) {
      const res = await push(v.app, { key, value: 'x' }, none.key);
      expect(res.statusCode, key).toBe(403);
      expect(json(res).code).toBe('forbidden');
    }
    expect((await api('GET', '/secrets/PUB', none.key)).statusCode).toBe(403);
    expect((await api('HEAD', '/secrets/PUB', none.key)).statusCode).toBe(403);
    expect((await api('PATCH', '/secrets/PUB', none.key, { max_reads: 9 })).statusCode).toBe(403);
    expect((await api('DELETE', '/secrets/PUB', none.key)).statusCode).toBe(403);
    expect((await api('GET', '/secrets', none.key)).statusCode).toBe(403);
    const head = await api('HEAD', '/secrets/PUB', ADMIN);
    expect(head.headers['x-sirr-read-count']).toBe('0');
    expect(head.headers['x-sirr-reads-remaining']).toBe('3');
  });

  it('each operation needs its letter: c push, r/R read and head, p/P patch, d/D delete', async () => {
    const org = await newOrg();
    await adminRole(org, 'pusher', 'c');
    await adminRole(org, 'any-reader', 'R');
    const pusher = await makePrincipal(v.app, 'pusher', { org, name: 'pusher' });
    const reader = await makePrincipal(v.app, 'reader', { org, name: 'reader' });
    const anyReader = await makePrincipal(v.app, 'any-reader', { org, name: 'any' });
    const writer = await makePrincipal(v.app, 'writer', { org, name: 'writer' });

    expect((await push(v.app, { key: 'P', value: 'p', delete: false }, pusher.key)).statusCode).toBe(201);
    expect((await api('GET', '/secrets/P', pusher.key)).statusCode).toBe(403);
    expect((await api('HEAD', '/secrets/P', pusher.key)).statusCode).toBe(403);
    expect((await api('PATCH', '/secrets/P', pusher.key, { max_reads: 2 })).statusCode).toBe(403);
    expect((await api('DELETE', '/secrets/P', pusher.key)).statusCode).toBe(403);
    // Replacing is deleting: without d, not even its own secret.
    expect((await push(v.app, { key: 'P', value: 'q' }, pusher.key)).statusCode).toBe(409);

    expect((await push(v.app, { key: 'R', value: 'x' }, reader.key)).statusCode).toBe(403);
    expect((await api('HEAD', '/secrets/P', reader.key)).statusCode).toBe(200);
    expect((await api('HEAD', '/secrets/P', anyReader.key)).statusCode).toBe(200);
    expect(json(await api('GET', '/secrets/P', reader.key))).toEqual({ key: 'P', value: 'p' });
    expect(json(await api('GET', '/secrets/P', anyReader.key))).toEqual({ key: 'P', value: 'p' });

    // writer (rlcpdam): its own secrets, fully.
    expect((await push(v.app, { key: 'W', value: 'w', delete: false }, writer.key)).statusCode).toBe(201);
    expect((await push(v.app, { key: 'W', value: 'w2', delete: false }, writer.key)).statusCode).toBe(201);
    expect((await api('PATCH', '/secrets/W', writer.key, { max_reads: 2 })).statusCode).toBe(200);
    expect((await api('PATCH', '/secrets/P', writer.key, { max_reads: 2 })).statusCode).toBe(403);
    expect((await api('DELETE', '/secrets/W', writer.key)).statusCode).toBe(200);
  });

  it('the admin token keeps full access', async () => {
    const w = await makePrincipal(v.app, 'writer');
    expect((await push(v.app, { key: 'OWNED', value: 'o', delete: false }, w.key)).statusCode).toBe(201);
    expect((await push(v.app, { key: 'A', value: 'a', delete: false })).statusCode).toBe(201);
    expect((await api('HEAD', '/secrets/OWNED', ADMIN)).statusCode).toBe(200);
    expect(json(await api('GET', '/secrets/OWNED', ADMIN))).toEqual({ key: 'OWNED', value: 'o' });
    expect((await api('PATCH', '/secrets/OWNED', ADMIN, { max_reads: 1 })).statusCode).toBe(200);
    expect(json<{ secrets: unknown[] }>(await api('GET', '/secrets', ADMIN)).secrets).toHaveLength(2);
    expect((await push(v.app, { key: 'OWNED', value: 'replaced' })).statusCode).toBe(201);
    expect((await api('DELETE', '/secrets/OWNED', ADMIN)).statusCode).toBe(200);
  });
});

describe('finding 5: principal creation races role changes', () => {
  async function setup() {
    const org = await newOrg();
    await adminRole(org, 'mgr', 'rM');
    const mgr = await makePrincipal(v.app, 'mgr', { org });
    return { org, mgr };
  }

  /** Runs `race` after the route's checks, just before the insert is queued. */
  function beforeInsert(race: () => Promise<unknown>): void {
    const store: SqliteStore = v.store;
    const create = store.createPrincipal.bind(store);
    vi.spyOn(store, 'createPrincipal').mockImplementationOnce(
      async (...args: Parameters<SqliteStore['createPrincipal']>) => {
        await race();
        return create(...args);
      },
    );
  }

  it('a shadowing role deleted before the insert does not hand out the built-in', async () => {
    const { org, mgr } = await setup();
    await adminRole(org, 'admin', 'r');
    beforeInsert(() => v.store.deleteRole(org, 'admin'));
    const res = await api('POST', `/orgs/${org}/principals`, mgr.key, { name: 'sneaky', role: 'admin' });
    expect(res.statusCode).toBe(403);
    expect((await v.store.listPrincipals(org)).map((p) => p.name)).not.toContain('sneaky');
  });

  it('a custom role deleted before the insert: 400 invalid_role, no principal', async () => {
    const { org, mgr } = await setup();
    await adminRole(org, 'ops', 'r');
    beforeInsert(() => v.store.deleteRole(org, 'ops'));
    const res = await api('POST', `/orgs/${org}/principals`, mgr.key, { name: 'orphan', role: 'ops' });
    expect(res.statusCode).toBe(400);
    expect(json(res).code).toBe('invalid_role');
    expect((await v.store.listPrincipals(org)).map((p) => p.name)).not.toContain('orphan');
  });

  it('a principal whose role is missing gets 403 role_not_found, not 500', async () => {
    const org = await newOrg();
    const id = randomHex(16);
    const now = v.clock.now();
    await v.store.createPrincipal({
      id,
      orgId: org,
      name: 'ghost',
      role: 'gone',
      metadata: {},
      createdAt: now,
    });
    const raw = newPrincipalKey();
    await v.store.createKey({
      id: randomHex(16),
      principalId: id,
      name: 'ghost-key',
      hash: hashToken(raw).toString('hex'),
      validAfter: now,
      validBefore: now + 60,
      createdAt: now,
    });
    const res = await api('GET', '/me', raw);
    expect(res.statusCode).toBe(403);
    expect(json(res).code).toBe('role_not_found');
  });
});

describe('finding 6: absurd key validity', () => {
  it.each([
    { valid_for_seconds: 1e20 },
    { valid_before: 1e300 },
    { valid_for_seconds: 2 ** 53 },
    { valid_before: 2 ** 53 },
    { valid_for_seconds: 101 * YEAR },
    { valid_before: 1_800_000_000 + 101 * YEAR },
  ])('%j: 4xx invalid_validity on /me/keys and on the admin route', async (validity) => {
    const p = await makePrincipal(v.app, 'writer');
    for (const [token, url] of [
      [p.key, '/me/keys'],
      [ADMIN, `/orgs/${p.org}/principals/${p.principal}/keys`],
    ] as const) {
      const res = await api('POST', url, token, { name: 'far', ...validity });
      expect([400, 422], url).toContain(res.statusCode);
      expect(json(res).code, url).toBe('invalid_validity');
    }
    expect((await api('GET', '/health', ADMIN)).statusCode).toBe(200);
  });

  it('a key valid for 100 years is fine', async () => {
    const p = await makePrincipal(v.app, 'writer');
    const res = await api('POST', '/me/keys', p.key, { name: 'long', valid_for_seconds: 100 * YEAR });
    expect(res.statusCode).toBe(201);
    expect(json(res).valid_before).toBe(v.clock.now() + 100 * YEAR);
  });
});

describe('finding 7: body limit and JSON escaping', () => {
  it('accepts a 1 MiB value whose JSON escaping is worst-case', async () => {
    const value = '\u0001'.repeat(MiB);
    const res = await push(v.app, { key: 'ESCAPED', value });
    expect(res.statusCode).toBe(201);
    const read = await api('GET', '/secrets/ESCAPED', ADMIN);
    expect(json<{ value: string }>(read).value === value).toBe(true);
    const quotes = await push(v.app, { key: 'QUOTES', value: '"'.repeat(600 * 1024) });
    expect(quotes.statusCode).toBe(201);
  });

  it('refuses 1 MiB + 1 byte with value_too_large, escaped or not', async () => {
    for (const value of ['x'.repeat(MiB + 1), '\u0001'.repeat(MiB + 1)]) {
      const res = await push(v.app, { key: 'BIG', value });
      expect(res.statusCode).toBe(400);
      expect(json(res)).toEqual({ error: 'value exceeds 1 MiB limit', code: 'value_too_large' });
    }
  });

  it('the default limit covers worst-case escaping and follows the value cap; it stays configurable', async () => {
    const floor = 6 * MiB + 64 * 1024;
    expect(DEFAULT_BODY_LIMIT).toBeGreaterThanOrEqual(floor);
    expect(loadConfig({}, {}).config.bodyLimit).toBeGreaterThanOrEqual(floor);
    expect(loadConfig({}, { WARDEN_MAX_VALUE_BYTES: '2MiB' }).config.bodyLimit).toBeGreaterThanOrEqual(
      6 * 2 * MiB + 64 * 1024,
    );
    expect(loadConfig({ bodyLimit: '2MiB' }, {}).config.bodyLimit).toBe(2 * MiB);
    const small = await makeVault({ bodyLimit: 4096 });
    try {
      const res = await push(small.app, { key: 'K', value: 'x'.repeat(5000) });
      expect(res.statusCode).toBe(413);
      expect(json(res).code).toBe('body_too_large');
    } finally {
      await small.close();
    }
  });
});

describe('finding 8: the sweeper audits per scope', () => {
  it('one secret.prune row and event per scope that lost records, in that scope; none otherwise', async () => {
    const a = await makePrincipal(v.app, 'writer', { name: 'a' });
    const b = await makePrincipal(v.app, 'writer', { name: 'b' });
    const c = await makePrincipal(v.app, 'writer', { name: 'c' });
    for (const org of [a.org, b.org, c.org]) {
      const hook = await api('POST', `/orgs/${org}/webhooks`, ADMIN, {
        url: `https://hooks.example.com/${org}`,
        events: ['secret.prune'],
      });
      expect(hook.statusCode).toBe(201);
    }
    await push(v.app, { key: 'PUB_OLD', value: 'v', ttl_seconds: 10 });
    await push(v.app, { key: 'PUB_KEEP', value: 'v' });
    for (const [p, keys] of [
      [a, ['A1', 'A2']],
      [b, ['B1']],
    ] as const) {
      for (const key of keys) {
        const res = await api('POST', `/orgs/${p.org}/secrets`, p.key, { key, value: 'v', ttl_seconds: 10 });
        expect(res.statusCode).toBe(201);
      }
    }
    await api('POST', `/orgs/${c.org}/secrets`, c.key, { key: 'C_KEEP', value: 'v' });
    const sweeper = new Sweeper(v.store, v.clock, { intervalSeconds: 0, auditRetentionDays: 0 });
    v.clock.advance(10);
    expect((await sweeper.runOnce()).pruned).toBe(4);

    const prunes = async () =>
      (await v.store.queryAudit({ action: 'secret.prune', limit: 100 }))
        .map((e) => ({ org: e.orgId, detail: e.detail, principal: e.principalId }))
        .sort((x, y) => String(x.org).localeCompare(String(y.org)));
    const expected = [
      { org: null, detail: 'pruned=1', principal: null },
      { org: a.org, detail: 'pruned=2', principal: null },
      { org: b.org, detail: 'pruned=1', principal: null },
    ].sort((x, y) => String(x.org).localeCompare(String(y.org)));
    expect(await prunes()).toEqual(expected);

    const deliveries = await v.store.claimDeliveries(v.clock.now(), 100, 60);
    for (const d of deliveries) await v.store.completeDelivery(d.id);
    expect(
      deliveries
        .map((d) => ({ org: d.orgId, event: d.event }))
        .sort((x, y) => String(x.org).localeCompare(String(y.org))),
    ).toEqual(
      [
        { org: a.org, event: 'secret.prune' },
        { org: b.org, event: 'secret.prune' },
      ].sort((x, y) => x.org.localeCompare(y.org)),
    );

    // Nothing left to remove: no new rows, no new events.
    v.clock.advance(300);
    expect((await sweeper.runOnce()).pruned).toBe(0);
    expect(await prunes()).toEqual(expected);
    expect(await v.store.claimDeliveries(v.clock.now(), 100, 60)).toEqual([]);
  });
});
