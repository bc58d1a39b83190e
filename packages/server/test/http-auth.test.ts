import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, bearer, json, makePrincipal, makeVault, type TestVault } from './http-helpers.js';

let v: TestVault;
beforeEach(async () => {
  v = await makeVault();
});
afterEach(async () => {
  await v.close();
});

const UNAUTHORIZED = {
  error: 'unauthorized — valid API key required for this endpoint',
  code: 'unauthorized',
};

describe('authentication', () => {
  it('every secret route needs a token by default', async () => {
    for (const [method, url] of [
      ['POST', '/secrets'],
      ['GET', '/secrets/K'],
      ['HEAD', '/secrets/K'],
      ['GET', '/secrets'],
      ['PATCH', '/secrets/K'],
      ['DELETE', '/secrets/K'],
      ['POST', '/prune'],
      ['GET', '/audit'],
      ['GET', '/webhooks'],
      ['GET', '/me'],
      ['GET', '/orgs'],
    ] as const) {
      const res = await v.app.inject({
        method,
        url,
        payload: method === 'POST' ? { key: 'K', value: 'v' } : undefined,
      });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      if (method !== 'HEAD') expect(json(res), `${method} ${url}`).toEqual(UNAUTHORIZED);
    }
  });

  it('bad tokens and malformed headers are 401, and presented bad tokens are audited', async () => {
    for (const header of [
      'Bearer nope',
      `bearer ${ADMIN}`,
      `Token ${ADMIN}`,
      `Bearer  ${ADMIN}`,
      'Bearer ',
      ADMIN,
    ]) {
      const res = await v.app.inject({ method: 'GET', url: '/secrets', headers: { authorization: header } });
      expect(res.statusCode, header).toBe(401);
      expect(json(res).code).toBe('unauthorized');
    }
    const audit = await v.app.inject({
      method: 'GET',
      url: '/audit?action=auth.failure',
      headers: bearer(ADMIN),
    });
    const events = json<{ events: { success: boolean; source_ip: string }[] }>(audit).events;
    // "Bearer nope" and "Bearer  <admin>" (the token then starts with a space) presented a token; the rest did not.
    expect(events.length).toBe(2);
    expect(events[0]).toMatchObject({ success: false, source_ip: '127.0.0.1' });
  });

  it('health, version, openapi and unknown routes need no token; a bad one is ignored there', async () => {
    for (const url of ['/health', '/version', '/openapi.json']) {
      const res = await v.app.inject({ method: 'GET', url, headers: { authorization: 'Bearer junk' } });
      expect(res.statusCode, url).toBe(200);
    }
    const missing = await v.app.inject({ method: 'GET', url: '/nowhere' });
    expect(missing.statusCode).toBe(404);
    expect(json(missing)).toEqual({ error: 'not found', code: 'route_not_found' });
  });

  it('a principal key outside its validity window is 401', async () => {
    const p = await makePrincipal(v.app, 'writer');
    const k = await v.app.inject({
      method: 'POST',
      url: '/me/keys',
      headers: bearer(p.key),
      payload: { name: 'short', valid_for_seconds: 60 },
    });
    expect(k.statusCode).toBe(201);
    const short = json<{ key: string }>(k).key;
    expect(short).toMatch(/^sirr_key_[0-9a-f]{32}$/);
    expect((await v.app.inject({ method: 'GET', url: '/me', headers: bearer(short) })).statusCode).toBe(200);
    v.clock.advance(60);
    const late = await v.app.inject({ method: 'GET', url: '/me', headers: bearer(short) });
    expect(late.statusCode).toBe(401);
    expect(json(late)).toEqual({ error: 'principal key expired or not yet valid', code: 'unauthorized' });
  });

  it('the open public bucket is opt-in', async () => {
    const open = await makeVault({ settings: { publicBucket: 'open' } });
    try {
      const created = await open.app.inject({
        method: 'POST',
        url: '/secrets',
        payload: { key: 'O', value: 'v' },
      });
      expect(created.statusCode).toBe(201);
      expect(json(await open.app.inject({ method: 'GET', url: '/secrets/O' }))).toEqual({
        key: 'O',
        value: 'v',
      });
      // Anonymous callers never replace a live key, and list/patch/delete stay protected.
      await open.app.inject({ method: 'POST', url: '/secrets', payload: { key: 'L', value: 'v' } });
      const again = await open.app.inject({
        method: 'POST',
        url: '/secrets',
        payload: { key: 'L', value: 'w' },
      });
      expect(again.statusCode).toBe(409);
      expect((await open.app.inject({ method: 'GET', url: '/secrets' })).statusCode).toBe(401);
      expect((await open.app.inject({ method: 'DELETE', url: '/secrets/L' })).statusCode).toBe(401);
    } finally {
      await open.close();
    }
    const off = await makeVault({ settings: { publicBucket: 'off' } });
    try {
      const res = await off.app.inject({ method: 'GET', url: '/secrets/X', headers: bearer(ADMIN) });
      expect(json(res).code).toBe('route_not_found');
    } finally {
      await off.close();
    }
  });
});

describe('authorization', () => {
  it('a principal without the permission gets 403', async () => {
    const reader = await makePrincipal(v.app, 'reader');
    const res = await v.app.inject({
      method: 'POST',
      url: `/orgs/${reader.org}/secrets`,
      headers: bearer(reader.key),
      payload: { key: 'K', value: 'v' },
    });
    expect(res.statusCode).toBe(403);
    expect(json(res)).toEqual({ error: 'insufficient permissions', code: 'forbidden' });
    // Public list, prune and audit are the admin token's.
    for (const [method, url] of [
      ['GET', '/secrets'],
      ['POST', '/prune'],
      ['GET', '/audit'],
      ['GET', '/orgs'],
    ] as const) {
      const r = await v.app.inject({ method, url, headers: bearer(reader.key) });
      expect(r.statusCode, url).toBe(403);
      expect(json(r).code).toBe('forbidden');
    }
  });

  it('r reads only own secrets; R reads any; allowed_keys binds key names', async () => {
    const owner = await makePrincipal(v.app, 'writer', { name: 'owner' });
    const other = await makePrincipal(v.app, 'writer', { name: 'other', org: owner.org });
    const admin = await makePrincipal(v.app, 'admin', { name: 'adm', org: owner.org, keyName: 'ci' });
    const base = `/orgs/${owner.org}/secrets`;
    await v.app.inject({
      method: 'POST',
      url: base,
      headers: bearer(owner.key),
      payload: { key: 'MINE', value: 'm' },
    });
    await v.app.inject({
      method: 'POST',
      url: base,
      headers: bearer(owner.key),
      payload: { key: 'BOUND', value: 'b', allowed_keys: ['deploy'] },
    });

    const notOwn = await v.app.inject({ method: 'GET', url: `${base}/MINE`, headers: bearer(other.key) });
    expect(notOwn.statusCode).toBe(403);
    expect(json(notOwn).code).toBe('forbidden');
    const byAdmin = await v.app.inject({ method: 'GET', url: `${base}/MINE`, headers: bearer(admin.key) });
    expect(json(byAdmin)).toEqual({ key: 'MINE', value: 'm' });

    const bound = await v.app.inject({ method: 'GET', url: `${base}/BOUND`, headers: bearer(admin.key) });
    expect(bound.statusCode).toBe(403);
    expect(json(bound)).toEqual({ error: 'key not authorized for this secret', code: 'key_not_allowed' });
    const boundHead = await v.app.inject({
      method: 'HEAD',
      url: `${base}/BOUND`,
      headers: bearer(admin.key),
    });
    expect(boundHead.statusCode).toBe(403);

    // l lists own only; other writer sees nothing of owner's.
    const otherList = await v.app.inject({ method: 'GET', url: base, headers: bearer(other.key) });
    expect(json<{ secrets: unknown[] }>(otherList).secrets).toEqual([]);
    const all = await v.app.inject({ method: 'GET', url: base, headers: bearer(admin.key) });
    expect(json<{ secrets: unknown[] }>(all).secrets).toHaveLength(2);

    // d deletes own only.
    const del = await v.app.inject({ method: 'DELETE', url: `${base}/MINE`, headers: bearer(other.key) });
    expect(del.statusCode).toBe(403);
  });

  it('the admin token gets 403 on org secrets and /me, as in Sirr', async () => {
    const w = await makePrincipal(v.app, 'writer');
    const r = await v.app.inject({ method: 'GET', url: `/orgs/${w.org}/secrets`, headers: bearer(ADMIN) });
    expect(r.statusCode).toBe(403);
    expect((await v.app.inject({ method: 'GET', url: '/me', headers: bearer(ADMIN) })).statusCode).toBe(403);
  });

  it('a principal cannot grant what it lacks', async () => {
    const manager = await makePrincipal(v.app, 'admin');
    const escalate = await v.app.inject({
      method: 'POST',
      url: `/orgs/${manager.org}/principals`,
      headers: bearer(manager.key),
      payload: { name: 'boss', role: 'owner' },
    });
    expect(escalate.statusCode).toBe(403);
    const role = await v.app.inject({
      method: 'POST',
      url: `/orgs/${manager.org}/roles`,
      headers: bearer(manager.key),
      payload: { name: 'ops', permissions: 'Llr' },
    });
    expect(role.statusCode).toBe(201);
    expect(json(role)).toEqual({ name: 'ops', permissions: 'rlL', org_id: manager.org });
    const withS = await v.app.inject({
      method: 'POST',
      url: `/orgs/${manager.org}/roles`,
      headers: bearer(ADMIN),
      payload: { name: 'x', permissions: 'rS' },
    });
    expect(json(withS).code).toBe('invalid_permissions');
    const badLetter = await v.app.inject({
      method: 'POST',
      url: `/orgs/${manager.org}/roles`,
      headers: bearer(ADMIN),
      payload: { name: 'x', permissions: 'rW' },
    });
    expect(json(badLetter)).toEqual({
      error: "invalid permissions: invalid permission letter: 'W'",
      code: 'invalid_permissions',
    });
  });
});

describe('tenant isolation (404, no existence oracle)', () => {
  it("an org never sees another org's secrets, audit, webhooks, principals or roles", async () => {
    const a = await makePrincipal(v.app, 'admin', { name: 'a' });
    const b = await makePrincipal(v.app, 'admin', { name: 'b' });
    expect(a.org).not.toBe(b.org);
    await v.app.inject({
      method: 'POST',
      url: `/orgs/${a.org}/secrets`,
      headers: bearer(a.key),
      payload: { key: 'A', value: 'a' },
    });
    const hook = await v.app.inject({
      method: 'POST',
      url: `/orgs/${a.org}/webhooks`,
      headers: bearer(ADMIN),
      payload: { url: 'https://hooks.example.com/a' },
    });
    expect(hook.statusCode).toBe(201);
    const hookId = json<{ id: string }>(hook).id;

    const existing = await v.app.inject({
      method: 'GET',
      url: `/orgs/${a.org}/secrets/A`,
      headers: bearer(b.key),
    });
    const absent = await v.app.inject({
      method: 'GET',
      url: `/orgs/${a.org}/secrets/NOPE`,
      headers: bearer(b.key),
    });
    const noOrg = await v.app.inject({
      method: 'GET',
      url: `/orgs/${'f'.repeat(32)}/secrets/A`,
      headers: bearer(b.key),
    });
    for (const r of [existing, absent, noOrg]) {
      expect(r.statusCode).toBe(404);
      expect(json(r)).toEqual({ error: 'not found or expired', code: 'not_found' });
    }
    for (const [method, path] of [
      ['GET', 'secrets'],
      ['HEAD', 'secrets/A'],
      ['DELETE', 'secrets/A'],
      ['PATCH', 'secrets/A'],
      ['GET', 'audit'],
      ['GET', 'webhooks'],
      ['DELETE', `webhooks/${hookId}`],
      ['GET', 'principals'],
      ['GET', 'roles'],
      ['POST', 'prune'],
    ] as const) {
      const res = await v.app.inject({
        method,
        url: `/orgs/${a.org}/${path}`,
        headers: bearer(b.key),
        payload: method === 'PATCH' ? {} : undefined,
      });
      expect(res.statusCode, `${method} ${path}`).toBe(404);
    }
    // b deleting a's webhook through its own org route: Sirr v1 allowed it.
    const crossDelete = await v.app.inject({
      method: 'DELETE',
      url: `/orgs/${b.org}/webhooks/${hookId}`,
      headers: bearer(b.key),
    });
    expect(crossDelete.statusCode).toBe(404);
    expect(json(crossDelete).code).toBe('webhook_not_found');
    const bHooks = await v.app.inject({
      method: 'GET',
      url: `/orgs/${b.org}/webhooks`,
      headers: bearer(b.key),
    });
    expect(json(bHooks)).toEqual({ webhooks: [] });
    const aHooks = await v.app.inject({
      method: 'GET',
      url: `/orgs/${a.org}/webhooks`,
      headers: bearer(a.key),
    });
    expect(json<{ webhooks: unknown[] }>(aHooks).webhooks).toHaveLength(1);
    expect(aHooks.body).not.toContain('whsec_');
    // The public webhook list does not show org webhooks.
    const publicHooks = await v.app.inject({ method: 'GET', url: '/webhooks', headers: bearer(ADMIN) });
    expect(json(publicHooks)).toEqual({ webhooks: [] });

    // Org audit shows only that org's events.
    const auditB = await v.app.inject({ method: 'GET', url: `/orgs/${b.org}/audit`, headers: bearer(b.key) });
    const events = json<{ events: { org_id: string; key: string | null }[] }>(auditB).events;
    expect(events.every((e) => e.org_id === b.org)).toBe(true);
    const auditA = await v.app.inject({
      method: 'GET',
      url: `/orgs/${a.org}/audit?action=secret.create`,
      headers: bearer(a.key),
    });
    expect(json<{ events: { key: string }[] }>(auditA).events.map((e) => e.key)).toEqual(['A']);
  });
});

describe('/me and keys', () => {
  it('GET /me lists keys without the raw key; keys can be deleted', async () => {
    const p = await makePrincipal(v.app, 'writer', { keyName: 'laptop' });
    const me = await v.app.inject({ method: 'GET', url: '/me', headers: bearer(p.key) });
    expect(me.statusCode).toBe(200);
    expect(me.body).not.toContain(p.key);
    const body = json<{ id: string; keys: { id: string; name: string }[] }>(me);
    expect(body.id).toBe(p.principal);
    expect(body.keys.map((k) => k.name)).toEqual(['laptop']);
    const patched = await v.app.inject({
      method: 'PATCH',
      url: '/me',
      headers: bearer(p.key),
      payload: { metadata: { team: 'x' } },
    });
    expect(json(patched)).toMatchObject({ id: p.principal, metadata: { team: 'x' } });
    const keyId = body.keys[0]?.id;
    const del = await v.app.inject({ method: 'DELETE', url: `/me/keys/${keyId}`, headers: bearer(p.key) });
    expect(json(del)).toEqual({ deleted: true });
    expect((await v.app.inject({ method: 'GET', url: '/me', headers: bearer(p.key) })).statusCode).toBe(401);
  });

  it('a reader may GET /me but not create keys', async () => {
    const r = await makePrincipal(v.app, 'reader');
    expect((await v.app.inject({ method: 'GET', url: '/me', headers: bearer(r.key) })).statusCode).toBe(200);
    const k = await v.app.inject({
      method: 'POST',
      url: '/me/keys',
      headers: bearer(r.key),
      payload: { name: 'x' },
    });
    expect(k.statusCode).toBe(403);
  });

  it('orgs: create, list, delete only when empty', async () => {
    const p = await makePrincipal(v.app, 'writer');
    const del = await v.app.inject({ method: 'DELETE', url: `/orgs/${p.org}`, headers: bearer(ADMIN) });
    expect(del.statusCode).toBe(409);
    expect(json(del).code).toBe('org_has_principals');
    const list = await v.app.inject({ method: 'GET', url: '/orgs', headers: bearer(ADMIN) });
    expect(json<{ orgs: { id: string }[] }>(list).orgs.map((o) => o.id)).toEqual([p.org]);
    const created = await v.app.inject({
      method: 'POST',
      url: '/orgs',
      headers: bearer(ADMIN),
      payload: { name: 'empty' },
    });
    const id = json<{ id: string }>(created).id;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(
      json(await v.app.inject({ method: 'DELETE', url: `/orgs/${id}`, headers: bearer(ADMIN) })),
    ).toEqual({ deleted: true });
    const gone = await v.app.inject({ method: 'DELETE', url: `/orgs/${id}`, headers: bearer(ADMIN) });
    expect(json(gone).code).toBe('org_not_found');
  });
});
