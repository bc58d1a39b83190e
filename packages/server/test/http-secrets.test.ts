import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN,
  bearer,
  json,
  makePrincipal,
  makeVault,
  push,
  sirrHeaders,
  type TestVault,
} from './http-helpers.js';

let v: TestVault;
beforeEach(async () => {
  v = await makeVault();
});
afterEach(async () => {
  await v.close();
});

const get = (key: string, token = ADMIN) =>
  v.app.inject({ method: 'GET', url: `/secrets/${key}`, headers: bearer(token) });
const head = (key: string, token = ADMIN) =>
  v.app.inject({ method: 'HEAD', url: `/secrets/${key}`, headers: bearer(token) });

describe('public bucket lifecycle', () => {
  it('push reads=1 with ttl, get returns the value once, then 404', async () => {
    const created = await push(v.app, {
      key: 'OPENAI_KEY',
      value: 'sk-live-123',
      max_reads: 1,
      ttl_seconds: 600,
    });
    expect(created.statusCode).toBe(201);
    expect(json(created)).toEqual({ key: 'OPENAI_KEY' });

    const first = await get('OPENAI_KEY');
    expect(first.statusCode).toBe(200);
    expect(json(first)).toEqual({ key: 'OPENAI_KEY', value: 'sk-live-123' });
    expect(first.headers['cache-control']).toBe('no-store');

    const second = await get('OPENAI_KEY');
    expect(second.statusCode).toBe(404);
    expect(json(second)).toEqual({ error: 'not found or expired', code: 'not_found' });
  });

  it('expires by ttl', async () => {
    await push(v.app, { key: 'T', value: 'v', ttl_seconds: 60 });
    v.clock.advance(59);
    expect((await head('T')).statusCode).toBe(200);
    v.clock.advance(1);
    expect((await get('T')).statusCode).toBe(404);
  });

  it('delete=false seals after the last read: 410 on GET, HEAD and PATCH', async () => {
    await push(v.app, { key: 'S', value: 'v', max_reads: 2, delete: false });
    expect((await get('S')).statusCode).toBe(200);
    expect((await get('S')).statusCode).toBe(200);
    const sealed = await get('S');
    expect(sealed.statusCode).toBe(410);
    expect(json(sealed)).toEqual({ error: 'secret is sealed — reads exhausted', code: 'sealed' });

    const h = await head('S');
    expect(h.statusCode).toBe(410);
    expect(h.body).toBe('');
    expect(h.headers['x-sirr-status']).toBe('sealed');
    expect(h.headers['x-sirr-reads-remaining']).toBe('0');

    const p = await v.app.inject({
      method: 'PATCH',
      url: '/secrets/S',
      headers: bearer(ADMIN),
      payload: { value: 'x' },
    });
    expect(p.statusCode).toBe(410);
    expect(json(p)).toEqual({ error: 'secret read limit exhausted', code: 'sealed' });
  });

  it('HEAD never consumes a read and sends the X-Sirr-* headers', async () => {
    await push(v.app, { key: 'H', value: 'v', max_reads: 1, ttl_seconds: 100 });
    for (let i = 0; i < 5; i++) {
      const h = await head('H');
      expect(h.statusCode).toBe(200);
      expect(h.body).toBe('');
      expect(h.headers).toMatchObject({
        'x-sirr-read-count': '0',
        'x-sirr-reads-remaining': '1',
        'x-sirr-delete': 'true',
        'x-sirr-created-at': String(v.clock.now()),
        'x-sirr-expires-at': String(v.clock.now() + 100),
        'x-sirr-status': 'active',
      });
    }
    expect(json(await get('H'))).toEqual({ key: 'H', value: 'v' });
    expect((await head('H')).statusCode).toBe(404);
  });

  it('HEAD of an unlimited secret says unlimited and omits expires-at', async () => {
    await push(v.app, { key: 'U', value: 'v' });
    const h = await head('U');
    expect(h.headers['x-sirr-reads-remaining']).toBe('unlimited');
    expect(h.headers['x-sirr-expires-at']).toBeUndefined();
  });

  it('PATCH: 409 on delete=true, otherwise applies and resets the read count', async () => {
    await push(v.app, { key: 'D', value: 'v', max_reads: 3 });
    const refused = await v.app.inject({
      method: 'PATCH',
      url: '/secrets/D',
      headers: bearer(ADMIN),
      payload: {},
    });
    expect(refused.statusCode).toBe(409);
    expect(json(refused)).toEqual({ error: 'cannot patch a secret with delete=true', code: 'not_patchable' });

    await push(v.app, { key: 'P', value: 'old', max_reads: 3, delete: false });
    await get('P');
    const patched = await v.app.inject({
      method: 'PATCH',
      url: '/secrets/P',
      headers: bearer(ADMIN),
      payload: { value: 'new', max_reads: 5, ttl_seconds: 30, unknown: true },
    });
    expect(patched.statusCode).toBe(200);
    expect(json(patched)).toEqual({
      key: 'P',
      created_at: v.clock.now(),
      expires_at: v.clock.now() + 30,
      max_reads: 5,
      read_count: 0,
      delete: false,
      owner_id: null,
      org_id: null,
    });
    expect(json(await get('P'))).toEqual({ key: 'P', value: 'new' });

    // null means absent: nothing but the read count changes.
    const nulls = await v.app.inject({
      method: 'PATCH',
      url: '/secrets/P',
      headers: bearer(ADMIN),
      payload: { value: null, max_reads: null, ttl_seconds: null },
    });
    expect(json(nulls)).toMatchObject({ max_reads: 5, read_count: 0, expires_at: v.clock.now() + 30 });
    expect(json(await get('P'))).toEqual({ key: 'P', value: 'new' });

    const missing = await v.app.inject({
      method: 'PATCH',
      url: '/secrets/nope',
      headers: bearer(ADMIN),
      payload: {},
    });
    expect(missing.statusCode).toBe(404);
    expect(json(missing).code).toBe('not_found');
  });

  it('lists metadata without values, public secrets only, in key order', async () => {
    await push(v.app, { key: 'B', value: 'secret-b', max_reads: 2 });
    await push(v.app, { key: 'A', value: 'secret-a', ttl_seconds: 10 });
    const { org, key } = await makePrincipal(v.app, 'writer');
    await v.app.inject({
      method: 'POST',
      url: `/orgs/${org}/secrets`,
      headers: bearer(key),
      payload: { key: 'C', value: 'c' },
    });

    const res = await v.app.inject({ method: 'GET', url: '/secrets', headers: bearer(ADMIN) });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('secret-a');
    const { secrets } = json<{ secrets: Record<string, unknown>[] }>(res);
    expect(secrets.map((s) => s.key)).toEqual(['A', 'B']);
    expect(secrets[0]).toEqual({
      key: 'A',
      created_at: v.clock.now(),
      expires_at: v.clock.now() + 10,
      max_reads: null,
      read_count: 0,
      delete: true,
      owner_id: null,
      org_id: null,
    });
  });

  it('prune removes expired public secrets only; accepts the empty JSON body Sirr clients send', async () => {
    await push(v.app, { key: 'E1', value: 'v', ttl_seconds: 5 });
    await push(v.app, { key: 'E2', value: 'v', ttl_seconds: 5 });
    await push(v.app, { key: 'LIVE', value: 'v' });
    const { org, key } = await makePrincipal(v.app, 'writer');
    await v.app.inject({
      method: 'POST',
      url: `/orgs/${org}/secrets`,
      headers: bearer(key),
      payload: { key: 'ORGX', value: 'v', ttl_seconds: 5 },
    });
    v.clock.advance(10);
    const res = await v.app.inject({ method: 'POST', url: '/prune', headers: sirrHeaders(ADMIN) });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ pruned: 2 });
    const orgPrune = await v.app.inject({
      method: 'POST',
      url: `/orgs/${org}/prune`,
      headers: sirrHeaders(key),
    });
    // writer has neither M nor D
    expect(orgPrune.statusCode).toBe(403);
  });

  it('DELETE with Content-Type json and no body; 404 afterwards', async () => {
    await push(v.app, { key: 'X', value: 'v' });
    const del = await v.app.inject({ method: 'DELETE', url: '/secrets/X', headers: sirrHeaders(ADMIN) });
    expect(del.statusCode).toBe(200);
    expect(json(del)).toEqual({ deleted: true });
    const again = await v.app.inject({ method: 'DELETE', url: '/secrets/X', headers: sirrHeaders(ADMIN) });
    expect(again.statusCode).toBe(404);
    expect(json(again)).toEqual({ error: 'not found', code: 'not_found' });
  });

  it("accepts Node's nulls and ignores unknown fields on create", async () => {
    const res = await push(v.app, {
      key: 'N',
      value: 'v',
      ttl_seconds: null,
      max_reads: null,
      delete: null,
      webhook_url: null,
      allowed_keys: ['ignored-on-public'],
      something_new: { nested: 1 },
    });
    expect(res.statusCode).toBe(201);
    const h = await head('N');
    expect(h.headers['x-sirr-reads-remaining']).toBe('unlimited');
    expect(h.headers['x-sirr-delete']).toBe('true');
  });
});

describe('no silent takeover', () => {
  it("a principal cannot replace another's live public secret; its owner and the admin can", async () => {
    const a = await makePrincipal(v.app, 'writer', { name: 'a' });
    const b = await makePrincipal(v.app, 'writer', { name: 'b', org: a.org });
    expect((await push(v.app, { key: 'K', value: 'from-a' }, a.key)).statusCode).toBe(201);

    const taken = await push(v.app, { key: 'K', value: 'from-b' }, b.key);
    expect(taken.statusCode).toBe(409);
    expect(json(taken).code).toBe('secret_exists');
    expect(json(await get('K', b.key))).toEqual({ key: 'K', value: 'from-a' });

    expect((await push(v.app, { key: 'K', value: 'from-a-2' }, a.key)).statusCode).toBe(201);
    expect((await push(v.app, { key: 'K', value: 'from-admin' })).statusCode).toBe(201);
    expect(json(await get('K'))).toEqual({ key: 'K', value: 'from-admin' });
  });

  it('an expired key is free for anyone', async () => {
    const a = await makePrincipal(v.app, 'writer');
    await push(v.app, { key: 'K', value: 'v', ttl_seconds: 1 });
    v.clock.advance(1);
    expect((await push(v.app, { key: 'K', value: 'w' }, a.key)).statusCode).toBe(201);
  });

  it('org secrets: replacing needs ownership or D', async () => {
    const owner = await makePrincipal(v.app, 'writer', { name: 'w1' });
    const other = await makePrincipal(v.app, 'writer', { name: 'w2', org: owner.org });
    const admin = await makePrincipal(v.app, 'admin', { name: 'adm', org: owner.org });
    const url = `/orgs/${owner.org}/secrets`;
    const create = (key: string, value: string) =>
      v.app.inject({ method: 'POST', url, headers: bearer(key), payload: { key: 'DB', value } });
    expect((await create(owner.key, '1')).statusCode).toBe(201);
    const conflict = await create(other.key, '2');
    expect(conflict.statusCode).toBe(409);
    expect(json(conflict).code).toBe('secret_exists');
    expect((await create(admin.key, '3')).statusCode).toBe(201);
  });
});

describe('org secrets', () => {
  it('owner read, list, patch, delete; read burns', async () => {
    const w = await makePrincipal(v.app, 'writer');
    const base = `/orgs/${w.org}/secrets`;
    const c = await v.app.inject({
      method: 'POST',
      url: base,
      headers: bearer(w.key),
      payload: { key: 'API', value: 'org-value', max_reads: 2, delete: false },
    });
    expect(c.statusCode).toBe(201);
    const list = await v.app.inject({ method: 'GET', url: base, headers: bearer(w.key) });
    expect(json<{ secrets: { org_id: string; owner_id: string }[] }>(list).secrets[0]).toMatchObject({
      org_id: w.org,
      owner_id: w.principal,
    });
    const h = await v.app.inject({ method: 'HEAD', url: `${base}/API`, headers: bearer(w.key) });
    expect(h.headers['x-sirr-read-count']).toBe('0');
    const r = await v.app.inject({ method: 'GET', url: `${base}/API`, headers: bearer(w.key) });
    expect(json(r)).toEqual({ key: 'API', value: 'org-value' });
    const p = await v.app.inject({
      method: 'PATCH',
      url: `${base}/API`,
      headers: bearer(w.key),
      payload: { max_reads: 1 },
    });
    expect(json(p)).toMatchObject({ read_count: 0, max_reads: 1 });
    await v.app.inject({ method: 'GET', url: `${base}/API`, headers: bearer(w.key) });
    const sealed = await v.app.inject({ method: 'GET', url: `${base}/API`, headers: bearer(w.key) });
    expect(json(sealed)).toEqual({ error: 'secret is sealed - reads exhausted', code: 'sealed' });
    const d = await v.app.inject({ method: 'DELETE', url: `${base}/API`, headers: sirrHeaders(w.key) });
    expect(json(d)).toEqual({ deleted: true });
  });

  it('a public key and an org key of the same name are different secrets', async () => {
    const w = await makePrincipal(v.app, 'writer');
    await push(v.app, { key: 'SAME', value: 'public' });
    await v.app.inject({
      method: 'POST',
      url: `/orgs/${w.org}/secrets`,
      headers: bearer(w.key),
      payload: { key: 'SAME', value: 'org' },
    });
    expect(json(await get('SAME'))).toEqual({ key: 'SAME', value: 'public' });
    const o = await v.app.inject({
      method: 'GET',
      url: `/orgs/${w.org}/secrets/SAME`,
      headers: bearer(w.key),
    });
    expect(json(o)).toEqual({ key: 'SAME', value: 'org' });
  });
});

describe('Sirr client conventions', () => {
  it("Python's headers on GET and HEAD (Content-Type with no body) are fine", async () => {
    await push(v.app, { key: 'PY', value: 'v', max_reads: 2 });
    const h = await v.app.inject({ method: 'HEAD', url: '/secrets/PY', headers: sirrHeaders(ADMIN) });
    expect(h.statusCode).toBe(200);
    const g = await v.app.inject({ method: 'GET', url: '/secrets/PY', headers: sirrHeaders(ADMIN) });
    expect(json(g)).toEqual({ key: 'PY', value: 'v' });
  });

  it('org prune (M or D) removes only that org’s dead secrets', async () => {
    const a = await makePrincipal(v.app, 'admin', { name: 'a' });
    const b = await makePrincipal(v.app, 'admin', { name: 'b' });
    for (const p of [a, b]) {
      await v.app.inject({
        method: 'POST',
        url: `/orgs/${p.org}/secrets`,
        headers: bearer(p.key),
        payload: { key: 'DEAD', value: 'v', ttl_seconds: 1 },
      });
    }
    await push(v.app, { key: 'PUBDEAD', value: 'v', ttl_seconds: 1 });
    v.clock.advance(1);
    const res = await v.app.inject({
      method: 'POST',
      url: `/orgs/${a.org}/prune`,
      headers: sirrHeaders(a.key),
    });
    expect(json(res)).toEqual({ pruned: 1 });
    expect(json(await v.app.inject({ method: 'POST', url: '/prune', headers: sirrHeaders(ADMIN) }))).toEqual({
      pruned: 1,
    });
    expect(
      json(await v.app.inject({ method: 'POST', url: `/orgs/${b.org}/prune`, headers: sirrHeaders(b.key) })),
    ).toEqual({
      pruned: 1,
    });
  });

  it('audit: newest first, filters, never a value; keys can be redacted', async () => {
    await push(v.app, { key: 'AUD', value: 'audit-secret-value', max_reads: 1 });
    await get('AUD');
    const res = await v.app.inject({ method: 'GET', url: '/audit?limit=2', headers: bearer(ADMIN) });
    const { events } = json<{ events: { id: number; action: string; key: string; org_id: null }[] }>(res);
    expect(events.map((e) => e.action)).toEqual(['secret.burn', 'secret.create']);
    expect(events[0]?.id).toBeGreaterThan(events[1]?.id ?? 0);
    expect(res.body).not.toContain('audit-secret-value');
    const filtered = await v.app.inject({
      method: 'GET',
      url: '/audit?action=secret.create',
      headers: bearer(ADMIN),
    });
    expect(json<{ events: unknown[] }>(filtered).events).toHaveLength(1);

    const redacting = await makeVault({ settings: { auditRedactKeys: true } });
    try {
      await push(redacting.app, { key: 'HIDDEN', value: 'v' });
      const r = await redacting.app.inject({ method: 'GET', url: '/audit', headers: bearer(ADMIN) });
      expect(r.body).not.toContain('HIDDEN');
      expect(json<{ events: { key: string }[] }>(r).events[0]?.key).toMatch(/^sha256:[0-9a-f]{8}$/);
    } finally {
      await redacting.close();
    }
  });
});
