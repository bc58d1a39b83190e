import { isWardenError } from '@warden/core';
import { describe, expect, it } from 'vitest';
import { MasterKey, openSealer, type SealContext } from '../src/seal/index.js';
import { wrapDataKey } from '../src/seal/key-wrap.js';
import { openKeyring } from '../src/seal/keyring.js';
import { MemoryKeyringStore, recordId } from './seal-memory-store.js';

// Against MemoryKeyringStore (keyring subset of VaultStore, in-test); seal-sqlite.test.ts covers SqliteStore.

const context = (): SealContext => ({ kind: 'secret', orgId: null, key: 'K', recordId: recordId() });
const text = (s: string) => new TextEncoder().encode(s);

describe('keyring', () => {
  it('is created once (version 1) when many processes start at the same time', async () => {
    const store = new MemoryKeyringStore();
    const master = MasterKey.generate();
    const sealers = await Promise.all(Array.from({ length: 8 }, () => openSealer(store, master)));
    expect(store.keyring?.activeVersion).toBe(1);
    expect(Object.keys(store.keyring?.keys ?? {})).toEqual(['1']);
    // They all hold the same data key: what one seals, every other opens.
    const c = context();
    const sealed = sealers[0]?.seal(text('shared'), c);
    for (const s of sealers) expect(Buffer.from(await s.open(sealed as never, c)).toString()).toBe('shared');
  });

  it('stores data keys only wrapped (61 bytes each), never the master key', async () => {
    const store = new MemoryKeyringStore();
    const master = MasterKey.generate();
    const keyring = await openKeyring(store, master);
    const wrapped = store.keyring?.keys[1] as Uint8Array;
    expect(wrapped).toHaveLength(61);
    expect(wrapped[0]).toBe(1);
    const dataKey = keyring.dataKey(1) as Buffer;
    expect(Buffer.from(wrapped).includes(dataKey)).toBe(false);
    keyring.dispose();
    expect(dataKey.every((b) => b === 0)).toBe(true);
  });

  it('refuses a master key that does not open it: master_key_mismatch', async () => {
    const store = new MemoryKeyringStore();
    await openKeyring(store, MasterKey.generate());
    await expect(openSealer(store, MasterKey.generate())).rejects.toSatisfy((err) =>
      isWardenError(err, 'master_key_mismatch'),
    );
  });

  it('binds each wrapped key to its version: swapping versions fails', async () => {
    const store = new MemoryKeyringStore();
    const master = MasterKey.generate();
    const k1 = Buffer.alloc(32, 1);
    const k2 = Buffer.alloc(32, 2);
    store.keyring = {
      activeVersion: 2,
      keys: { 1: wrapDataKey(master, 2, k1), 2: wrapDataKey(master, 1, k2) },
    };
    await expect(openKeyring(store, master)).rejects.toSatisfy((err) =>
      isWardenError(err, 'master_key_mismatch'),
    );
  });

  it('refuses a malformed stored keyring: keyring_corrupt', async () => {
    const master = MasterKey.generate();
    const wrapped = wrapDataKey(master, 1, Buffer.alloc(32, 7));
    const bad = [
      { activeVersion: 2, keys: { 1: wrapped } },
      { activeVersion: 0, keys: { 0: wrapped } },
      { activeVersion: 1, keys: { 1: 'x' as unknown as Uint8Array } },
      { activeVersion: 1, keys: { 1: wrapped, '01': wrapped } as Record<number, Uint8Array> },
    ];
    for (const keyring of bad) {
      const store = new MemoryKeyringStore();
      store.keyring = keyring;
      await expect(openKeyring(store, master)).rejects.toSatisfy((err) =>
        isWardenError(err, 'keyring_corrupt'),
      );
    }
  });

  it('refuses to open without a keyring when asked not to create one', async () => {
    await expect(
      openKeyring(new MemoryKeyringStore(), MasterKey.generate(), { create: false }),
    ).rejects.toSatisfy((err) => isWardenError(err, 'keyring_missing'));
  });
});
