/**
 * Status mapping, retries, timeouts and request shapes, against a canned
 * loopback HTTP server. The canned server stands in for status-mapping edge
 * cases only (503 then 200, dropped sockets, redirects, bodies that are not
 * JSON); the vault's real behaviour is tested against the real server in
 * vault.test.ts.
 */
import { SecretSealedError, VaultError, WardenClient } from '@warden/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Canned, drop, type Handler, hang, json, startCanned, text } from './canned-server.js';

const TOKEN = 'sirr_key_0123456789abcdef0123456789abcdef';
const VALUE = 'sk-live-very-secret-value-42';
let canned: Canned;
let client: WardenClient;

const meta = (key: string) => ({
  key,
  created_at: 1_700_000_000,
  expires_at: null,
  max_reads: 1,
  read_count: 0,
  delete: true,
  owner_id: null,
  org_id: null,
});

beforeAll(async () => {
  canned = await startCanned();
});
afterAll(() => canned.close());
beforeEach(() => {
  canned.reset();
  client = new WardenClient({ server: canned.url, token: TOKEN, timeoutMs: 2000 });
});

async function caught(p: Promise<unknown>): Promise<VaultError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(VaultError);
    return err as VaultError;
  }
  throw new Error('expected a VaultError');
}

describe('request shapes', () => {
  it('push sends snake_case fields, only those given, with the token and JSON content type', async () => {
    canned.queue(json(201, { key: 'API_KEY' }));
    await expect(client.push('API_KEY', VALUE, { reads: 1, ttl: 600, delete: false })).resolves.toEqual({
      key: 'API_KEY',
    });
    const [req] = canned.seen;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/secrets');
    expect(req?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req?.body ?? '')).toEqual({
      key: 'API_KEY',
      value: VALUE,
      max_reads: 1,
      ttl_seconds: 600,
      delete: false,
    });
  });

  it('accepts the value as UTF-8 bytes', async () => {
    canned.queue(json(201, { key: 'K' }));
    await client.push('K', new TextEncoder().encode('pässword'));
    expect(JSON.parse(canned.seen[0]?.body ?? '').value).toBe('pässword');
  });

  it('scopes to /orgs/{org}/... and percent-encodes every segment', async () => {
    const org = new WardenClient({ server: `${canned.url}/prefix/`, token: TOKEN, org: 'acme/x' });
    canned.queue(json(404, { error: 'not found or expired', code: 'not_found' }), json(200, { pruned: 2 }));
    await org.get('a/b c%');
    await expect(org.prune()).resolves.toBe(2);
    expect(canned.seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /prefix/orgs/acme%2Fx/secrets/a%2Fb%20c%25',
      'POST /prefix/orgs/acme%2Fx/prune',
    ]);
    // prune has no body, so no content type the server would try to parse.
    expect(canned.seen[1]?.headers['content-type']).toBeUndefined();
    expect(canned.seen[1]?.body).toBe('');
  });

  it('health sends no token; audit sends only the query parameters given', async () => {
    canned.queue(json(200, { status: 'ok' }), json(200, { events: [] }));
    await expect(client.health()).resolves.toEqual({ status: 'ok' });
    await client.audit({ since: new Date(1_700_000_000_000), action: 'secret.read', limit: 5 });
    expect(canned.seen[0]?.headers.authorization).toBeUndefined();
    expect(canned.seen[1]?.url).toBe('/audit?since=1700000000&action=secret.read&limit=5');
  });
});

describe('status mapping (Sirr §1.6)', () => {
  it('get: 200 gives the value, 404 and 410 (sealed) null; other statuses throw', async () => {
    canned.queue(
      json(200, { key: 'K', value: VALUE }),
      json(404, { error: 'not found or expired', code: 'not_found' }),
      json(410, { error: 'secret is sealed — reads exhausted', code: 'sealed' }),
      json(410, { error: 'gone' }),
      json(403, { error: 'forbidden', code: 'forbidden' }),
    );
    await expect(client.get('K')).resolves.toBe(VALUE);
    await expect(client.get('K')).resolves.toBeNull();
    await expect(client.get('K')).resolves.toBeNull();
    await expect(client.getBytes('K')).resolves.toBeNull();
    expect(await caught(client.get('K'))).toMatchObject({ status: 403, code: 'forbidden' });
    expect(canned.seen.every((s) => s.method === 'GET')).toBe(true);
  });

  it('readSecret: the value, or why there is none (not_found, sealed)', async () => {
    canned.queue(
      json(200, { key: 'K', value: VALUE }),
      json(404, { error: 'not found or expired', code: 'not_found' }),
      json(410, { error: 'secret is sealed — reads exhausted', code: 'sealed' }),
    );
    await expect(client.readSecret('K')).resolves.toEqual({ value: VALUE });
    await expect(client.readSecret('K')).resolves.toEqual({ value: null, reason: 'not_found' });
    await expect(client.readSecret('K')).resolves.toEqual({ value: null, reason: 'sealed' });
  });

  it('head: reads the X-Sirr-* headers, 410 is a sealed status (not an error), 404 undefined', async () => {
    canned.queue(
      json(200, null, {
        'x-sirr-read-count': '1',
        'x-sirr-reads-remaining': '2',
        'x-sirr-delete': 'false',
        'x-sirr-created-at': '1700000000',
        'x-sirr-expires-at': '1700000600',
        'x-sirr-status': 'active',
      }),
      json(410, null, {
        'x-sirr-read-count': '3',
        'x-sirr-reads-remaining': '0',
        'x-sirr-delete': 'false',
        'x-sirr-created-at': '1700000000',
        'x-sirr-status': 'sealed',
      }),
      json(200, null, {
        'x-sirr-read-count': '0',
        'x-sirr-reads-remaining': 'unlimited',
        'x-sirr-created-at': '1700000000',
      }),
      json(404, null),
    );
    await expect(client.head('K')).resolves.toEqual({
      key: 'K',
      status: 'active',
      readCount: 1,
      readsRemaining: 2,
      delete: false,
      createdAt: 1_700_000_000,
      expiresAt: 1_700_000_600,
    });
    await expect(client.check('K')).resolves.toMatchObject({
      status: 'sealed',
      readsRemaining: 0,
      expiresAt: null,
    });
    await expect(client.head('K')).resolves.toMatchObject({ readsRemaining: null, delete: true });
    await expect(client.head('K')).resolves.toBeUndefined();
    expect(canned.seen.every((s) => s.method === 'HEAD')).toBe(true);
  });

  it('patch: 404 undefined, 409 VaultError with the server code, 410 SecretSealedError', async () => {
    canned.queue(
      json(404, { error: 'not found or expired', code: 'not_found' }),
      json(409, { error: 'cannot patch a secret with delete=true', code: 'not_patchable' }),
      json(410, { error: 'secret read limit exhausted', code: 'sealed' }),
      json(200, { ...meta('K'), delete: false, max_reads: 3 }),
    );
    await expect(client.patch('K', { reads: 3 })).resolves.toBeUndefined();
    expect(await caught(client.patch('K', { reads: 3 }))).toMatchObject({
      status: 409,
      code: 'not_patchable',
    });
    expect(await caught(client.patch('K', { reads: 3 }))).toBeInstanceOf(SecretSealedError);
    await expect(client.patch('K', { reads: 3 })).resolves.toMatchObject({
      key: 'K',
      maxReads: 3,
      delete: false,
    });
  });

  it('delete: true on 200, false on 404; admin deletes the same', async () => {
    canned.queue(
      json(200, { deleted: true }),
      json(404, { error: 'not found' }),
      json(404, { error: 'role not found' }),
    );
    await expect(client.delete('K')).resolves.toBe(true);
    await expect(client.delete('K')).resolves.toBe(false);
    await expect(client.roles.delete('0'.repeat(32), 'ops')).resolves.toBe(false);
  });

  it('derives a code from the status when the body has none (Sirr v1 plain-text errors)', async () => {
    canned.queue(
      text(429, 'Too Many Requests! Wait for 3s', { 'retry-after': '3' }),
      json(401, { error: 'unauthorized — valid API key required for this endpoint' }),
      text(422, 'Failed to deserialize'),
    );
    expect(await caught(client.list())).toMatchObject({ status: 429, code: 'rate_limited', retryAfter: 3 });
    expect(await caught(client.list())).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(await caught(client.list())).toMatchObject({ status: 422, code: 'invalid_request' });
  });

  it('never quotes the token or the value, even when the server echoes them', async () => {
    canned.queue(json(400, { error: `bad value ${VALUE} for token ${TOKEN}`, code: 'invalid_value' }));
    const err = await caught(client.push('K', VALUE));
    expect(err.code).toBe('invalid_value');
    expect(err.message).not.toContain(VALUE);
    expect(err.message).not.toContain(TOKEN);
    expect(err.message).toContain('[redacted]');
    expect(JSON.stringify(err)).not.toContain(VALUE);
  });

  it('a 2xx body that is not JSON, or lacks a field, is invalid_response', async () => {
    canned.queue(text(200, 'not json'), json(200, { secrets: [{ key: 'K' }] }), json(200, { key: 'K' }));
    expect((await caught(client.list())).code).toBe('invalid_response');
    expect((await caught(client.list())).code).toBe('invalid_response');
    expect((await caught(client.get('K'))).code).toBe('invalid_response');
  });

  it('refuses to follow a redirect (it could carry the token elsewhere)', async () => {
    canned.queue((_req, res) => {
      res.writeHead(307, { location: 'http://127.0.0.1:1/elsewhere' });
      res.end();
    });
    expect(await caught(client.push('K', VALUE))).toMatchObject({ code: 'redirect_refused', status: 307 });
    expect(canned.seen).toHaveLength(1);
  });
});

describe('retries', () => {
  it('retries an idempotent call after a 503 and after a dropped connection', async () => {
    canned.queue(json(503, { error: 'unavailable', code: 'unavailable' }, { 'retry-after': '0' }), drop);
    canned.queue(json(200, { secrets: [meta('A')] }));
    await expect(client.list()).resolves.toEqual([expect.objectContaining({ key: 'A', maxReads: 1 })]);
    expect(canned.seen).toHaveLength(3);
  });

  it('never retries a secret GET: a lost answer may already have burned the read', async () => {
    canned.queue(drop, json(200, { key: 'K', value: VALUE }));
    const err = await caught(client.get('K'));
    expect(err.code).toBe('network_error');
    expect(canned.seen).toHaveLength(1);
    canned.reset();
    canned.queue(json(503, { error: 'unavailable', code: 'unavailable' }));
    expect((await caught(client.get('K'))).status).toBe(503);
    expect(canned.seen).toHaveLength(1);
  });

  it('never retries POST or PATCH', async () => {
    canned.queue(drop, drop);
    expect((await caught(client.push('K', VALUE))).code).toBe('network_error');
    expect((await caught(client.patch('K', { reads: 1 }))).code).toBe('network_error');
    expect(canned.seen).toHaveLength(2);
  });

  it('gives up after `retries` extra attempts', async () => {
    const once = new WardenClient({ server: canned.url, token: TOKEN, retries: 1 });
    canned.queue(drop, drop, drop);
    expect((await caught(once.list())).code).toBe('network_error');
    expect(canned.seen).toHaveLength(2);
  });
});

describe('deadlines and cancellation', () => {
  it('times out with code timeout, and says a timed-out read may have counted', async () => {
    const quick = new WardenClient({ server: canned.url, token: TOKEN, timeoutMs: 200 });
    canned.queue(hang);
    const err = await caught(quick.get('K'));
    expect(err.code).toBe('timeout');
    expect(err.message).toContain('may have been counted');
  });

  it('honours an AbortSignal', async () => {
    canned.queue(hang);
    const ac = new AbortController();
    const p = client.list({ signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    expect((await caught(p)).code).toBe('aborted');
  });

  it('reports an unreachable server as network_error without quoting the token', async () => {
    const gone = new WardenClient({ server: 'http://127.0.0.1:9', token: TOKEN, retries: 0 });
    const err = await caught(gone.list());
    expect(err).toMatchObject({ code: 'network_error', status: 0 });
    expect(err.message).not.toContain(TOKEN);
  });
});

describe('pull', () => {
  it('reads every listed key and reports, never drops, the ones it could not read', async () => {
    const one = new WardenClient({ server: canned.url, token: TOKEN });
    canned.queue(json(200, { secrets: [meta('A'), meta('B'), meta('C')] }));
    // The reads run concurrently, so each canned answer is chosen by the request's path.
    canned.queue(byPath, byPath, byPath);
    const r = await one.pull({ concurrency: 3 });
    expect(r.values).toEqual({ A: 'va' });
    expect(r.failed).toEqual([
      { key: 'B', code: 'not_found', status: 404 },
      { key: 'C', code: 'sealed', status: 410 },
    ]);
  });

  it('withEnv sets the variables for fn only and restores them even when fn throws', async () => {
    process.env.WARDEN_TEST_KEEP = 'before';
    canned.queue(json(200, { secrets: [meta('WARDEN_TEST_KEEP'), meta('WARDEN_TEST_NEW')] }));
    canned.queue(byPath, byPath);
    await expect(
      client.withEnv(() => {
        expect(process.env.WARDEN_TEST_KEEP).toBe('v-WARDEN_TEST_KEEP');
        expect(process.env.WARDEN_TEST_NEW).toBe('v-WARDEN_TEST_NEW');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(process.env.WARDEN_TEST_KEEP).toBe('before');
    expect('WARDEN_TEST_NEW' in process.env).toBe(false);
    delete process.env.WARDEN_TEST_KEEP;
  });

  it('childEnv refuses to return a partial environment', async () => {
    canned.queue(json(200, { secrets: [meta('A'), meta('B')] }));
    canned.queue(byPath, byPath);
    const err = await caught(client.childEnv({ base: {} }));
    expect(err.code).toBe('pull_incomplete');
    expect(err.message).toContain('B (not_found)');
  });
});

/** Per-path answers for concurrent reads: `B` is gone, `C` is sealed, `A` is `va`, any other key `v-<key>`. */
const byPath: Handler = (req, res) => {
  const key = decodeURIComponent(req.url.split('/').pop() ?? '');
  const answer =
    key === 'B'
      ? json(404, { error: 'not found or expired', code: 'not_found' })
      : key === 'C'
        ? json(410, { error: 'sealed', code: 'sealed' })
        : json(200, { key, value: key === 'A' ? 'va' : `v-${key}` });
  answer(req, res);
};
