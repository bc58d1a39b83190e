/**
 * Burn exactly once, over real HTTP against the built `warden serve`: 200
 * concurrent GETs at a secret with `max_reads: 5` get exactly 5 values, and
 * the audit log counts exactly 5 successful reads of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, cleanup, randomText, startVault, tempDir, type VaultProcess } from './vault-harness.js';

const ADMIN = randomText('e2e-admin');
const CONCURRENT = 200;
let vault: VaultProcess;

beforeAll(async () => {
  vault = await startVault({ dataDir: tempDir('burn'), adminToken: ADMIN });
});
afterAll(async () => {
  await vault?.stop();
  await cleanup();
});

/** Fires `CONCURRENT` GETs at once; resolves with each one's status and value. */
async function stampede(key: string): Promise<{ status: number; value?: string }[]> {
  const gets = Array.from({ length: CONCURRENT }, async () => {
    const r = await call(vault.url, ADMIN, 'GET', `/secrets/${key}`);
    return { status: r.status, value: r.body?.value };
  });
  return Promise.all(gets);
}

/** The successful audit events of `key` with one of `actions`. */
async function auditOf(key: string, actions: string[]) {
  const r = await call(vault.url, ADMIN, 'GET', '/audit?limit=1000');
  expect(r.status).toBe(200);
  return (r.body.events as { key: string; action: string; success: boolean }[]).filter(
    (e) => e.key === key && e.success && actions.includes(e.action),
  );
}

describe('burn exactly once over HTTP', () => {
  it(`${CONCURRENT} concurrent GETs at max_reads 5: exactly 5 values, the rest 404; audit counts 5`, async () => {
    const value = randomText('burn-value');
    const created = await call(vault.url, ADMIN, 'POST', '/secrets', { key: 'BURN5', value, max_reads: 5 });
    expect(created.status).toBe(201);

    const results = await stampede('BURN5');
    const served = results.filter((r) => r.status === 200);
    expect(served).toHaveLength(5);
    for (const r of served) expect(r.value).toBe(value);
    expect(results.filter((r) => r.status === 404)).toHaveLength(CONCURRENT - 5);

    const events = await auditOf('BURN5', ['secret.read', 'secret.burn', 'secret.seal']);
    expect(events).toHaveLength(5);
    expect(events.filter((e) => e.action === 'secret.burn')).toHaveLength(1);
    expect((await call(vault.url, ADMIN, 'HEAD', '/secrets/BURN5')).status).toBe(404);
  });

  it('with delete: false the same stampede seals it: exactly 5 values, the rest 410, and it stays sealed', async () => {
    const value = randomText('seal-value');
    const created = await call(vault.url, ADMIN, 'POST', '/secrets', {
      key: 'SEAL5',
      value,
      max_reads: 5,
      delete: false,
    });
    expect(created.status).toBe(201);

    const results = await stampede('SEAL5');
    const served = results.filter((r) => r.status === 200);
    expect(served).toHaveLength(5);
    for (const r of served) expect(r.value).toBe(value);
    expect(results.filter((r) => r.status === 410)).toHaveLength(CONCURRENT - 5);

    const events = await auditOf('SEAL5', ['secret.read', 'secret.burn', 'secret.seal']);
    expect(events).toHaveLength(5);
    expect(events.filter((e) => e.action === 'secret.seal')).toHaveLength(1);
    const head = await call(vault.url, ADMIN, 'HEAD', '/secrets/SEAL5');
    expect(head.status).toBe(410);
    expect(head.headers.get('x-sirr-read-count')).toBe('5');
  });
});
