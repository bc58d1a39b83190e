/**
 * The real vault (@warden/server: SQLite store, AES-GCM sealing, every
 * route) on 127.0.0.1:0 in this process, with a temp data dir and a
 * ManualClock shared with the test, so expiry needs no sleeping.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@warden/core';
import { createApp, hashToken, openEncryption, SqliteStore } from '@warden/server';

export interface TestVault {
  url: string;
  adminToken: string;
  clock: ManualClock;
  close(): Promise<void>;
}

export async function startVault(): Promise<TestVault> {
  const dataDir = mkdtempSync(join(tmpdir(), 'warden-secrets-vault-'));
  const adminToken = `admin-${randomBytes(24).toString('hex')}`;
  const clock = new ManualClock(Math.floor(Date.now() / 1000));
  const store = new SqliteStore({ path: join(dataDir, 'vault.db'), clock });
  await store.init();
  const encryption = await openEncryption({ store, dataDir, env: {} });
  const app = createApp({
    store,
    sealer: encryption.sealer,
    adminTokenHash: hashToken(adminToken),
    clock,
    logger: false,
    rateLimits: { perIp: { perSecond: 0, burst: 0 }, perToken: { perSecond: 0, burst: 0 } },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    adminToken,
    clock,
    close: async () => {
      await app.close();
      encryption.sealer.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
