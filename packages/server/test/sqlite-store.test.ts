import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isWardenError } from '@warden/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SqliteStore, type SqliteStoreOptions } from '../src/store/sqlite.js';
import { MIGRATIONS, migrate } from '../src/store/sqlite-migrations.js';
import { allow, ctx, NOW, newId, put, secret } from './conformance/fixtures.js';
import { describeVaultStore } from './store-conformance.js';

describeVaultStore('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'warden-sqlite-'));
  const store = new SqliteStore({ path: join(dir, 'vault.db') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteStore (SQLite specifics)', () => {
  let dir: string;
  let path: string;
  const open: SqliteStore[] = [];

  async function openStore(options: Omit<SqliteStoreOptions, 'path'> = {}): Promise<SqliteStore> {
    const store = new SqliteStore({ path, ...options });
    await store.init();
    open.push(store);
    return store;
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warden-sqlite-'));
    path = join(dir, 'data', 'vault.db');
  });

  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('group commit', () => {
    it('commits concurrent operations together and sequential ones alone', async () => {
      const store = await openStore();
      await put(store, secret({ key: 'K' }));
      const before = store.stats;
      const outs = await Promise.all(
        Array.from({ length: 64 }, () => store.readSecret(null, 'K', NOW, allow, ctx())),
      );
      expect(outs.every((o) => o.status === 'ok')).toBe(true);
      const concurrent = store.stats;
      expect(concurrent.commits - before.commits).toBe(1);
      expect(concurrent.ops - before.ops).toBe(64);
      expect(concurrent.maxBatch).toBe(64);
      for (let i = 0; i < 10; i++) await store.readSecret(null, 'K', NOW, allow, ctx());
      expect(store.stats.commits - concurrent.commits).toBe(10);
    });

    it('splits a batch at maxBatch', async () => {
      const store = await openStore({ maxBatch: 8 });
      await put(store, secret({ key: 'K' }));
      const before = store.stats.commits;
      await Promise.all(Array.from({ length: 64 }, () => store.readSecret(null, 'K', NOW, allow, ctx())));
      expect(store.stats.commits - before).toBe(8);
      expect(store.stats.maxBatch).toBe(8);
    });

    it('settles a call only after its batch has committed', async () => {
      const store = await openStore();
      await put(store, secret({ key: 'K', maxReads: 1 }));
      const reader = new Database(path, { readonly: true });
      const count = () => (reader.prepare('SELECT count(*) AS n FROM secrets').get() as { n: number }).n;
      try {
        const read = store.readSecret(null, 'K', NOW, allow, ctx());
        expect(count()).toBe(1);
        expect((await read).status).toBe('ok');
        expect(count()).toBe(0);
      } finally {
        reader.close();
      }
    });
  });

  describe('durability and sharing', () => {
    it('keeps committed reads across close and reopen', async () => {
      const first = await openStore();
      await put(first, secret({ key: 'K', maxReads: 3 }));
      await first.readSecret(null, 'K', NOW, allow, ctx());
      await first.readSecret(null, 'K', NOW, allow, ctx());
      await first.close();
      const second = await openStore();
      expect(await second.headSecret(null, 'K', NOW, allow)).toMatchObject({
        status: 'ok',
        meta: { readCount: 2 },
      });
      const last = await second.readSecret(null, 'K', NOW, allow, ctx());
      expect(last.status === 'ok' && last.burned).toBe(true);
    });

    it('lets a second store on the same file see committed state; the budget holds across both', async () => {
      const a = await openStore();
      const b = await openStore();
      await put(a, secret({ key: 'K', maxReads: 5 }));
      expect((await b.headSecret(null, 'K', NOW, allow)).status).toBe('ok');
      const outs = await Promise.all(
        Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).readSecret(null, 'K', NOW, allow, ctx())),
      );
      expect(outs.filter((o) => o.status === 'ok')).toHaveLength(5);
      expect((await a.headSecret(null, 'K', NOW, allow)).status).toBe('not_found');
      expect(await b.queryAudit({ action: 'secret.burn', limit: 10 })).toHaveLength(1);
    });

    it('fails with store_unavailable while another process holds the write lock, then recovers', async () => {
      const store = await openStore({ busyTimeoutMs: 20 });
      const other = new Database(path);
      other.exec('BEGIN IMMEDIATE');
      try {
        const err = await store
          .createSecret(secret({ key: 'K' }), () => false, ctx())
          .catch((e: unknown) => e);
        expect(isWardenError(err, 'store_unavailable')).toBe(true);
        expect((err as { status: number }).status).toBe(503);
      } finally {
        other.exec('ROLLBACK');
        other.close();
      }
      expect((await store.createSecret(secret({ key: 'K' }), () => false, ctx())).status).toBe('created');
    });

    it('wraps constraint failures as store_error with a fixed message', async () => {
      const store = await openStore();
      const err = await store
        .createPrincipal({
          id: newId(),
          orgId: 'no-such-org',
          name: 'p',
          role: 'reader',
          metadata: {},
          createdAt: NOW,
        })
        .catch((e: unknown) => e);
      expect(isWardenError(err, 'store_error')).toBe(true);
      expect((err as Error).message).toBe('the store failed');
    });
  });

  describe('files and settings', () => {
    it('runs with WAL, synchronous=FULL, secure_delete, foreign keys and a busy timeout', async () => {
      const store = await openStore({ busyTimeoutMs: 1234 });
      expect(store.settings()).toEqual({
        journalMode: 'wal',
        synchronous: 2,
        secureDelete: 1,
        foreignKeys: 1,
        busyTimeoutMs: 1234,
      });
    });

    it('creates the database with mode 0600', async () => {
      await openStore();
      expect((await stat(path)).mode & 0o777).toBe(0o600);
    });

    it('leaves no byte of a burned record in any file once the WAL is checkpointed', async () => {
      const marker = `CIPHERTEXT-MARKER-${newId()}`;
      const withMarker = { ciphertext: new TextEncoder().encode(marker.repeat(20)) };
      const scan = async (): Promise<boolean> => {
        const dataDir = join(dir, 'data');
        for (const name of await readdir(dataDir)) {
          if ((await readFile(join(dataDir, name))).includes(marker)) return true;
        }
        return false;
      };
      const first = await openStore();
      await put(first, secret({ key: 'KEEP', ...withMarker }));
      await first.close();
      // The scan does see stored bytes.
      expect(await scan()).toBe(true);

      const second = await openStore({ checkpointIdleMs: 0 });
      await second.deleteSecret(null, 'KEEP', allow, ctx());
      await put(second, secret({ key: 'BURN', maxReads: 1, ...withMarker }));
      const read = await second.readSecret(null, 'BURN', NOW, allow, ctx());
      expect(read.status === 'ok' && read.burned).toBe(true);
      // secure_delete scrubbed the pages, but the WAL still holds the frame that inserted BURN.
      expect(await scan()).toBe(true);
      expect(second.checkpoint()).toBe(true);
      expect(await scan()).toBe(false);
      await second.close();
      expect(await scan()).toBe(false);
    });

    it('checkpoints and truncates the WAL by itself once idle', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      try {
        const store = await openStore({ checkpointIdleMs: 500 });
        await put(store, secret({ key: 'K' }));
        const walSize = async () => (await stat(`${path}-wal`)).size;
        expect(await walSize()).toBeGreaterThan(0);
        vi.advanceTimersByTime(499);
        expect(await walSize()).toBeGreaterThan(0);
        vi.advanceTimersByTime(1);
        expect(await walSize()).toBe(0);
      } finally {
        vi.useRealTimers();
      }
    });
  });

  describe('migrations', () => {
    it('apply once, are recorded in schema_version, and are idempotent', async () => {
      const first = await openStore();
      await put(first, secret({ key: 'K' }));
      await first.close();
      await openStore();
      const raw = new Database(path);
      try {
        const rows = raw.prepare('SELECT version, name FROM schema_version').all();
        expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
        expect(migrate(raw, NOW)).toEqual([]);
        expect(raw.prepare("SELECT count(*) AS n FROM roles WHERE org = ''").get()).toEqual({ n: 4 });
        expect(raw.prepare('SELECT count(*) AS n FROM secrets').get()).toEqual({ n: 1 });
      } finally {
        raw.close();
      }
    });

    it('migration 2 makes key names unique per org; of names shared before, only the longest-valid key keeps its name', async () => {
      await openStore().then((s) => s.close());
      const raw = new Database(path);
      try {
        // Back to schema 1, as a server of the previous version left it.
        raw.exec('DROP INDEX principal_keys_org_name; ALTER TABLE principal_keys DROP COLUMN org_id');
        raw.exec('DELETE FROM schema_version WHERE version > 1');
        const [a, b] = [newId(), newId()];
        raw
          .prepare('INSERT INTO orgs (id, name, metadata, created_at) VALUES (?, ?, ?, 0), (?, ?, ?, 0)')
          .run(a, 'a', '{}', b, 'b', '{}');
        const addPrincipal = raw.prepare(
          "INSERT INTO principals (id, org_id, name, role, metadata, created_at) VALUES (?, ?, ?, 'writer', '{}', 0)",
        );
        const [pa1, pa2, pb] = [newId(), newId(), newId()];
        addPrincipal.run(pa1, a, 'pa1');
        addPrincipal.run(pa2, a, 'pa2');
        addPrincipal.run(pb, b, 'pb');
        const addKey = raw.prepare(
          'INSERT INTO principal_keys (id, principal_id, name, hash, valid_after, valid_before, created_at) VALUES (?, ?, ?, ?, 0, ?, ?)',
        );
        const ids = { old: newId(), longest: newId(), other: newId(), otherOrg: newId() };
        addKey.run(ids.old, pa1, 'deploy', newId(), 100, 1);
        addKey.run(ids.longest, pa2, 'deploy', newId(), 900, 2);
        addKey.run(ids.other, pa2, 'solo', newId(), 900, 3);
        addKey.run(ids.otherOrg, pb, 'deploy', newId(), 50, 4);
        expect(migrate(raw, NOW)).toEqual([2]);
        const names = Object.fromEntries(
          (
            raw.prepare('SELECT id, name, org_id FROM principal_keys').all() as { id: string; name: string }[]
          ).map((r) => [r.id, r.name]),
        );
        expect(names).toEqual({
          [ids.old]: `deploy~renamed-duplicate-${ids.old}`,
          [ids.longest]: 'deploy',
          [ids.other]: 'solo',
          [ids.otherOrg]: 'deploy',
        });
        const addKeyV2 = raw.prepare(
          'INSERT INTO principal_keys (id, principal_id, org_id, name, hash, valid_after, valid_before, created_at) VALUES (?, ?, ?, ?, ?, 0, 900, 5)',
        );
        expect(() => addKeyV2.run(newId(), pa1, a, 'solo', newId())).toThrow(/UNIQUE/);
        addKeyV2.run(newId(), pb, b, 'solo', newId());
      } finally {
        raw.close();
      }
    });

    it('refuse a database from a newer version', async () => {
      const first = await openStore();
      await first.close();
      const raw = new Database(path);
      raw.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (999, ?, 0)').run('future');
      raw.close();
      const store = new SqliteStore({ path });
      await expect(store.init()).rejects.toMatchObject({ code: 'store_error' });
      await store.close();
    });
  });
});
