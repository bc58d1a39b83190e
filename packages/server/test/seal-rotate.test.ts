import { isWardenError } from '@warden/core';
import { describe, expect, it } from 'vitest';
import {
  type KeyringSealer,
  keyringStatus,
  MasterKey,
  openSealer,
  reencryptStale,
  rewrapMasterKey,
  rotateDataKey,
  type SealContext,
} from '../src/seal/index.js';
import { MemoryKeyringStore, type MemoryRecord, recordId } from './seal-memory-store.js';

// These run against MemoryKeyringStore, an in-test implementation of only the
// keyring/re-encryption subset of VaultStore (loadKeyring, saveKeyring,
// findStaleSealed, resealRecord); seal-sqlite.test.ts runs the rotation against
// the real SqliteStore.

const ORG = 'c'.repeat(32);
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const contextOf = (r: MemoryRecord): SealContext => ({
  kind: r.kind,
  orgId: r.orgId,
  key: r.key,
  recordId: r.id,
});

interface Fixture {
  store: MemoryKeyringStore;
  master: MasterKey;
  sealer: KeyringSealer;
  /** id -> plaintext */
  values: Map<string, string>;
  /** The sealed values as first written (under version 1). */
  originals: MemoryRecord[];
}

async function fixture(count = 25): Promise<Fixture> {
  const store = new MemoryKeyringStore();
  const master = MasterKey.generate();
  const sealer = await openSealer(store, master);
  const values = new Map<string, string>();
  const originals: MemoryRecord[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 5 === 4 ? 'webhook' : 'secret';
    const base = {
      kind,
      id: recordId(),
      orgId: i % 2 === 0 ? null : ORG,
      key: kind === 'webhook' ? '' : `KEY_${i}`,
    } as const;
    const value = `value-${i}-${recordId()}`;
    const record: MemoryRecord = { ...base, sealed: sealer.seal(enc(value), { ...base, recordId: base.id }) };
    store.put(record);
    originals.push(record);
    values.set(record.id, value);
  }
  return { store, master, sealer, values, originals };
}

/** Every stored value opens to what was written, through `sealer`. */
async function expectAllOpen(f: Fixture, sealer: KeyringSealer): Promise<void> {
  for (const record of f.store.records.values()) {
    expect(dec(await sealer.open(record.sealed, contextOf(record)))).toBe(f.values.get(record.id));
  }
}

const versionsInStore = (store: MemoryKeyringStore) =>
  [...new Set([...store.records.values()].map((r) => r.sealed.keyVersion))].sort();

describe('rotateDataKey', () => {
  it('adds version 2, re-encrypts every secret and webhook, and old values still open', async () => {
    const f = await fixture();
    const report = await rotateDataKey(f.store, f.master, { batchSize: 7 });
    expect(report).toMatchObject({
      previousVersion: 1,
      activeVersion: 2,
      resealed: 25,
      skipped: 0,
      failed: [],
      complete: true,
    });
    expect(report.batches).toBe(4);
    expect(versionsInStore(f.store)).toEqual([2]);
    for (const original of f.originals) {
      const now = f.store.get(original.kind, original.id);
      expect(Buffer.from(now?.sealed.ciphertext ?? []).equals(original.sealed.ciphertext)).toBe(false);
    }
    // A process that still has only version 1 reloads once and opens everything, then seals under 2.
    expect(f.sealer.activeVersion).toBe(1);
    await expectAllOpen(f, f.sealer);
    expect(f.sealer.activeVersion).toBe(2);
    // Values sealed under version 1 (a backup, a row not yet re-encrypted) still open: old keys are kept.
    for (const original of f.originals) {
      expect(dec(await f.sealer.open(original.sealed, contextOf(original)))).toBe(f.values.get(original.id));
    }
    // A new process opens them too.
    await expectAllOpen(f, await openSealer(f.store, f.master));
    expect(await keyringStatus(f.store)).toEqual({ activeVersion: 2, versions: [1, 2], staleRecords: false });

    const again = await rotateDataKey(f.store, f.master);
    expect(again).toMatchObject({ previousVersion: 2, activeVersion: 3, resealed: 25, complete: true });
    expect(versionsInStore(f.store)).toEqual([3]);
    await expectAllOpen(f, f.sealer);
  });

  it('creates the keyring when there is none yet, and rotates an empty vault', async () => {
    const store = new MemoryKeyringStore();
    const report = await rotateDataKey(store, MasterKey.generate());
    expect(report).toMatchObject({ previousVersion: 1, activeVersion: 2, resealed: 0, complete: true });
  });

  it('stopped after one batch, leaves every value openable; a resumed run finishes the job', async () => {
    const f = await fixture();
    const partial = await rotateDataKey(f.store, f.master, { batchSize: 4, maxBatches: 1 });
    expect(partial).toMatchObject({ activeVersion: 2, resealed: 4, batches: 1, complete: false });
    expect(versionsInStore(f.store)).toEqual([1, 2]);
    expect((await keyringStatus(f.store))?.staleRecords).toBe(true);
    await expectAllOpen(f, f.sealer);
    await expectAllOpen(f, await openSealer(f.store, f.master));

    const resumed = await reencryptStale(f.store, f.master, { batchSize: 4 });
    expect(resumed).toMatchObject({ activeVersion: 2, resealed: 21, failed: [], complete: true });
    expect(versionsInStore(f.store)).toEqual([2]);
    await expectAllOpen(f, f.sealer);
    // Nothing left: a second resume does nothing.
    expect(await reencryptStale(f.store, f.master)).toMatchObject({
      resealed: 0,
      batches: 0,
      complete: true,
    });
  });

  it('survives a crash mid-batch (the store dies after some writes): nothing lost, a re-run completes', async () => {
    const f = await fixture();
    const reseal = f.store.resealRecord.bind(f.store);
    let writes = 0;
    f.store.resealRecord = async (...args) => {
      if (++writes > 9) throw new Error('simulated crash');
      return reseal(...args);
    };
    await expect(rotateDataKey(f.store, f.master, { batchSize: 6 })).rejects.toThrow('simulated crash');
    f.store.resealRecord = reseal;
    expect(versionsInStore(f.store)).toEqual([1, 2]);
    await expectAllOpen(f, await openSealer(f.store, f.master));
    expect(await reencryptStale(f.store, f.master)).toMatchObject({ resealed: 16, complete: true });
    await expectAllOpen(f, f.sealer);
  });

  it('stops between batches when aborted', async () => {
    const f = await fixture();
    const controller = new AbortController();
    const report = await rotateDataKey(f.store, f.master, {
      batchSize: 5,
      signal: controller.signal,
      onBatch: () => controller.abort(),
    });
    expect(report).toMatchObject({ resealed: 5, batches: 1, complete: false });
  });

  it('never overwrites a value patched during the rotation, even by a process still sealing under the old version', async () => {
    const f = await fixture(10);
    const stale = f.sealer; // still on version 1 while the rotation runs
    const target = f.originals[3] as MemoryRecord;
    const gone = f.originals[6] as MemoryRecord;
    let done = false;
    f.store.afterFind = () => {
      if (done) return;
      done = true;
      // Between the rotation's read and its write: a PATCH (new value, old version) and a DELETE.
      const patched = stale.seal(enc('patched value'), contextOf(target));
      f.store.put({ ...target, sealed: patched });
      f.values.set(target.id, 'patched value');
      f.store.records.delete(`${gone.kind}:${gone.id}`);
      f.values.delete(gone.id);
    };
    const report = await rotateDataKey(f.store, f.master, { batchSize: 100 });
    expect(report).toMatchObject({ resealed: 9, skipped: 2, complete: true });
    expect(versionsInStore(f.store)).toEqual([2]);
    const now = f.store.get(target.kind, target.id) as MemoryRecord;
    expect(dec(await f.sealer.open(now.sealed, contextOf(now)))).toBe('patched value');
    expect(f.store.get(gone.kind, gone.id)).toBeUndefined();
    await expectAllOpen(f, f.sealer);
  });

  it('reports records that do not open and leaves them alone, without looping', async () => {
    const f = await fixture(10);
    const broken = f.originals[2] as MemoryRecord;
    const ciphertext = Uint8Array.from(broken.sealed.ciphertext);
    ciphertext[0] = (ciphertext[0] ?? 0) ^ 1;
    f.store.put({ ...broken, sealed: { ...broken.sealed, ciphertext } });
    const unknownVersion = f.originals[5] as MemoryRecord;
    f.store.put({ ...unknownVersion, sealed: { ...unknownVersion.sealed, keyVersion: 9 } });
    const report = await rotateDataKey(f.store, f.master, { batchSize: 1 });
    expect(report.complete).toBe(true);
    expect(report.resealed).toBe(8);
    expect(report.failed.map((r) => r.id).sort()).toEqual([broken.id, unknownVersion.id].sort());
    expect(f.store.get(broken.kind, broken.id)?.sealed.keyVersion).toBe(1);
  });

  it('two rotations at once both land (CAS), and every value ends under the newest version', async () => {
    const f = await fixture();
    const [a, b] = await Promise.all([
      rotateDataKey(f.store, f.master, { batchSize: 3 }),
      rotateDataKey(f.store, f.master, { batchSize: 3 }),
    ]);
    expect(new Set([a.activeVersion, b.activeVersion]).has(3)).toBe(true);
    expect(f.store.keyring?.activeVersion).toBe(3);
    // Whichever finished first may have left work to the other; a resume run leaves none.
    await reencryptStale(f.store, f.master);
    expect(versionsInStore(f.store)).toEqual([3]);
    await expectAllOpen(f, f.sealer);
  });

  it('a running sealer adopts the new active version on reload()', async () => {
    const f = await fixture(1);
    await rotateDataKey(f.store, f.master, { reencrypt: false });
    expect(f.sealer.activeVersion).toBe(1);
    await f.sealer.reload();
    expect(f.sealer.activeVersion).toBe(2);
    const context: SealContext = { kind: 'secret', orgId: null, key: 'K', recordId: recordId() };
    expect(f.sealer.seal(enc('x'), context).keyVersion).toBe(2);
  });

  it('refuses a master key that does not open the keyring', async () => {
    const f = await fixture(2);
    await expect(rotateDataKey(f.store, MasterKey.generate())).rejects.toSatisfy((err) =>
      isWardenError(err, 'master_key_mismatch'),
    );
    expect(f.store.keyring?.activeVersion).toBe(1);
  });
});

describe('rewrapMasterKey', () => {
  it('re-wraps every data key under the new master key in one save; values are untouched', async () => {
    const f = await fixture();
    await rotateDataKey(f.store, f.master, { maxBatches: 1, batchSize: 10 }); // versions 1 and 2 both in use
    // Servers take a new version in when they meet it or on their periodic reload(); one that has not
    // yet seen version 2 when the master key is re-wrapped can no longer unwrap it (see the next test).
    await f.sealer.reload();
    const before = new Map([...f.store.records].map(([k, r]) => [k, Buffer.from(r.sealed.ciphertext)]));
    const newMaster = MasterKey.generate();
    const report = await rewrapMasterKey(f.store, f.master, newMaster);
    expect(report).toEqual({ activeVersion: 2, versions: [1, 2], alreadyWrapped: false });
    for (const [k, r] of f.store.records)
      expect(Buffer.from(r.sealed.ciphertext).equals(before.get(k) as Buffer)).toBe(true);

    // A process starting with the old key is refused; one with the new key opens everything.
    await expect(openSealer(f.store, f.master)).rejects.toSatisfy((err) =>
      isWardenError(err, 'master_key_mismatch'),
    );
    await expectAllOpen(f, await openSealer(f.store, newMaster));
    // A process that started before the re-wrap keeps working (its data keys are in memory).
    await expectAllOpen(f, f.sealer);

    // Re-running is harmless; a wrong old key is refused.
    expect(await rewrapMasterKey(f.store, f.master, newMaster)).toMatchObject({ alreadyWrapped: true });
    await expect(rewrapMasterKey(f.store, MasterKey.generate(), MasterKey.generate())).rejects.toSatisfy(
      (err) => isWardenError(err, 'master_key_mismatch'),
    );

    // Then the data key rotation runs under the new master key.
    const rotated = await rotateDataKey(f.store, newMaster);
    expect(rotated).toMatchObject({ activeVersion: 3, complete: true });
    await expectAllOpen(f, await openSealer(f.store, newMaster));
  });

  it('an old-master process cannot unwrap a version it had not loaded before the re-wrap', async () => {
    // Hence the procedure: re-wrap, restart every process with the new key, and only then rotate the data key.
    const f = await fixture(3);
    const newMaster = MasterKey.generate();
    await rewrapMasterKey(f.store, f.master, newMaster);
    await rotateDataKey(f.store, newMaster);
    const record = [...f.store.records.values()][0] as MemoryRecord;
    await expect(f.sealer.open(record.sealed, contextOf(record))).rejects.toSatisfy((err) =>
      isWardenError(err, 'seal_open_failed'),
    );
    // Restarted with the new key, it opens everything.
    await expectAllOpen(f, await openSealer(f.store, newMaster));
  });

  it('needs a keyring', async () => {
    await expect(
      rewrapMasterKey(new MemoryKeyringStore(), MasterKey.generate(), MasterKey.generate()),
    ).rejects.toSatisfy((err) => isWardenError(err, 'keyring_missing'));
  });
});
