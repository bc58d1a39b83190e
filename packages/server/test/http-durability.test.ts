import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/store/sqlite.js';
import { ADMIN, bearer, json, makeVault, push } from './http-helpers.js';

/**
 * What a SIGKILL leaves: the files as they are on disk the instant after the
 * response. SIGKILL loses nothing the process already handed to the kernel,
 * so a copy of the database files taken right after a 200 is exactly what a
 * restarted server would open.
 */
function crashSnapshot(dir: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'warden-crash-'));
  for (const name of ['vault.db', 'vault.db-wal']) {
    if (existsSync(join(dir, name))) copyFileSync(join(dir, name), join(copy, name));
  }
  return copy;
}

describe('durable before delivery', () => {
  it('a read that returned 200 is counted on disk; a burn is gone from disk', async () => {
    const v = await makeVault();
    const copies: string[] = [];
    try {
      await push(v.app, { key: 'COUNTED', value: 'v', max_reads: 3 });
      await push(v.app, { key: 'BURNED', value: 'v', max_reads: 1 });
      expect(
        (await v.app.inject({ method: 'GET', url: '/secrets/COUNTED', headers: bearer(ADMIN) })).statusCode,
      ).toBe(200);
      const burned = await v.app.inject({ method: 'GET', url: '/secrets/BURNED', headers: bearer(ADMIN) });
      expect(json(burned)).toEqual({ key: 'BURNED', value: 'v' });

      const copy = crashSnapshot(v.dir);
      copies.push(copy);
      const restarted = new SqliteStore({ path: join(copy, 'vault.db'), clock: v.clock });
      await restarted.init();
      try {
        const allow = () => 'allow' as const;
        const counted = await restarted.headSecret(null, 'COUNTED', v.clock.now(), allow);
        expect(counted.status === 'ok' && counted.meta.readCount).toBe(1);
        expect((await restarted.headSecret(null, 'BURNED', v.clock.now(), allow)).status).toBe('not_found');
      } finally {
        await restarted.close();
      }
    } finally {
      await v.close();
      for (const c of copies) rmSync(c, { recursive: true, force: true });
    }
  });
});
