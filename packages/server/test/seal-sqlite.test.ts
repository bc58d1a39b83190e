import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type KeyringSealer,
  keyringStatus,
  MASTER_KEY_FILE_NAME,
  MasterKey,
  openEncryption,
  openSealer,
  readMasterKeyFile,
  reencryptStale,
  rewrapMasterKey,
  rotateDataKey,
  type SealContext,
} from '../src/seal/index.js';
import { openKeyring } from '../src/seal/keyring.js';
import { SqliteStore } from '../src/store/sqlite.js';
import type { AuditContext, OrgScope, SecretRecord, Webhook } from '../src/store/types.js';
import { allow, newId as id, NOW, secret } from './conformance/fixtures.js';

// The seal module against the real SqliteStore: two SqliteStore instances on
// one file stand for two processes (a server and `warden rotate-key`).

const ORG = 'd4'.repeat(16);
const audit = (orgId: OrgScope): AuditContext => ({ orgId, principalId: null, sourceIp: '127.0.0.1' });
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => Buffer.from(b).toString('utf8');

interface Written {
  kind: 'secret' | 'webhook';
  id: string;
  orgId: OrgScope;
  key: string;
  value: string;
}

let dir: string;
let stores: SqliteStore[];

async function openStore(): Promise<SqliteStore> {
  const store = new SqliteStore({ path: join(dir, 'vault.db') });
  await store.init();
  stores.push(store);
  return store;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warden-seal-sqlite-'));
  stores = [];
});
afterEach(async () => {
  for (const store of stores) await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function writeValues(store: SqliteStore, sealer: KeyringSealer, secrets: number, webhooks: number) {
  const written: Written[] = [];
  for (let i = 0; i < secrets; i++) {
    const orgId = i % 2 === 0 ? null : ORG;
    const key = `SECRET_${i}`;
    const value = `plaintext-secret-${i}-${id()}`;
    const recordId = id();
    const record = secret({
      id: recordId,
      orgId,
      key,
      ...sealer.seal(enc(value), { kind: 'secret', orgId, key, recordId }),
    });
    expect(await store.createSecret(record, () => false, audit(orgId))).toEqual({ status: 'created' });
    written.push({ kind: 'secret', id: recordId, orgId, key, value });
  }
  for (let i = 0; i < webhooks; i++) {
    const hookId = id();
    const value = `whsec_plaintext_${i}_${id()}`;
    const webhook: Webhook = {
      id: hookId,
      orgId: ORG,
      url: `https://hooks.example/${i}`,
      events: ['*'],
      secret: sealer.seal(enc(value), { kind: 'webhook', orgId: ORG, key: '', recordId: hookId }),
      createdAt: NOW,
    };
    expect(await store.createWebhook(webhook, 100)).toBe('created');
    written.push({ kind: 'webhook', id: hookId, orgId: ORG, key: '', value });
  }
  return written;
}

/** A server process: encryption opened from the data dir, then `secrets` and `webhooks` sealed values written. */
async function startServer(secrets: number, webhooks: number) {
  const server = await openStore();
  const { sealer } = await openEncryption({ store: server, dataDir: dir, env: {} });
  return { server, sealer, written: await writeValues(server, sealer, secrets, webhooks) };
}

/** The master key as `warden rotate-key` reads it: from the data dir's key file. */
const dataDirMasterKey = () => readMasterKeyFile(join(dir, MASTER_KEY_FILE_NAME));

/** Reads every value back through `store` (secrets are unlimited-read) and opens it with `sealer`. */
async function expectAllOpen(
  store: SqliteStore,
  sealer: KeyringSealer,
  written: Written[],
  version?: number,
) {
  const hooks = await store.listWebhooks(ORG);
  for (const w of written) {
    const context: SealContext = { kind: w.kind, orgId: w.orgId, key: w.key, recordId: w.id };
    let sealed: SecretRecord | Webhook['secret'];
    if (w.kind === 'secret') {
      const read = await store.readSecret(w.orgId, w.key, NOW, allow, audit(w.orgId));
      if (read.status !== 'ok') throw new Error(`expected ${w.key} to be readable, got ${read.status}`);
      sealed = read.record;
    } else {
      const hook = hooks.find((h) => h.id === w.id);
      if (hook === undefined) throw new Error('webhook missing');
      sealed = hook.secret;
    }
    if (version !== undefined) expect(sealed.keyVersion).toBe(version);
    expect(dec(await sealer.open(sealed, context))).toBe(w.value);
  }
}

describe('seal with SqliteStore', () => {
  it('first start: one keyring for two processes starting at once', async () => {
    const [a, b] = [await openStore(), await openStore()];
    const master = MasterKey.generate();
    const [sa, sb] = await Promise.all([openSealer(a, master), openSealer(b, master)]);
    expect(Object.keys((await a.loadKeyring())?.keys ?? {})).toEqual(['1']);
    const context: SealContext = { kind: 'secret', orgId: null, key: 'K', recordId: id() };
    expect(dec(await sb.open(sa.seal(enc('shared'), context), context))).toBe('shared');
  });

  it('rotation: interrupted after one batch, resumed by another process, while a server keeps serving', async () => {
    const { server, sealer, written } = await startServer(30, 4);

    // `warden rotate-key` in another process, with the key file of the data dir.
    const cli = await openStore();
    const master = await dataDirMasterKey();
    const partial = await rotateDataKey(cli, master, { batchSize: 8, maxBatches: 1 });
    expect(partial).toMatchObject({ previousVersion: 1, activeVersion: 2, resealed: 8, complete: false });
    expect((await keyringStatus(cli))?.staleRecords).toBe(true);
    // Half-way, the running server (still on version 1) reads everything; a fresh process too.
    await expectAllOpen(server, sealer, written);
    expect(sealer.activeVersion).toBe(2);
    await expectAllOpen(server, await openSealer(server, master), written);

    const resumed = await reencryptStale(cli, master, { batchSize: 8 });
    expect(resumed).toMatchObject({ activeVersion: 2, resealed: 26, failed: [], complete: true });
    expect(await keyringStatus(cli)).toEqual({ activeVersion: 2, versions: [1, 2], staleRecords: false });
    await expectAllOpen(server, sealer, written, 2);

    const again = await rotateDataKey(cli, master);
    expect(again).toMatchObject({ previousVersion: 2, activeVersion: 3, resealed: 34, complete: true });
    await expectAllOpen(server, sealer, written, 3);
  });

  it('rewrap under a new master key; a server started before keeps serving, new starts need the new key', async () => {
    const { server, sealer, written } = await startServer(6, 1);
    const cli = await openStore();
    const oldMaster = await dataDirMasterKey();
    const newMaster = MasterKey.generate();
    expect(await rewrapMasterKey(cli, oldMaster, newMaster)).toEqual({
      activeVersion: 1,
      versions: [1],
      alreadyWrapped: false,
    });
    await expectAllOpen(server, sealer, written);
    await expect(openEncryption({ store: server, dataDir: dir, env: {} })).rejects.toMatchObject({
      code: 'master_key_mismatch',
    });
    const restarted = await openSealer(server, newMaster);
    await expectAllOpen(server, restarted, written);
    expect(await rotateDataKey(cli, newMaster)).toMatchObject({ activeVersion: 2, complete: true });
    await expectAllOpen(server, restarted, written, 2);
  });

  it('no plaintext, data key or master key in any file of the data dir but master.key', async () => {
    const { server, written } = await startServer(20, 2);
    const master = await dataDirMasterKey();
    await rotateDataKey(server, master, { batchSize: 5 });
    const keyring = await openKeyring(server, master, { create: false });
    const needles = [
      ...written.map((w) => Buffer.from(w.value)),
      ...keyring.versions.map((v) => Buffer.from(keyring.dataKey(v) as Buffer)),
    ];
    const masterText = (await readFile(join(dir, MASTER_KEY_FILE_NAME))).subarray(0, 64);
    needles.push(masterText, Buffer.from(masterText.toString(), 'hex'));
    keyring.dispose();
    for (const store of stores) await store.close();
    stores = [];
    const files = (await readdir(dir)).filter((f) => f !== MASTER_KEY_FILE_NAME);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const content = await readFile(join(dir, file));
      for (const needle of needles) expect(content.includes(needle), `${file} holds a secret`).toBe(false);
    }
  });
});
