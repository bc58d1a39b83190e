/**
 * Durable before delivery: a read's decrement is on disk before its value
 * leaves the server. The built `warden serve` is killed with SIGKILL (no
 * shutdown code runs) right after a successful read, restarted on the same
 * data dir, and the read is still counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, cleanup, randomText, startVault, tempDir, type VaultProcess } from './vault-harness.js';

const ADMIN = randomText('e2e-admin');
const dataDir = tempDir('durable');
let vault: VaultProcess;

beforeAll(async () => {
  vault = await startVault({ dataDir, adminToken: ADMIN });
});
afterAll(async () => {
  await vault?.stop();
  await cleanup();
});

/** SIGKILLs the server (it gets no chance to flush anything) and starts it again on the same data dir. */
async function killAndRestart(): Promise<void> {
  const exit = await vault.stop('SIGKILL');
  expect(exit.signal).toBe('SIGKILL');
  vault = await startVault({ dataDir, adminToken: ADMIN });
}

describe('a read survives SIGKILL right after its response', () => {
  it('max_reads 3: GET, SIGKILL, restart -> 2 reads left; exactly 2 more GETs succeed', async () => {
    const value = randomText('durable-value');
    expect(
      (await call(vault.url, ADMIN, 'POST', '/secrets', { key: 'THREE', value, max_reads: 3 })).status,
    ).toBe(201);
    const first = await call(vault.url, ADMIN, 'GET', '/secrets/THREE');
    expect(first.status).toBe(200);
    expect(first.body.value).toBe(value);

    await killAndRestart();

    const head = await call(vault.url, ADMIN, 'HEAD', '/secrets/THREE');
    expect(head.status).toBe(200);
    expect(head.headers.get('x-sirr-read-count')).toBe('1');
    expect(head.headers.get('x-sirr-reads-remaining')).toBe('2');
    for (let i = 0; i < 2; i++) {
      const r = await call(vault.url, ADMIN, 'GET', '/secrets/THREE');
      expect(r.status).toBe(200);
      expect(r.body.value).toBe(value);
    }
    expect((await call(vault.url, ADMIN, 'GET', '/secrets/THREE')).status).toBe(404);
  });

  it('max_reads 1: GET burns it, SIGKILL, restart -> 404, and the audit kept the burn', async () => {
    const value = randomText('burn-value');
    expect(
      (await call(vault.url, ADMIN, 'POST', '/secrets', { key: 'ONCE', value, max_reads: 1 })).status,
    ).toBe(201);
    const read = await call(vault.url, ADMIN, 'GET', '/secrets/ONCE');
    expect(read.status).toBe(200);
    expect(read.body.value).toBe(value);

    await killAndRestart();

    expect((await call(vault.url, ADMIN, 'HEAD', '/secrets/ONCE')).status).toBe(404);
    expect((await call(vault.url, ADMIN, 'GET', '/secrets/ONCE')).status).toBe(404);
    const audit = await call(vault.url, ADMIN, 'GET', '/audit?action=secret.burn');
    expect(audit.body.events.filter((e: { key: string }) => e.key === 'ONCE')).toHaveLength(1);
  });
});
