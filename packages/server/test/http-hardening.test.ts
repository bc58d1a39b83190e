import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, bearer, json, makePrincipal, makeVault, push, type TestVault } from './http-helpers.js';

let v: TestVault | undefined;
afterEach(async () => {
  await v?.close();
  v = undefined;
});

/** A pino destination that keeps every line. */
function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('security headers', () => {
  it('on success, on errors and on unknown routes; no Server header', async () => {
    v = await makeVault();
    for (const res of [
      await v.app.inject({ method: 'GET', url: '/health' }),
      await v.app.inject({ method: 'GET', url: '/secrets/X' }),
      await v.app.inject({ method: 'GET', url: '/nope' }),
      await v.app.inject({ method: 'GET', url: '/secrets/a%ZZ' }),
    ]) {
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'content-security-policy': "default-src 'none'",
        'cache-control': 'no-store',
      });
      expect(res.headers.server).toBeUndefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });
});

describe('rate limits', () => {
  it('per IP: 429 rate_limited with Retry-After once the burst is spent', async () => {
    v = await makeVault({
      rateLimits: { perIp: { perSecond: 1, burst: 3 }, perToken: { perSecond: 0, burst: 1 } },
    });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++)
      codes.push((await v.app.inject({ method: 'GET', url: '/health' })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    const res = await v.app.inject({ method: 'GET', url: '/health' });
    expect(json(res)).toMatchObject({ code: 'rate_limited' });
    expect(res.headers['retry-after']).toBe('1');
  });

  it('per token: one token is limited, another is not', async () => {
    v = await makeVault({
      rateLimits: { perIp: { perSecond: 0, burst: 1 }, perToken: { perSecond: 1, burst: 3 } },
    });
    const p = await makePrincipal(v.app, 'writer');
    // makePrincipal used the admin token 3 times: its bucket is empty.
    expect((await v.app.inject({ method: 'GET', url: '/orgs', headers: bearer(ADMIN) })).statusCode).toBe(
      429,
    );
    expect((await v.app.inject({ method: 'GET', url: '/me', headers: bearer(p.key) })).statusCode).toBe(200);
  });

  it('X-Forwarded-For counts only from a trusted proxy', async () => {
    const limits = { perIp: { perSecond: 1, burst: 1 }, perToken: { perSecond: 0, burst: 1 } };
    let vault = await makeVault({ rateLimits: limits });
    v = vault;
    const from = (ip: string) =>
      vault.app.inject({ method: 'GET', url: '/health', headers: { 'x-forwarded-for': ip } });
    expect((await from('198.51.100.1')).statusCode).toBe(200);
    expect((await from('198.51.100.2')).statusCode).toBe(429); // untrusted peer: the header is ignored
    await v.close();
    vault = await makeVault({ rateLimits: limits, trustedProxies: ['127.0.0.1'] });
    v = vault;
    expect((await from('198.51.100.1')).statusCode).toBe(200);
    expect((await from('198.51.100.2')).statusCode).toBe(200);
    expect((await from('198.51.100.1')).statusCode).toBe(429);
    const p = await vault.app.inject({
      method: 'GET',
      url: '/audit',
      headers: { ...bearer(ADMIN), 'x-forwarded-for': '203.0.113.9' },
    });
    expect(p.statusCode).toBe(200);
  });
});

describe('logs', () => {
  it('never contain a value, a token or a request body', async () => {
    const logs = capture();
    v = await makeVault({ logger: { level: 'trace', stream: logs.stream } });
    const value = 'sk-SUPER-SECRET-VALUE-4242';
    const p = await makePrincipal(v.app, 'writer');
    await push(v.app, { key: 'LOGGED', value, max_reads: 2 });
    await v.app.inject({ method: 'GET', url: '/secrets/LOGGED', headers: bearer(ADMIN) });
    await v.app.inject({
      method: 'PATCH',
      url: '/secrets/LOGGED',
      headers: bearer(ADMIN),
      payload: { value },
    });
    await v.app.inject({
      method: 'POST',
      url: `/orgs/${p.org}/secrets`,
      headers: bearer(p.key),
      payload: { key: 'ORG', value },
    });
    await v.app.inject({ method: 'GET', url: `/orgs/${p.org}/secrets/ORG`, headers: bearer(p.key) });
    // Failures that carry the value: malformed JSON, a schema failure, an oversized value.
    await v.app.inject({
      method: 'POST',
      url: '/secrets',
      headers: { ...bearer(ADMIN), 'content-type': 'application/json' },
      payload: `{"key":"X","value":"${value}"`,
    });
    await push(v.app, { key: 'X', value, max_reads: 'five' });
    await push(v.app, { key: 'bad key', value });
    await v.app.inject({ method: 'GET', url: '/secrets', headers: { authorization: `Bearer ${value}` } });
    const text = logs.text();
    expect(text).toContain('request completed');
    expect(text).not.toContain(value);
    expect(text).not.toContain(ADMIN);
    expect(text).not.toContain(p.key);
  });
});

describe('system routes', () => {
  it('GET /version and /health', async () => {
    v = await makeVault();
    expect(json(await v.app.inject({ method: 'GET', url: '/health' }))).toEqual({ status: 'ok' });
    expect(json(await v.app.inject({ method: 'GET', url: '/version' }))).toEqual({
      name: 'warden',
      version: '0.1.0',
      api: 'sirr-v1',
    });
  });

  it('GET /metrics: admin only by default, Prometheus text', async () => {
    v = await makeVault();
    await push(v.app, { key: 'M', value: 'v', max_reads: 1 });
    await v.app.inject({ method: 'GET', url: '/secrets/M', headers: bearer(ADMIN) });
    expect((await v.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const res = await v.app.inject({ method: 'GET', url: '/metrics', headers: bearer(ADMIN) });
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain('# TYPE warden_http_requests_total counter');
    expect(res.body).toContain(
      'warden_http_requests_total{method="GET",route="/secrets/:key",status="200"} 1',
    );
    expect(res.body).toContain('warden_secret_burns_total{scope="public"} 1');
    expect(res.body).toMatch(/warden_store_operation_seconds_count\{op="readSecret"\} 1/);
    expect(res.body).not.toContain('"M"');
  });

  it('GET /openapi.json is generated from the route schemas', async () => {
    v = await makeVault();
    const doc = json<{
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: unknown; security: unknown[]; parameters: { name: string }[] }>
      >;
    }>(await v.app.inject({ method: 'GET', url: '/openapi.json' }));
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths['/secrets/{key}'] ?? {}).sort()).toEqual(['delete', 'get', 'head', 'patch']);
    const create = doc.paths['/secrets']?.post;
    expect(JSON.stringify(create?.requestBody)).toContain('max_reads');
    expect(create?.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/health']?.get?.security).toEqual([]);
    expect(doc.paths['/orgs/{org}/secrets/{key}']?.get?.parameters.map((p) => p.name)).toEqual([
      'org',
      'key',
    ]);
    expect(doc.paths['/orgs/{org}/audit']?.get?.parameters.map((p) => p.name)).toContain('since');
  });
});
