import { describe, expect, it } from 'vitest';
import type { StoredKeyring } from '../../src/store/types.js';
import { allow, ctx, type Harness, NOW, newId, ORG, put, sealed, secret, text } from './fixtures.js';

const wrapped = (n: number) => new Uint8Array(48).fill(n);

/** The keyring (compare-and-set) and online re-encryption. */
export function keyringTests(h: Harness): void {
  describe('keyring', () => {
    it('starts empty and saves with compare-and-set on the active version', async () => {
      expect(await h.store.loadKeyring()).toBeUndefined();
      const v1: StoredKeyring = { activeVersion: 1, keys: { 1: wrapped(1) } };
      const [a, b] = await Promise.all([
        h.store.saveKeyring(v1, undefined),
        h.store.saveKeyring(v1, undefined),
      ]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      expect(await h.store.loadKeyring()).toEqual(v1);
      const v2: StoredKeyring = { activeVersion: 2, keys: { 1: wrapped(1), 2: wrapped(2) } };
      expect(await h.store.saveKeyring(v2, undefined)).toBe(false);
      expect(await h.store.saveKeyring(v2, 2)).toBe(false);
      expect(await h.store.saveKeyring(v2, 1)).toBe(true);
      expect(await h.store.saveKeyring({ activeVersion: 3, keys: { 3: wrapped(3) } }, 1)).toBe(false);
      expect(await h.store.loadKeyring()).toEqual(v2);
    });

    it('drops an old version once nothing is sealed under it, and refuses while something is', async () => {
      await h.store.saveKeyring({ activeVersion: 1, keys: { 1: wrapped(1) } }, undefined);
      await h.store.saveKeyring({ activeVersion: 2, keys: { 1: wrapped(1), 2: wrapped(2) } }, 1);
      await put(h.store, secret({ key: 'K', ...sealed('old', 1) }));
      await expect(
        h.store.saveKeyring({ activeVersion: 2, keys: { 2: wrapped(2) } }, 2),
      ).rejects.toMatchObject({
        code: 'keyring_version_in_use',
      });
      await h.store.deleteSecret(null, 'K', allow, ctx());
      expect(await h.store.saveKeyring({ activeVersion: 2, keys: { 2: wrapped(2) } }, 2)).toBe(true);
      expect(await h.store.loadKeyring()).toEqual({ activeVersion: 2, keys: { 2: wrapped(2) } });
    });
  });

  describe('re-encryption', () => {
    it('finds records sealed under other versions and reseals them with compare-and-set', async () => {
      const old = await put(h.store, secret({ key: 'OLD', orgId: ORG, ...sealed('under-v1', 1) }));
      await put(h.store, secret({ key: 'NEW', ...sealed('under-v2', 2) }));
      const hook = {
        id: newId(),
        orgId: ORG,
        url: 'https://h.example',
        events: ['*'],
        secret: sealed('hs', 1),
        createdAt: NOW,
      };
      await h.store.createWebhook(hook, 10);

      const stale = await h.store.findStaleSealed(2, 10);
      expect(stale.map((s) => [s.kind, s.id, s.orgId]).sort()).toEqual(
        [
          ['secret', old.id, ORG],
          ['webhook', hook.id, ORG],
        ].sort(),
      );
      const staleSecret = stale.find((s) => s.kind === 'secret');
      expect(staleSecret?.key).toBe('OLD');
      expect(text(staleSecret?.sealed.ciphertext ?? new Uint8Array())).toBe('under-v1');
      expect(await h.store.findStaleSealed(2, 1)).toHaveLength(1);

      expect(await h.store.resealRecord('secret', old.id, 1, sealed('resealed', 2))).toBe(true);
      expect(await h.store.resealRecord('secret', old.id, 1, sealed('again', 2))).toBe(false);
      expect(await h.store.resealRecord('webhook', hook.id, 1, sealed('hs2', 2))).toBe(true);
      expect(await h.store.findStaleSealed(2, 10)).toEqual([]);

      const read = await h.store.readSecret(ORG, 'OLD', NOW, allow, ctx(ORG));
      expect(read.status === 'ok' && [text(read.record.ciphertext), read.record.keyVersion]).toEqual([
        'resealed',
        2,
      ]);
      const [listed] = await h.store.listWebhooks(ORG);
      expect(listed && [text(listed.secret.ciphertext), listed.secret.keyVersion]).toEqual(['hs2', 2]);
    });

    it('never overwrites a value patched after it was found stale (nonce check)', async () => {
      await put(h.store, secret({ key: 'K', deleteOnExhaust: false, ...sealed('original', 1) }));
      const [stale] = await h.store.findStaleSealed(2, 10);
      if (stale === undefined) throw new Error('expected a stale record');
      // A process that has not seen the rotation yet patches under version 1.
      await h.store.patchSecret(null, 'K', NOW, { value: () => sealed('patched', 1) }, allow, ctx());
      expect(
        await h.store.resealRecord('secret', stale.id, 1, sealed('original-resealed', 2), stale.sealed.nonce),
      ).toBe(false);
      const read = await h.store.readSecret(null, 'K', NOW, allow, ctx());
      expect(read.status === 'ok' && text(read.record.ciphertext)).toBe('patched');
    });

    it('misses a record replaced since it was found stale (new id)', async () => {
      const first = await put(h.store, secret({ key: 'K', ...sealed('a', 1) }));
      await h.store.createSecret(secret({ key: 'K', ...sealed('b', 1) }), () => true, ctx());
      expect(await h.store.resealRecord('secret', first.id, 1, sealed('a2', 2))).toBe(false);
    });
  });
}
