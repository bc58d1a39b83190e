import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, bearer, json, makePrincipal, makeVault, push, type TestVault } from './http-helpers.js';

let v: TestVault;
beforeEach(async () => {
  v = await makeVault();
});
afterEach(async () => {
  await v.close();
});

describe('burn exactly once, through the HTTP layer', () => {
  it('200 concurrent GETs on max_reads 5 return exactly 5 values', async () => {
    await push(v.app, { key: 'RACE', value: 'the-value', max_reads: 5 });
    const results = await Promise.all(
      Array.from({ length: 200 }, () =>
        v.app.inject({ method: 'GET', url: '/secrets/RACE', headers: bearer(ADMIN) }),
      ),
    );
    const ok = results.filter((r) => r.statusCode === 200);
    expect(ok).toHaveLength(5);
    for (const r of ok) expect(json(r)).toEqual({ key: 'RACE', value: 'the-value' });
    expect(results.filter((r) => r.statusCode === 404)).toHaveLength(195);
    const metrics = await v.app.inject({ method: 'GET', url: '/metrics', headers: bearer(ADMIN) });
    expect(metrics.body).toContain('warden_secret_reads_total{scope="public",outcome="ok"} 5');
    expect(metrics.body).toContain('warden_secret_burns_total{scope="public"} 1');
  });

  it('delete=false: 5 values, then 410 for everyone else; org route too', async () => {
    const w = await makePrincipal(v.app, 'writer');
    const url = `/orgs/${w.org}/secrets`;
    await v.app.inject({
      method: 'POST',
      url,
      headers: bearer(w.key),
      payload: { key: 'SEALRACE', value: 'v', max_reads: 5, delete: false },
    });
    const results = await Promise.all(
      Array.from({ length: 200 }, () =>
        v.app.inject({ method: 'GET', url: `${url}/SEALRACE`, headers: bearer(w.key) }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(5);
    expect(results.filter((r) => r.statusCode === 410)).toHaveLength(195);
  });

  it('concurrent creates of one key by two principals: one wins, the other gets 409', async () => {
    const a = await makePrincipal(v.app, 'writer', { name: 'a' });
    const b = await makePrincipal(v.app, 'writer', { name: 'b', org: a.org });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        push(v.app, { key: 'CONTESTED', value: `v${i}` }, i % 2 ? a.key : b.key),
      ),
    );
    const created = results.filter((r) => r.statusCode === 201).length;
    const conflicts = results.filter((r) => r.statusCode === 409).length;
    expect(created + conflicts).toBe(20);
    expect(conflicts).toBe(10); // the first creator's ten succeed (owner may replace), the other's ten do not
  });
});
