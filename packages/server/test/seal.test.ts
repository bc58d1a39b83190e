import { isWardenError } from '@warden/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MasterKey, openSealer, type SealContext, sealAad } from '../src/seal/index.js';
import type { SealedValue } from '../src/store/types.js';
import { MemoryKeyringStore, recordId } from './seal-memory-store.js';

// These tests run against MemoryKeyringStore, an in-test implementation of only
// the keyring/re-encryption subset of VaultStore; seal-sqlite.test.ts repeats
// the store-facing ones against the real SqliteStore.

const ORG = 'a'.repeat(32);
const text = (s: string) => new TextEncoder().encode(s);

async function newSealer() {
  const store = new MemoryKeyringStore();
  const master = MasterKey.generate();
  const sealer = await openSealer(store, master);
  return { store, master, sealer };
}

async function expectOpenFailed(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toSatisfy((err) => isWardenError(err, 'seal_open_failed'));
}

function flip(bytes: Uint8Array, index: number, bit = 0): Uint8Array {
  const out = Uint8Array.from(bytes);
  out[index] = (out[index] ?? 0) ^ (1 << bit);
  return out;
}

describe('KeyringSealer', () => {
  it('round-trips values of any size, for every kind of context', async () => {
    const { sealer } = await newSealer();
    expect(sealer.activeVersion).toBe(1);
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2048 }),
        fc.constantFrom<'secret' | 'webhook'>('secret', 'webhook'),
        fc.option(fc.constant(ORG)),
        fc.string(),
        async (value, kind, orgId, key) => {
          const context: SealContext = { kind, orgId, key, recordId: recordId() };
          const sealed = sealer.seal(value, context);
          expect(sealed.nonce).toHaveLength(12);
          expect(sealed.ciphertext).toHaveLength(value.length + 16);
          expect(sealed.keyVersion).toBe(1);
          expect(Buffer.from(await sealer.open(sealed, context))).toEqual(Buffer.from(value));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('fails with seal_open_failed when any bit of the ciphertext, tag or nonce flips', async () => {
    const { sealer } = await newSealer();
    const context: SealContext = { kind: 'secret', orgId: ORG, key: 'OPENAI_KEY', recordId: recordId() };
    const sealed = sealer.seal(text('sk-live-0123456789'), context);
    // Every byte of ciphertext ‖ tag and of the nonce, each bit position once.
    for (let i = 0; i < sealed.ciphertext.length; i++) {
      await expectOpenFailed(
        sealer.open({ ...sealed, ciphertext: flip(sealed.ciphertext, i, i % 8) }, context),
      );
    }
    for (let i = 0; i < sealed.nonce.length; i++) {
      await expectOpenFailed(sealer.open({ ...sealed, nonce: flip(sealed.nonce, i, i % 8) }, context));
    }
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(7), fc.boolean(), async (at, bit, inNonce) => {
        const field = inNonce ? 'nonce' : 'ciphertext';
        const bytes = sealed[field];
        await expectOpenFailed(
          sealer.open({ ...sealed, [field]: flip(bytes, at % bytes.length, bit) }, context),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('fails when truncated, extended, or the tag is cut', async () => {
    const { sealer } = await newSealer();
    const context: SealContext = { kind: 'secret', orgId: null, key: 'K', recordId: recordId() };
    const sealed = sealer.seal(text('value'), context);
    const variants: SealedValue[] = [
      { ...sealed, ciphertext: sealed.ciphertext.subarray(0, sealed.ciphertext.length - 1) },
      { ...sealed, ciphertext: sealed.ciphertext.subarray(0, 15) },
      { ...sealed, ciphertext: new Uint8Array(0) },
      { ...sealed, ciphertext: Buffer.concat([sealed.ciphertext, Buffer.from([0])]) },
      { ...sealed, nonce: sealed.nonce.subarray(0, 11) },
      { ...sealed, nonce: Buffer.concat([sealed.nonce, Buffer.from([0])]) },
    ];
    for (const v of variants) await expectOpenFailed(sealer.open(v, context));
  });

  it('fails when the value is moved to another org, key, record, kind or key version', async () => {
    const { sealer } = await newSealer();
    const context: SealContext = { kind: 'secret', orgId: ORG, key: 'DB_PASSWORD', recordId: recordId() };
    const sealed = sealer.seal(text('hunter2'), context);
    const moved: SealContext[] = [
      { ...context, orgId: 'b'.repeat(32) },
      { ...context, orgId: null },
      { ...context, key: 'DB_PASSWORD2' },
      { ...context, key: 'db_password' },
      { ...context, recordId: recordId() },
      { ...context, kind: 'webhook' },
    ];
    for (const c of moved) await expectOpenFailed(sealer.open(sealed, c));
    // A public-bucket value does not open in an org either.
    const pub: SealContext = { ...context, orgId: null };
    await expectOpenFailed(sealer.open(sealer.seal(text('x'), pub), context));
    // The version field: 0, negative, fractional, and unknown versions all fail.
    for (const keyVersion of [0, -1, 1.5, 2, 2 ** 32, Number.NaN]) {
      await expectOpenFailed(sealer.open({ ...sealed, keyVersion }, context));
    }
    expect(Buffer.from(await sealer.open(sealed, context)).toString()).toBe('hunter2');
  });

  it('does not open a value under another master key (another vault)', async () => {
    const a = await newSealer();
    const b = await newSealer();
    const context: SealContext = { kind: 'secret', orgId: null, key: 'K', recordId: recordId() };
    await expectOpenFailed(b.sealer.open(a.sealer.seal(text('v'), context), context));
  });

  it('uses a fresh nonce for every seal, even of the same value and context', async () => {
    const { sealer } = await newSealer();
    const context: SealContext = { kind: 'secret', orgId: null, key: 'K', recordId: recordId() };
    const nonces = new Set<string>();
    const ciphertexts = new Set<string>();
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const sealed = sealer.seal(text('same'), context);
      nonces.add(Buffer.from(sealed.nonce).toString('hex'));
      ciphertexts.add(Buffer.from(sealed.ciphertext).toString('hex'));
    }
    expect(nonces.size).toBe(n);
    expect(ciphertexts.size).toBe(n);
  });

  it('rejects misuse with TypeError, not a sealed value', async () => {
    const { sealer } = await newSealer();
    const context: SealContext = { kind: 'secret', orgId: null, key: 'K', recordId: recordId() };
    expect(() => sealer.seal('text' as unknown as Uint8Array, context)).toThrow(TypeError);
    expect(() => sealer.seal(text('x'), { ...context, kind: 'other' as 'secret' })).toThrow(TypeError);
    expect(() => sealer.seal(text('x'), { ...context, key: '\ud800' })).toThrow(TypeError);
  });

  it('reloads the keyring once on a newer key version, and fails closed when it is still unknown', async () => {
    const { store, sealer } = await newSealer();
    const context: SealContext = { kind: 'secret', orgId: null, key: 'K', recordId: recordId() };
    const sealed = sealer.seal(text('v'), context);
    const loads = store.loads;
    await expectOpenFailed(sealer.open({ ...sealed, keyVersion: 7 }, context));
    expect(store.loads).toBe(loads + 1);
    // A version below the highest one held cannot be new: no store round trip.
    await expectOpenFailed(sealer.open({ ...sealed, keyVersion: 0 }, context));
    expect(store.loads).toBe(loads + 1);
  });

  it('zeroes its keys on dispose and cannot seal afterwards', async () => {
    const { sealer } = await newSealer();
    sealer.dispose();
    expect(() => sealer.seal(text('x'), { kind: 'secret', orgId: null, key: 'K', recordId: 'r' })).toThrow(
      TypeError,
    );
  });
});

describe('AAD encoding', () => {
  it('is length-prefixed: field boundaries cannot be shifted', () => {
    const a = sealAad({ kind: 'secret', orgId: null, key: 'ab', recordId: 'c' }, 1);
    const b = sealAad({ kind: 'secret', orgId: null, key: 'a', recordId: 'bc' }, 1);
    expect(a.equals(b)).toBe(false);
    // The exact layout: lp(label) lp(kind) lp(org) lp(key) lp(recordId) lp(u32be version).
    const lp = (bytes: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, bytes.length]), bytes]);
    const layout = (org: Buffer) =>
      Buffer.concat([
        lp(Buffer.from('warden-seal-v1')),
        lp(Buffer.from('secret')),
        lp(org),
        lp(Buffer.from('x')),
        lp(Buffer.from('r')),
        lp(Buffer.from([0, 0, 0, 2])),
      ]);
    const inOrg = sealAad({ kind: 'secret', orgId: 'o', key: 'x', recordId: 'r' }, 2);
    expect(inOrg.equals(layout(Buffer.from([0x01, 0x6f])))).toBe(true);
    const expected = layout(Buffer.from([0x00]));
    // The public bucket (0x00) differs from every org, even one named "" or "\0".
    const pub = sealAad({ kind: 'secret', orgId: null, key: 'x', recordId: 'r' }, 2);
    expect(pub.equals(expected)).toBe(true);
    expect(pub.equals(sealAad({ kind: 'secret', orgId: '', key: 'x', recordId: 'r' }, 2))).toBe(false);
    expect(pub.equals(sealAad({ kind: 'secret', orgId: '\0', key: 'x', recordId: 'r' }, 2))).toBe(false);
  });
});
