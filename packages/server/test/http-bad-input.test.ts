import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, bearer, json, makePrincipal, makeVault, push, type TestVault } from './http-helpers.js';

let v: TestVault;
beforeAll(async () => {
  v = await makeVault();
});
afterAll(async () => {
  await v.close();
});

const raw = (payload: string, headers: Record<string, string> = {}) =>
  v.app.inject({
    method: 'POST',
    url: '/secrets',
    headers: { ...bearer(ADMIN), 'content-type': 'application/json', ...headers },
    payload,
  });

/** Nothing half-written: the public list is still empty, and the server still serves. */
async function expectUntouched(): Promise<void> {
  const list = await v.app.inject({ method: 'GET', url: '/secrets', headers: bearer(ADMIN) });
  expect(json(list)).toEqual({ secrets: [] });
  expect((await v.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
}

describe('bad request bodies', () => {
  it.each([
    ['truncated JSON', '{"key":"K","value":"sec'],
    ['trailing garbage', '{"key":"K","value":"v"} x'],
    ['not JSON', 'key=K&value=v'],
    ['prototype poisoning', '{"key":"K","value":"v","__proto__":{"admin":true}}'],
  ])('%s: 400 invalid_json, no body echoed', async (_name, payload) => {
    const res = await raw(payload);
    expect(res.statusCode).toBe(400);
    expect(json(res)).toEqual({ error: 'request body is not valid JSON', code: 'invalid_json' });
    await expectUntouched();
  });

  it.each([
    ['value is a number', { key: 'K', value: 42 }, 'invalid_value'],
    ['value missing', { key: 'K' }, 'invalid_value'],
    ['key missing', { value: 'v' }, 'invalid_key'],
    ['key is an array', { key: ['K'], value: 'v' }, 'invalid_key'],
    ['max_reads is a string', { key: 'K', value: 'v', max_reads: '5' }, 'invalid_max_reads'],
    ['max_reads negative', { key: 'K', value: 'v', max_reads: -1 }, 'invalid_max_reads'],
    ['max_reads fractional', { key: 'K', value: 'v', max_reads: 1.5 }, 'invalid_max_reads'],
    ['max_reads above u32', { key: 'K', value: 'v', max_reads: 2 ** 32 }, 'invalid_max_reads'],
    ['ttl negative', { key: 'K', value: 'v', ttl_seconds: -1 }, 'invalid_ttl'],
    ['ttl a string', { key: 'K', value: 'v', ttl_seconds: '60' }, 'invalid_ttl'],
    ['delete a string', { key: 'K', value: 'v', delete: 'no' }, 'invalid_body'],
    ['allowed_keys not an array', { key: 'K', value: 'v', allowed_keys: 'x' }, 'invalid_allowed_keys'],
  ])('%s: 422 with the field code', async (_name, body, code) => {
    const res = await push(v.app, body as Record<string, unknown>);
    expect(res.statusCode).toBe(422);
    expect(json(res).code).toBe(code);
    await expectUntouched();
  });

  it('a JSON array or scalar body is 422 invalid_body', async () => {
    for (const payload of ['[]', '"x"', '42', 'null']) {
      const res = await raw(payload);
      expect(res.statusCode, payload).toBe(422);
      expect(json(res).code).toBe('invalid_body');
    }
  });

  it.each([
    [
      'max_reads 0',
      { key: 'K', value: 'v', max_reads: 0 },
      'invalid_max_reads',
      'max_reads must be ≥ 1; omit to allow unlimited reads',
    ],
    [
      'ttl over 10 years',
      { key: 'K', value: 'v', ttl_seconds: 315_360_001 },
      'invalid_ttl',
      'ttl_seconds exceeds maximum of 315360000 (10 years)',
    ],
    [
      'absurd ttl',
      { key: 'K', value: 'v', ttl_seconds: 1e300 },
      'invalid_ttl',
      'ttl_seconds exceeds maximum of 315360000 (10 years)',
    ],
    [
      'webhook_url without an allowlist',
      { key: 'K', value: 'v', webhook_url: 'https://example.com/h' },
      'invalid_webhook_url',
      'webhook_url: per-secret webhook_url requires SIRR_WEBHOOK_ALLOWED_ORIGINS to be configured',
    ],
    [
      'webhook_url over http',
      { key: 'K', value: 'v', webhook_url: 'http://example.com/h' },
      'invalid_webhook_url',
      'webhook_url: webhook_url must use https://',
    ],
    [
      'webhook_url to loopback',
      { key: 'K', value: 'v', webhook_url: 'https://127.0.0.1/h' },
      'invalid_webhook_url',
      'webhook_url: webhook_url must not target private, loopback, or link-local addresses',
    ],
  ])('%s: 400 with Sirr message', async (_name, body, code, error) => {
    const res = await push(v.app, body);
    expect(res.statusCode).toBe(400);
    expect(json(res)).toEqual({ error, code });
    await expectUntouched();
  });

  it('checks in Sirr order: key before max_reads before value', async () => {
    const res = await push(v.app, { key: 'bad key', value: 'x'.repeat(1_048_577), max_reads: 0 });
    expect(json(res).code).toBe('invalid_key');
    const res2 = await push(v.app, { key: 'K', value: 'x'.repeat(1_048_577), max_reads: 0 });
    expect(json(res2).code).toBe('invalid_max_reads');
  });

  it('a value over 1 MiB of UTF-8 is 400 value_too_large, counted in bytes', async () => {
    // 524289 two-byte characters: 1 048 578 bytes, though only 524 289 UTF-16 units.
    const res = await push(v.app, { key: 'K', value: 'é'.repeat(524_289) });
    expect(res.statusCode).toBe(400);
    expect(json(res)).toEqual({ error: 'value exceeds 1 MiB limit', code: 'value_too_large' });
    const exact = await push(v.app, { key: 'MAX', value: 'x'.repeat(1_048_576) });
    expect(exact.statusCode).toBe(201);
    await v.app.inject({ method: 'DELETE', url: '/secrets/MAX', headers: bearer(ADMIN) });
    await expectUntouched();
  });

  it('a body over the limit is 413 body_too_large', async () => {
    // The default limit is 6 MiB + 64 KiB (a 1 MiB value, JSON-escaped at worst).
    const res = await push(v.app, { key: 'K', value: 'x'.repeat(6 * 1024 * 1024 + 64 * 1024) });
    expect(res.statusCode).toBe(413);
    expect(json(res)).toEqual({ error: 'request body too large', code: 'body_too_large' });
    await expectUntouched();
  });

  it('a JSON route without Content-Type: application/json is 415', async () => {
    const res = await raw('key=K', { 'content-type': 'text/plain' });
    expect(res.statusCode).toBe(415);
    expect(json(res).code).toBe('unsupported_media_type');
  });

  it('unknown fields are ignored', async () => {
    const res = await push(v.app, {
      key: 'EXTRA',
      value: 'v',
      colour: 'blue',
      max_reads: 1,
      nested: { a: [1] },
    });
    expect(res.statusCode).toBe(201);
    await v.app.inject({ method: 'DELETE', url: '/secrets/EXTRA', headers: bearer(ADMIN) });
  });

  it('bad audit query values are 400 invalid_query', async () => {
    for (const q of ['since=abc', 'limit=-1', 'until=soon']) {
      const res = await v.app.inject({ method: 'GET', url: `/audit?${q}`, headers: bearer(ADMIN) });
      expect(res.statusCode, q).toBe(400);
      expect(json(res).code).toBe('invalid_query');
    }
    const ok = await v.app.inject({
      method: 'GET',
      url: '/audit?since=0&limit=5000',
      headers: bearer(ADMIN),
    });
    expect(ok.statusCode).toBe(200);
  });

  it('principal and key inputs: names, metadata, validity', async () => {
    const org = json<{ id: string }>(
      await v.app.inject({ method: 'POST', url: '/orgs', headers: bearer(ADMIN), payload: { name: 'o' } }),
    ).id;
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '', role: 'reader' }, 'invalid_name'],
      [{ name: 'x'.repeat(129), role: 'reader' }, 'invalid_name'],
      [{ name: 'p', role: 'nope' }, 'invalid_role'],
      [
        {
          name: 'p',
          role: 'reader',
          metadata: Object.fromEntries([...Array(11).keys()].map((i) => [`k${i}`, 'v'])),
        },
        'invalid_metadata',
      ],
      [{ name: 'p', role: 'reader', metadata: { k: 'v'.repeat(101) } }, 'invalid_metadata'],
      [{ name: 'p', role: 'reader', metadata: { k: 1 } }, 'invalid_metadata'],
    ];
    for (const [payload, code] of cases) {
      const res = await v.app.inject({
        method: 'POST',
        url: `/orgs/${org}/principals`,
        headers: bearer(ADMIN),
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload).slice(0, 60)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(json(res).code).toBe(code);
    }
    const w = await makePrincipal(v.app, 'writer', { org });
    const dead = await v.app.inject({
      method: 'POST',
      url: '/me/keys',
      headers: bearer(w.key),
      payload: { name: 'k', valid_for_seconds: -5 },
    });
    expect(json(dead).code).toBe('invalid_validity');
  });
});

describe('bad key names', () => {
  it.each([
    ['a space', 'has%20space'],
    ['a colon', 'org%3AKEY'],
    ['an encoded slash', 'a%2Fb'],
    ['an encoded slash alone', '%2F'],
    ['257 characters', 'k'.repeat(257)],
    ['non-ASCII', '%C3%A9'],
  ])('%s in the path: 400 invalid_key on GET, HEAD, PATCH, DELETE', async (_name, segment) => {
    for (const method of ['GET', 'HEAD', 'PATCH', 'DELETE'] as const) {
      const res = await v.app.inject({
        method,
        url: `/secrets/${segment}`,
        headers: bearer(ADMIN),
        payload: method === 'PATCH' ? {} : undefined,
      });
      expect(res.statusCode, method).toBe(400);
      if (method !== 'HEAD') {
        expect(json(res)).toEqual({
          error: 'key must be 1–256 characters: alphanumeric, -, _, . only',
          code: 'invalid_key',
        });
      }
    }
  });

  it.each(['', 'a/b', '..', '.', 'x'.repeat(257), 'ключ'])('body key %j: 400 invalid_key', async (key) => {
    const res = await push(v.app, { key, value: 'v' });
    expect(res.statusCode).toBe(400);
    expect(json(res).code).toBe('invalid_key');
    await expectUntouched();
  });

  it('org routes use Sirr org wording', async () => {
    const w = await makePrincipal(v.app, 'writer');
    const res = await v.app.inject({
      method: 'GET',
      url: `/orgs/${w.org}/secrets/a%2Fb`,
      headers: bearer(w.key),
    });
    expect(json(res)).toEqual({
      error: 'key must be 1-256 characters: alphanumeric, -, _, . only',
      code: 'invalid_key',
    });
  });

  it('malformed percent-encoding: 400 invalid_path', async () => {
    const res = await v.app.inject({ method: 'GET', url: '/secrets/a%ZZ', headers: bearer(ADMIN) });
    expect(res.statusCode).toBe(400);
    expect(json(res).code).toBe('invalid_path');
  });

  // Injected URLs are normalized; only a raw HTTP request line carries `..` to the server.
  it('`..`, `.` and `%2e%2e` as the raw path segment: 400 invalid_key', async () => {
    await v.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = v.app.server.address() as AddressInfo;
    const send = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path, headers: bearer(ADMIN) }, (res) => {
          let body = '';
          res.on('data', (c) => {
            body += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    for (const path of ['/secrets/..', '/secrets/.', '/secrets/%2e%2e', '/secrets/%2E', '/secrets/%2F']) {
      const res = await send(path);
      expect(res.status, path).toBe(400);
      expect(JSON.parse(res.body).code, path).toBe('invalid_key');
    }
  });
});

describe('HEAD and PATCH on burned or sealed secrets', () => {
  it('burned: 404 not_found for GET, HEAD, PATCH, DELETE', async () => {
    await push(v.app, { key: 'BURN', value: 'v', max_reads: 1 });
    await v.app.inject({ method: 'GET', url: '/secrets/BURN', headers: bearer(ADMIN) });
    for (const method of ['GET', 'HEAD', 'PATCH', 'DELETE'] as const) {
      const res = await v.app.inject({
        method,
        url: '/secrets/BURN',
        headers: bearer(ADMIN),
        payload: method === 'PATCH' ? { value: 'x' } : undefined,
      });
      expect(res.statusCode, method).toBe(404);
      if (method !== 'HEAD') expect(json(res).code).toBe('not_found');
    }
  });

  it('sealed: HEAD 410 with headers, PATCH 410 sealed, DELETE still works', async () => {
    await push(v.app, { key: 'SEAL', value: 'v', max_reads: 1, delete: false });
    await v.app.inject({ method: 'GET', url: '/secrets/SEAL', headers: bearer(ADMIN) });
    const h = await v.app.inject({ method: 'HEAD', url: '/secrets/SEAL', headers: bearer(ADMIN) });
    expect(h.statusCode).toBe(410);
    expect(h.headers['x-sirr-status']).toBe('sealed');
    expect(h.headers['x-sirr-read-count']).toBe('1');
    const p = await v.app.inject({
      method: 'PATCH',
      url: '/secrets/SEAL',
      headers: bearer(ADMIN),
      payload: { max_reads: 9 },
    });
    expect(p.statusCode).toBe(410);
    expect(json(p).code).toBe('sealed');
    const d = await v.app.inject({ method: 'DELETE', url: '/secrets/SEAL', headers: bearer(ADMIN) });
    expect(d.statusCode).toBe(200);
  });

  it('PATCH with bad input: 400/422 and nothing changes', async () => {
    await push(v.app, { key: 'PB', value: 'keep', delete: false, max_reads: 3 });
    for (const [payload, status, code] of [
      [{ max_reads: 0 }, 400, 'invalid_max_reads'],
      [{ ttl_seconds: 315_360_001 }, 400, 'invalid_ttl'],
      [{ value: 7 }, 422, 'invalid_value'],
      [{ value: 'é'.repeat(524_289) }, 400, 'value_too_large'],
    ] as const) {
      const res = await v.app.inject({
        method: 'PATCH',
        url: '/secrets/PB',
        headers: bearer(ADMIN),
        payload,
      });
      expect(res.statusCode, code).toBe(status);
      expect(json(res).code).toBe(code);
    }
    const h = await v.app.inject({ method: 'HEAD', url: '/secrets/PB', headers: bearer(ADMIN) });
    expect(h.headers['x-sirr-reads-remaining']).toBe('3');
    expect(json(await v.app.inject({ method: 'GET', url: '/secrets/PB', headers: bearer(ADMIN) }))).toEqual({
      key: 'PB',
      value: 'keep',
    });
    await v.app.inject({ method: 'DELETE', url: '/secrets/PB', headers: bearer(ADMIN) });
  });
});
