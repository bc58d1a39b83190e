/**
 * `warden rotate-key` in-process (captured streams) against a vault server
 * started with `startServer` on 127.0.0.1:0: rotation while the server
 * serves, resume, records that do not open, re-wrap under a new master key.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WardenClient } from '@warden/client';
import { loadMasterKey, type RunningServer, rotateDataKey, SqliteStore } from '@warden/server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectNotPrinted, type Run, runWarden, tempDir } from './support/cli.js';
import { adminToken, startVault } from './support/server.js';

const ADMIN = adminToken();
const root = tempDir('rotate');
const VALUES = new Map<string, string>();

/** Every text a run must not print: values, the admin token, key files' contents. */
const forbidden: string[] = [ADMIN];

async function warden(args: string[]): Promise<Run> {
  const r = await runWarden(args);
  expectNotPrinted(r, [...forbidden, ...VALUES.values()]);
  return r;
}

const servers: RunningServer[] = [];

/** A started server on its own data dir, and a client for it. */
async function vault(name: string, env: Record<string, string> = {}) {
  const dataDir = join(root, name);
  const server = await startVault({ dataDir, adminToken: ADMIN, flags: { tokenRateLimit: '0' }, env });
  servers.push(server);
  const client = new WardenClient({ server: server.url, token: ADMIN });
  return { dataDir, server, client };
}

async function pushAll(client: WardenClient, prefix: string, n: number): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = `${prefix}_${i}`;
    const value = `${prefix}-value-${i}-${randomBytes(12).toString('hex')}`;
    VALUES.set(key, value);
    await client.push(key, value, i % 2 === 0 ? { reads: 10 } : {});
    keys.push(key);
  }
  return keys;
}

async function expectReadable(client: WardenClient, keys: string[]): Promise<void> {
  for (const key of keys) expect(await client.get(key)).toBe(VALUES.get(key));
}

/** The master key file's text in every form it could leak in. */
function forbidKeyFile(path: string): void {
  const hex = readFileSync(path, 'utf8').trim();
  forbidden.push(hex, Buffer.from(hex, 'hex').toString('base64').slice(0, 40));
}

function newKeyFile(name: string, mode = 0o600): string {
  const path = join(root, name);
  const hex = randomBytes(32).toString('hex');
  writeFileSync(path, `${hex}\n`, { mode });
  forbidden.push(hex);
  return path;
}

beforeAll(() => {
  for (const name of ['WARDEN_MASTER_KEY', 'SIRR_MASTER_KEY', 'WARDEN_MASTER_KEY_FILE', 'WARDEN_DATA_DIR'])
    vi.stubEnv(name, undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
  for (const name of ['WARDEN_MASTER_KEY', 'SIRR_MASTER_KEY', 'WARDEN_MASTER_KEY_FILE', 'WARDEN_DATA_DIR'])
    vi.stubEnv(name, undefined);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  for (const s of servers) await s.close();
  rmSync(root, { recursive: true, force: true });
});

describe('warden rotate-key, with the server running', () => {
  it('rotates in batches, re-encrypts every value; the server reads them all and keeps accepting pushes', async () => {
    const { dataDir, client } = await vault('online');
    forbidKeyFile(join(dataDir, 'master.key'));
    const keys = await pushAll(client, 'ONLINE', 7);

    const before = await warden(['rotate-key', '--data-dir', dataDir, '--status', '--json']);
    expect(before.code, before.stderr).toBe(0);
    expect(JSON.parse(before.stdout)).toEqual({
      ok: true,
      activeVersion: 1,
      versions: [1],
      staleRecords: false,
    });

    const r = await warden(['rotate-key', '--data-dir', dataDir, '--batch-size', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: true,
      previousVersion: 1,
      activeVersion: 2,
      resealed: 7,
      skipped: 0,
      failed: [],
      batches: 4,
      complete: true,
    });

    await expectReadable(client, keys);
    const later = await pushAll(client, 'LATER', 2);
    await expectReadable(client, later);

    const after = await warden(['rotate-key', '--data-dir', dataDir, '--status']);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('active data key version: 2');
    expect(after.stdout).toContain('versions in the keyring: 1, 2');

    const human = await warden(['rotate-key', '--data-dir', dataDir]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^rotated the data key: version 2 -> 3\nre-encrypted \d+ values; 0 skipped/);
    await expectReadable(client, [...keys, ...later]);

    const events = await client.audit({ action: 'keyring.rotate' });
    expect(events.map((e) => e.detail)).toEqual([
      expect.stringMatching(/^v2->v3 resealed=\d+ skipped=0 failed=0 complete=true$/),
      'v1->v2 resealed=7 skipped=0 failed=0 complete=true',
    ]);
  });

  it('--resume finishes an interrupted rotation without adding a version', async () => {
    const { dataDir, client } = await vault('resume');
    const keys = await pushAll(client, 'RESUME', 5);
    // An interrupted rotation: the new version is active, nothing re-encrypted yet.
    const store = new SqliteStore({ path: join(dataDir, 'vault.db') });
    await store.init();
    const { key } = await loadMasterKey({ dataDir, env: {}, generate: false });
    await rotateDataKey(store, key, { reencrypt: false });
    key.dispose();
    await store.close();

    const stale = await warden(['rotate-key', '--data-dir', dataDir, '--status', '--json']);
    expect(JSON.parse(stale.stdout)).toMatchObject({ activeVersion: 2, staleRecords: true });

    const r = await warden(['rotate-key', '--data-dir', dataDir, '--resume']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      'data key version 2 is active\nre-encrypted 5 values; 0 skipped (changed meanwhile), 0 failed\n',
    );
    const done = await warden(['rotate-key', '--data-dir', dataDir, '--status', '--json']);
    expect(JSON.parse(done.stdout)).toEqual({
      ok: true,
      activeVersion: 2,
      versions: [1, 2],
      staleRecords: false,
    });
    await expectReadable(client, keys);
  });

  it('a record that does not open is reported and left alone: exit 2, everything else re-encrypted', async () => {
    const { dataDir, client } = await vault('tampered');
    const keys = await pushAll(client, 'TAMPER', 4);
    const store = new SqliteStore({ path: join(dataDir, 'vault.db') });
    await store.init();
    const [victim] = await store.findStaleSealed(0, 1);
    if (victim === undefined) throw new Error('no record to tamper with');
    const garbage = { ciphertext: randomBytes(48), nonce: randomBytes(12), keyVersion: 1 };
    expect(await store.resealRecord(victim.kind, victim.id, 1, garbage)).toBe(true);
    await store.close();

    const r = await warden(['rotate-key', '--data-dir', dataDir, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: false,
      code: 'reencrypt_failed',
      exitCode: 2,
      resealed: 3,
      failed: [{ kind: 'secret', id: victim.id }],
      complete: true,
    });
    expect(r.stderr).toContain(`[reencrypt_failed]: 1 record(s) do not open`);
    expect(r.stderr).toContain(`secret:${victim.id}`);

    const again = await warden(['rotate-key', '--data-dir', dataDir, '--resume']);
    expect(again.code).toBe(2);
    expect(again.stdout).toContain('re-encrypted 0 values; 0 skipped (changed meanwhile), 1 failed');
    await expectReadable(
      client,
      keys.filter((k) => k !== victim.key),
    );
  });
});

describe('warden rotate-key --new-master-key-file', () => {
  it('re-wraps the keyring; the old key is refused afterwards; a re-run writes nothing', async () => {
    const { dataDir, client } = await vault('rewrap');
    const oldKeyFile = join(dataDir, 'master.key');
    forbidKeyFile(oldKeyFile);
    const keys = await pushAll(client, 'REWRAP', 3);
    const next = newKeyFile('rewrap-new.key');

    const r = await warden(['rotate-key', '--data-dir', dataDir, '--new-master-key-file', next]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('re-wrapped data key version 1 under the new master key');
    expect(r.stdout).toContain(`install -m 600 ${next} ${oldKeyFile}`);
    expect(r.stdout).toContain('Restart every warden serve');
    // The running server holds its data keys: it keeps serving until restarted.
    await expectReadable(client, keys);

    const stale = await warden(['rotate-key', '--data-dir', dataDir]);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toContain('[master_key_mismatch]');

    const rerun = await warden([
      'rotate-key',
      '--data-dir',
      dataDir,
      '--new-master-key-file',
      next,
      '--json',
    ]);
    expect(rerun.code).toBe(0);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ ok: true, alreadyWrapped: true, versions: [1] });

    vi.stubEnv('WARDEN_MASTER_KEY_FILE', next);
    const same = await warden(['rotate-key', '--data-dir', dataDir, '--new-master-key-file', next]);
    expect(same.code).toBe(1);
    expect(same.stderr).toContain('[same_master_key]');
    const status = await warden(['rotate-key', '--data-dir', dataDir, '--status']);
    expect(status.stdout).toContain('versions in the keyring: 1');
  });

  it('takes the master key from WARDEN_MASTER_KEY as the server does; refuses a key file others can read', async () => {
    const hex = randomBytes(32).toString('hex');
    forbidden.push(hex);
    const { dataDir } = await vault('env-key', { WARDEN_MASTER_KEY: hex });

    const missing = await warden(['rotate-key', '--data-dir', dataDir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('[master_key_missing]');

    vi.stubEnv('WARDEN_MASTER_KEY', hex);
    const wide = newKeyFile('wide.key', 0o644);
    const insecure = await warden(['rotate-key', '--data-dir', dataDir, '--new-master-key-file', wide]);
    expect(insecure.code).toBe(2);
    expect(insecure.stderr).toContain('[insecure_master_key_file]');

    const r = await warden(['rotate-key', '--data-dir', dataDir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, previousVersion: 1, activeVersion: 2 });
    const rewrap = await warden([
      'rotate-key',
      '--data-dir',
      dataDir,
      '--new-master-key-file',
      newKeyFile('env-new.key'),
    ]);
    expect(rewrap.code, rewrap.stderr).toBe(0);
    expect(rewrap.stdout).toContain('set WARDEN_MASTER_KEY to the new key');
  });
});
