/**
 * Rotation online: `warden rotate-key` (the built binary, its own process)
 * re-encrypts the vault of a running `warden serve` while clients keep
 * pushing, reading and patching through it. Every value reads back right
 * through the running server, new pushes work, and after a restart
 * everything still reads.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  cleanup,
  type Run,
  randomText,
  startVault,
  tempDir,
  type VaultProcess,
  warden,
} from './vault-harness.js';

const ADMIN = randomText('e2e-admin');
const dataDir = tempDir('rotate');
/** Every value pushed, by key: what a read must return. */
const values = new Map<string, string>();
let vault: VaultProcess;

beforeAll(async () => {
  vault = await startVault({ dataDir, adminToken: ADMIN });
});
afterAll(async () => {
  await vault?.stop();
  await cleanup();
});

async function push(key: string, options: Record<string, unknown> = {}): Promise<void> {
  const value = randomText(`value-${key}`, 24);
  const r = await call(vault.url, ADMIN, 'POST', '/secrets', { key, value, ...options });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  values.set(key, value);
}

/** Reads every key pushed so far through the running server; returns the keys that did not read back right. */
async function readAll(): Promise<string[]> {
  const wrong: string[] = [];
  for (const [key, value] of values) {
    const r = await call(vault.url, ADMIN, 'GET', `/secrets/${key}`);
    if (r.status !== 200 || r.body.value !== value) wrong.push(`${key}: ${r.status} ${r.body?.code ?? ''}`);
  }
  return wrong;
}

/** `warden rotate-key` on the data dir; the master key comes from the data dir's key file, as for the server. */
async function rotateKey(...args: string[]): Promise<Run> {
  const r = await warden(['rotate-key', '--data-dir', dataDir, '--json', ...args]);
  const key = readFileSync(join(dataDir, 'master.key'), 'utf8').trim();
  for (const secret of [key, ...values.values()]) expect(r.stdout + r.stderr).not.toContain(secret);
  return r;
}

/**
 * Traffic while the rotation runs: pushes, reads and patches of one
 * `delete: false` secret, in a loop until `stop()`. Returns what went wrong.
 */
function traffic(worker: number) {
  let running = true;
  const problems: string[] = [];
  const patchKey = `PATCHED_${worker}`;
  const done = (async () => {
    await push(patchKey, { delete: false });
    for (let i = 0; running && i < 10_000; i++) {
      const key = `DURING_${worker}_${i}`;
      await push(key);
      const read = await call(vault.url, ADMIN, 'GET', `/secrets/${key}`);
      if (read.body?.value !== values.get(key)) problems.push(`read ${key}: ${read.status}`);
      const next = randomText(`patched-${worker}-${i}`, 24);
      const patched = await call(vault.url, ADMIN, 'PATCH', `/secrets/${patchKey}`, { value: next });
      if (patched.status !== 200) problems.push(`patch ${patchKey}: ${patched.status}`);
      else values.set(patchKey, next);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return problems;
    },
  };
}

describe('warden rotate-key next to a running warden serve', () => {
  it('rotates while clients push, read and patch; every value reads back through the running server', async () => {
    for (let i = 0; i < 30; i++) await push(`BEFORE_${i}`, i % 3 === 0 ? { max_reads: 10 } : {});
    const before = await rotateKey('--status');
    expect(JSON.parse(before.stdout)).toMatchObject({ activeVersion: 1, versions: [1] });

    const workers = [traffic(0), traffic(1), traffic(2)];
    const rotated = await rotateKey('--batch-size', '4');
    const problems = (await Promise.all(workers.map((w) => w.stop()))).flat();

    expect(rotated.status, rotated.stderr).toBe(0);
    const report = JSON.parse(rotated.stdout);
    expect(report).toMatchObject({
      ok: true,
      previousVersion: 1,
      activeVersion: 2,
      failed: [],
      complete: true,
    });
    expect(report.resealed).toBeGreaterThanOrEqual(30);
    expect(problems).toEqual([]);
    // The traffic did overlap the rotation: values were pushed while it ran.
    expect([...values.keys()].filter((k) => k.startsWith('DURING_')).length).toBeGreaterThan(3);
    expect(await readAll()).toEqual([]);
  });

  it('new pushes work; --resume leaves no value under the old version', async () => {
    for (let i = 0; i < 5; i++) await push(`AFTER_${i}`);
    expect(await readAll()).toEqual([]);
    // Pushes that raced the end of the rotation may still be under version 1 until the server reloads its keyring.
    const resumed = await rotateKey('--resume');
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({
      ok: true,
      activeVersion: 2,
      failed: [],
      complete: true,
    });
    const status = await rotateKey('--status');
    expect(JSON.parse(status.stdout)).toEqual({
      ok: true,
      activeVersion: 2,
      versions: [1, 2],
      staleRecords: false,
    });
  });

  it('after a restart every value still reads, and a second rotation works too', async () => {
    expect((await vault.stop('SIGTERM')).code).toBe(0);
    vault = await startVault({ dataDir, adminToken: ADMIN });
    expect(await readAll()).toEqual([]);
    await push('AFTER_RESTART');
    const again = await rotateKey();
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: true, previousVersion: 2, activeVersion: 3 });
    expect(await readAll()).toEqual([]);
  });

  it('--new-master-key-file re-wraps online; the server restarts only with the new key installed', async () => {
    const keyFile = join(dataDir, 'master.key');
    const next = join(tempDir('rotate-new-key'), 'new-master.key');
    const nextHex = randomBytes(32).toString('hex');
    writeFileSync(next, `${nextHex}\n`, { mode: 0o600 });

    const rewrapped = await rotateKey('--new-master-key-file', next);
    expect(rewrapped.status, rewrapped.stderr).toBe(0);
    expect(rewrapped.stdout).not.toContain(nextHex);
    const doc = JSON.parse(rewrapped.stdout);
    expect(doc).toMatchObject({ ok: true, alreadyWrapped: false, versions: [1, 2, 3] });
    expect(doc.next.join('\n')).toContain(`install -m 600 ${next} ${keyFile}`);
    // The running server holds its data keys: it serves on until restarted.
    expect(await readAll()).toEqual([]);

    expect((await vault.stop('SIGTERM')).code).toBe(0);
    await expect(startVault({ dataDir, adminToken: ADMIN })).rejects.toThrow(/master_key_mismatch/);
    copyFileSync(next, keyFile);
    vault = await startVault({ dataDir, adminToken: ADMIN });
    expect(await readAll()).toEqual([]);
  });
});
