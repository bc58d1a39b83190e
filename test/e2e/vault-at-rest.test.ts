/**
 * No plaintext at rest: known random values go through the built
 * `warden serve` (live, partly read, burned, sealed, patched, deleted, in an
 * org), the server stops (SIGTERM, and once SIGKILL, which skips the final
 * checkpoint and usually leaves the WAL behind), and every byte of every file under the data dir is searched for
 * each value as UTF-8, base64, base64url and hex. Tokens and webhook signing
 * secrets are searched for too, and the server's own output.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { call, cleanup, randomText, startVault, tempDir, type VaultProcess } from './vault-harness.js';

const ADMIN = randomText('e2e-admin');
const dataDir = tempDir('at-rest');
/** Every secret text that must never be found: label -> text. */
const needles = new Map<string, string>([['admin token', ADMIN]]);
const outputs: string[] = [];
let vault: VaultProcess | undefined;

afterAll(async () => {
  await vault?.stop();
  await cleanup();
});

/** A random value of about `size` characters; some carry non-ASCII text so UTF-8 differs from Latin-1. */
function value(label: string, size = 40, unicode = false): string {
  const text = `${label}-${unicode ? 'pässwörd-秘密-' : ''}${randomBytes(Math.ceil(size * 0.75)).toString('base64url')}`;
  needles.set(label, text);
  return text;
}

/** The forms a value could be stored in; for long values also prefixes, which catch a partial copy. */
function forms(text: string): Buffer[] {
  const utf8 = Buffer.from(text, 'utf8');
  const encoded = [utf8.toString('base64'), utf8.toString('base64url'), utf8.toString('hex')];
  const out = [utf8, ...encoded.map((e) => Buffer.from(e))];
  if (utf8.length > 64) out.push(utf8.subarray(0, 32), ...encoded.map((e) => Buffer.from(e.slice(0, 40))));
  return out;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Searches every file under the data dir; returns what was found where (empty when clean). */
function scan(): { files: string[]; found: string[]; bytes: Buffer } {
  const files = filesUnder(dataDir);
  const found: string[] = [];
  const all: Buffer[] = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    all.push(bytes);
    for (const [label, text] of needles) {
      if (forms(text).some((f) => bytes.includes(f))) found.push(`${label} in ${file}`);
    }
  }
  return { files, found, bytes: Buffer.concat(all) };
}

async function api(method: string, path: string, body?: unknown, token = ADMIN) {
  if (vault === undefined) throw new Error('no server');
  return call(vault.url, token, method, path, body);
}

async function push(key: string, text: string, options: Record<string, unknown> = {}) {
  expect((await api('POST', '/secrets', { key, value: text, ...options })).status).toBe(201);
}

async function read(key: string) {
  return (await api('GET', `/secrets/${key}`)).status;
}

describe('no plaintext at rest', () => {
  it('after a graceful stop: no value, token or webhook secret in any file under the data dir', async () => {
    vault = await startVault({
      dataDir,
      adminToken: ADMIN,
      // A webhook to a closed loopback port, for an event that never happens: its secret is stored, nothing is sent.
      args: ['--webhook-allow-private-targets'],
    });
    for (let i = 0; i < 4; i++) await push(`LIVE_${i}`, value(`live-${i}`, 40, i === 1), { max_reads: 5 });
    await push('LIVE_LONG', value('live-long', 64 * 1024), { max_reads: 5 });
    for (const key of ['LIVE_0', 'LIVE_1', 'LIVE_LONG']) expect(await read(key)).toBe(200);
    for (let i = 0; i < 3; i++) {
      await push(`BURNED_${i}`, value(`burned-${i}`, 40, i === 0), { max_reads: 1 });
      expect(await read(`BURNED_${i}`)).toBe(200);
    }
    for (let i = 0; i < 3; i++) {
      await push(`DELETED_${i}`, value(`deleted-${i}`));
      expect((await api('DELETE', `/secrets/DELETED_${i}`)).status).toBe(200);
    }
    await push('SEALED', value('sealed'), { max_reads: 1, delete: false });
    expect(await read('SEALED')).toBe(200);
    await push('PATCHED', value('patched-old'), { delete: false });
    expect((await api('PATCH', '/secrets/PATCHED', { value: value('patched-new') })).status).toBe(200);

    const org = (await api('POST', '/orgs', { name: 'at-rest' })).body.id as string;
    const principal = await api('POST', `/orgs/${org}/principals`, { name: 'agent', role: 'writer' });
    const key = await api('POST', `/orgs/${org}/principals/${principal.body.id}/keys`, { name: 'k' });
    expect(key.status).toBe(201);
    needles.set('principal key', key.body.key);
    const orgPush = await api(
      'POST',
      `/orgs/${org}/secrets`,
      { key: 'ORG', value: value('org') },
      key.body.key,
    );
    expect(orgPush.status).toBe(201);
    const hook = await api('POST', `/orgs/${org}/webhooks`, {
      url: 'http://127.0.0.1:9/never',
      events: ['role.delete'],
    });
    expect(hook.status).toBe(201);
    needles.set('webhook secret', hook.body.secret);

    const exit = await vault.stop('SIGTERM');
    expect(exit.code).toBe(0);
    outputs.push(vault.output());
    vault = undefined;

    const { files, found, bytes } = scan();
    expect(files.map((f) => f.slice(dataDir.length + 1))).toEqual(expect.arrayContaining(['vault.db']));
    // Positive control: key names are stored in clear, so the scan does read the data.
    expect(bytes.includes(Buffer.from('LIVE_LONG'))).toBe(true);
    expect(found).toEqual([]);
  });

  it('after SIGKILL (no close, no checkpoint), with trace logs: still nothing, in files or in the output', async () => {
    // Trace: the most verbose log level, so that the output check below means something.
    vault = await startVault({ dataDir, adminToken: ADMIN, logLevel: 'trace' });
    for (let i = 0; i < 2; i++) await push(`LATE_${i}`, value(`late-${i}`, 40, i === 1), { max_reads: 3 });
    await push('LATE_HUGE', value('late-huge', 512 * 1024), { max_reads: 1 });
    expect(await read('LATE_HUGE')).toBe(200);
    await push('LATE_BURN', value('late-burn'), { max_reads: 1 });
    expect(await read('LATE_BURN')).toBe(200);
    await push('LATE_DELETED', value('late-deleted'));
    expect((await api('DELETE', '/secrets/LATE_DELETED')).status).toBe(200);
    expect(await read('LATE_0')).toBe(200);

    const exit = await vault.stop('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    outputs.push(vault.output());
    vault = undefined;

    const { found } = scan();
    expect(needles.size).toBeGreaterThanOrEqual(20);
    expect(found).toEqual([]);
    const output = outputs.join('\n');
    expect(output).toContain('listening on');
    for (const [label, text] of needles) {
      const leaked = forms(text).some((f) => output.includes(f.toString()));
      expect(leaked, `${label} in the server output`).toBe(false);
    }
  });
});
