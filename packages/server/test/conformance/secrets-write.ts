import { describe, expect, it, vi } from 'vitest';
import type { Authorize } from '../../src/store/types.js';
import { actions, allow, ctx, type Harness, NOW, ORG, ORG2, put, sealed, secret, text } from './fixtures.js';

/** patchSecret, deleteSecret, listSecrets and pruneSecrets. */
export function patchDeleteListTests(h: Harness): void {
  describe('patchSecret (Sirr order: missing, expired, authorize, delete=true, sealed, apply)', () => {
    const patchable = (fields: Parameters<typeof secret>[0]) => secret({ deleteOnExhaust: false, ...fields });

    it('not_found for a missing key', async () => {
      expect(await h.store.patchSecret(null, 'K', NOW, {}, allow, ctx())).toEqual({ status: 'not_found' });
    });

    it('deletes an expired record and reports not_found, before authorizing', async () => {
      await put(h.store, patchable({ key: 'K', expiresAt: NOW }));
      const authorize = vi.fn<Authorize>(() => 'forbidden');
      expect(await h.store.patchSecret(null, 'K', NOW, {}, authorize, ctx())).toEqual({
        status: 'not_found',
      });
      expect(authorize).not.toHaveBeenCalled();
      expect(await actions(h.store)).toEqual(['secret.create', 'secret.expire']);
    });

    it('authorizes before the delete=true and sealed checks', async () => {
      await put(h.store, secret({ key: 'D', deleteOnExhaust: true }));
      expect(await h.store.patchSecret(null, 'D', NOW, {}, () => 'forbidden', ctx())).toEqual({
        status: 'forbidden',
      });
      expect(await h.store.patchSecret(null, 'D', NOW, {}, () => 'not_found', ctx())).toEqual({
        status: 'not_found',
      });
    });

    it('refuses a delete=true record (Sirr 409)', async () => {
      await put(h.store, secret({ key: 'D', deleteOnExhaust: true, maxReads: 3 }));
      expect(await h.store.patchSecret(null, 'D', NOW, { maxReads: 9 }, allow, ctx())).toEqual({
        status: 'delete_on_exhaust',
      });
    });

    it('refuses a sealed record (Sirr 410) without calling the value callback', async () => {
      await put(h.store, patchable({ key: 'S', maxReads: 1 }));
      await h.store.readSecret(null, 'S', NOW, allow, ctx());
      const value = vi.fn(() => sealed('x'));
      expect(await h.store.patchSecret(null, 'S', NOW, { value }, allow, ctx())).toEqual({
        status: 'sealed',
      });
      expect(value).not.toHaveBeenCalled();
    });

    it('applies value, maxReads and expiresAt, and resets the read count', async () => {
      const rec = await put(h.store, patchable({ key: 'K', maxReads: 5, expiresAt: NOW + 100 }));
      await h.store.readSecret(null, 'K', NOW, allow, ctx());
      await h.store.readSecret(null, 'K', NOW, allow, ctx());
      const value = vi.fn((id: string) => sealed(`patched-for-${id}`, 7));
      const out = await h.store.patchSecret(
        null,
        'K',
        NOW,
        { value, maxReads: 2, expiresAt: null },
        allow,
        ctx(),
      );
      expect(value).toHaveBeenCalledWith(rec.id);
      expect(out).toMatchObject({
        status: 'ok',
        meta: { id: rec.id, readCount: 0, maxReads: 2, expiresAt: null },
      });
      const read = await h.store.readSecret(null, 'K', NOW + 1000, allow, ctx());
      expect(read.status).toBe('ok');
      if (read.status !== 'ok') return;
      expect(text(read.record.ciphertext)).toBe(`patched-for-${rec.id}`);
      expect(read.record.keyVersion).toBe(7);
      expect(read.record.readCount).toBe(1);
      expect(await actions(h.store)).toEqual([
        'secret.create',
        'secret.read',
        'secret.read',
        'secret.patch',
        'secret.read',
      ]);
    });

    it('resets the read count even for an empty patch, and keeps what it was not given', async () => {
      await put(h.store, patchable({ key: 'K', maxReads: 3, expiresAt: NOW + 50 }));
      await h.store.readSecret(null, 'K', NOW, allow, ctx());
      const out = await h.store.patchSecret(null, 'K', NOW, {}, allow, ctx());
      expect(out).toMatchObject({ status: 'ok', meta: { readCount: 0, maxReads: 3, expiresAt: NOW + 50 } });
      const read = await h.store.readSecret(null, 'K', NOW, allow, ctx());
      expect(read.status === 'ok' && text(read.record.ciphertext)).toBe('value-of-K');
    });

    it('rejects when the value callback throws, leaving the record as it was', async () => {
      await put(h.store, patchable({ key: 'K', maxReads: 3 }));
      await h.store.readSecret(null, 'K', NOW, allow, ctx());
      const value = () => {
        throw new Error('seal failed');
      };
      await expect(h.store.patchSecret(null, 'K', NOW, { value, maxReads: 9 }, allow, ctx())).rejects.toThrow(
        'seal failed',
      );
      expect(await h.store.headSecret(null, 'K', NOW, allow)).toMatchObject({
        meta: { readCount: 1, maxReads: 3 },
      });
    });
  });

  describe('deleteSecret', () => {
    it('deletes, authorizes, and reports a missing key', async () => {
      await put(h.store, secret({ key: 'K', orgId: ORG }));
      expect(await h.store.deleteSecret(ORG, 'K', () => 'forbidden', ctx(ORG))).toEqual({
        status: 'forbidden',
      });
      expect(await h.store.deleteSecret(ORG, 'K', () => 'not_found', ctx(ORG))).toEqual({
        status: 'not_found',
      });
      expect(await h.store.deleteSecret(ORG2, 'K', allow, ctx(ORG2))).toEqual({ status: 'not_found' });
      expect(await h.store.deleteSecret(ORG, 'K', allow, ctx(ORG))).toEqual({ status: 'deleted' });
      expect(await h.store.deleteSecret(ORG, 'K', allow, ctx(ORG))).toEqual({ status: 'not_found' });
      expect(await actions(h.store, ORG)).toEqual(['secret.create', 'secret.delete']);
    });

    it('deletes an expired record too (Sirr)', async () => {
      await put(h.store, secret({ key: 'K', expiresAt: NOW - 1 }));
      expect(await h.store.deleteSecret(null, 'K', allow, ctx())).toEqual({ status: 'deleted' });
    });
  });

  describe('listSecrets', () => {
    it('lists live records of one scope in key order, sealed included, expired not, without values', async () => {
      await put(h.store, secret({ key: 'b', deleteOnExhaust: false, maxReads: 1 }));
      await put(h.store, secret({ key: 'a', expiresAt: NOW + 1 }));
      await put(h.store, secret({ key: 'c', expiresAt: NOW }));
      await put(h.store, secret({ key: 'B' }));
      await put(h.store, secret({ key: 'z', orgId: ORG }));
      await h.store.readSecret(null, 'b', NOW, allow, ctx());
      const list = await h.store.listSecrets(null, NOW);
      expect(list.map((m) => m.key)).toEqual(['B', 'a', 'b']);
      expect(list.find((m) => m.key === 'b')).toMatchObject({ readCount: 1, maxReads: 1 });
      for (const m of list) expect(m).not.toHaveProperty('ciphertext');
      expect((await h.store.listSecrets(ORG, NOW)).map((m) => m.key)).toEqual(['z']);
      expect(await h.store.listSecrets(ORG2, NOW)).toEqual([]);
    });

    it('filters by owner', async () => {
      await put(h.store, secret({ key: 'x', orgId: ORG, ownerId: 'alice' }));
      await put(h.store, secret({ key: 'y', orgId: ORG, ownerId: 'bob' }));
      await put(h.store, secret({ key: 'w', orgId: ORG, ownerId: 'alice' }));
      const mine = await h.store.listSecrets(ORG, NOW, { ownerId: 'alice' });
      expect(mine.map((m) => m.key)).toEqual(['w', 'x']);
    });
  });

  describe('pruneSecrets', () => {
    async function seed(): Promise<void> {
      await put(h.store, secret({ key: 'live' }));
      await put(h.store, secret({ key: 'old1', expiresAt: NOW - 5 }));
      await put(h.store, secret({ key: 'old2', expiresAt: NOW }));
      await put(h.store, secret({ key: 'live', orgId: ORG }));
      await put(h.store, secret({ key: 'old', orgId: ORG, expiresAt: NOW - 1 }));
    }

    it('removes the expired records of one scope only, and audits the count', async () => {
      await seed();
      expect(await h.store.pruneSecrets(null, NOW, ctx())).toBe(2);
      expect((await h.store.headSecret(ORG, 'old', NOW - 10, allow)).status).toBe('ok');
      expect(await h.store.pruneSecrets(ORG, NOW, ctx(ORG))).toBe(1);
      expect(await h.store.pruneSecrets(ORG, NOW, ctx(ORG))).toBe(0);
      const [last, first] = await h.store.queryAudit({ orgId: ORG, action: 'secret.prune', limit: 10 });
      expect(first?.detail).toMatch(/\b1\b/);
      expect(last?.detail).toMatch(/\b0\b/);
      const [pub] = await h.store.queryAudit({ orgId: null, action: 'secret.prune', limit: 10 });
      expect(pub?.detail).toMatch(/\b2\b/);
      expect((await h.store.listSecrets(null, NOW - 10)).map((m) => m.key)).toEqual(['live']);
    });

    it('removes expired records of every scope when orgId is undefined, auditing each scope on its own', async () => {
      await seed();
      await put(h.store, secret({ key: 'live', orgId: ORG2 }));
      const sweep = { orgId: null, principalId: null, sourceIp: 'sweeper' };
      expect(await h.store.pruneSecrets(undefined, NOW, sweep)).toBe(3);
      expect((await h.store.listSecrets(ORG, NOW - 10)).map((m) => m.key)).toEqual(['live']);
      expect((await h.store.listSecrets(null, NOW - 10)).map((m) => m.key)).toEqual(['live']);
      const prunes = async () =>
        (await h.store.queryAudit({ action: 'secret.prune', limit: 10 }))
          .map((e) => `${e.orgId}:${e.detail}:${e.sourceIp}`)
          .sort();
      // One row per scope that lost records, in that scope; none for ORG2, which lost nothing.
      expect(await prunes()).toEqual([`${ORG}:pruned=1:sweeper`, 'null:pruned=2:sweeper'].sort());
      expect(await h.store.pruneSecrets(undefined, NOW + 1, sweep)).toBe(0);
      expect(await prunes()).toHaveLength(2);
    });
  });
}
