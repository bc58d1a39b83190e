import { describe, expect, it, vi } from 'vitest';
import type { Authorize, SecretMeta } from '../../src/store/types.js';
import { actions, allow, ctx, type Harness, NOW, no, ORG, ORG2, put, secret, text, yes } from './fixtures.js';

/** createSecret, readSecret and headSecret. */
export function createAndReadTests(h: Harness): void {
  describe('createSecret', () => {
    it('stores every field and returns it on read', async () => {
      const rec = secret({
        key: 'API_KEY',
        orgId: ORG,
        expiresAt: NOW + 60,
        maxReads: 3,
        ownerId: 'owner-1',
        allowedKeys: ['ci', 'agent'],
        webhookUrl: 'https://hooks.example/x',
      });
      expect(await h.store.createSecret(rec, no, ctx(ORG))).toEqual({ status: 'created' });
      const out = await h.store.readSecret(ORG, 'API_KEY', NOW, allow, ctx(ORG));
      expect(out.status).toBe('ok');
      if (out.status !== 'ok') return;
      expect(out.burned).toBe(false);
      expect({ ...out.record, ciphertext: text(out.record.ciphertext) }).toEqual({
        ...rec,
        ciphertext: 'value-of-API_KEY',
        nonce: new Uint8Array(rec.nonce),
        readCount: 1,
      });
      expect(await actions(h.store, ORG)).toEqual(['secret.create', 'secret.read']);
    });

    it('refuses to replace a live record unless canReplace says so', async () => {
      const first = await put(h.store, secret({ key: 'K', orgId: ORG, ownerId: 'alice' }));
      const seen: SecretMeta[] = [];
      const refuse = (m: SecretMeta) => {
        seen.push(m);
        return false;
      };
      expect(await h.store.createSecret(secret({ key: 'K', orgId: ORG }), refuse, ctx(ORG))).toEqual({
        status: 'conflict',
      });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ id: first.id, ownerId: 'alice', key: 'K', orgId: ORG });
      expect(seen[0]).not.toHaveProperty('ciphertext');
      const head = await h.store.headSecret(ORG, 'K', NOW, allow);
      expect(head.status === 'ok' && head.meta.id).toBe(first.id);
    });

    it('replaces a live record with a new id when canReplace allows', async () => {
      const first = await put(h.store, secret({ key: 'K', maxReads: 5 }));
      await h.store.readSecret(null, 'K', NOW, allow, ctx());
      const second = secret({ key: 'K', maxReads: 2, ...{ ciphertext: new TextEncoder().encode('new') } });
      expect(await h.store.createSecret(second, yes, ctx())).toEqual({ status: 'replaced' });
      const out = await h.store.readSecret(null, 'K', NOW, allow, ctx());
      expect(out.status === 'ok' && out.record.id).toBe(second.id);
      expect(out.status === 'ok' && out.record.id).not.toBe(first.id);
      expect(out.status === 'ok' && text(out.record.ciphertext)).toBe('new');
      expect(out.status === 'ok' && out.record.readCount).toBe(1);
      const creates = await h.store.queryAudit({ orgId: null, action: 'secret.create', limit: 10 });
      expect(creates).toHaveLength(2);
    });

    it('always replaces an expired record, without asking', async () => {
      await put(h.store, secret({ key: 'K', expiresAt: NOW + 10 }));
      const canReplace = vi.fn(no);
      const next = secret({ key: 'K', createdAt: NOW + 10 });
      expect(await h.store.createSecret(next, canReplace, ctx())).toEqual({ status: 'created' });
      expect(canReplace).not.toHaveBeenCalled();
      expect(await actions(h.store, null)).toEqual(['secret.create', 'secret.expire', 'secret.create']);
    });

    it('keeps the public bucket and each org apart, and the public bucket unique by key', async () => {
      await put(h.store, secret({ key: 'K', orgId: null }));
      await put(h.store, secret({ key: 'K', orgId: ORG }));
      await put(h.store, secret({ key: 'K', orgId: ORG2 }));
      expect((await h.store.createSecret(secret({ key: 'K', orgId: null }), no, ctx())).status).toBe(
        'conflict',
      );
      await h.store.deleteSecret(ORG, 'K', allow, ctx(ORG));
      expect((await h.store.headSecret(null, 'K', NOW, allow)).status).toBe('ok');
      expect((await h.store.headSecret(ORG, 'K', NOW, allow)).status).toBe('not_found');
      expect((await h.store.headSecret(ORG2, 'K', NOW, allow)).status).toBe('ok');
    });
  });

  describe('readSecret', () => {
    it('burns the record on the read that spends its budget', async () => {
      await put(h.store, secret({ key: 'K', maxReads: 3 }));
      const outs = [];
      for (let i = 0; i < 4; i++) outs.push(await h.store.readSecret(null, 'K', NOW, allow, ctx()));
      expect(outs.map((o) => o.status)).toEqual(['ok', 'ok', 'ok', 'not_found']);
      expect(outs.map((o) => (o.status === 'ok' ? o.burned : null))).toEqual([false, false, true, null]);
      expect(outs.map((o) => (o.status === 'ok' ? o.record.readCount : null))).toEqual([1, 2, 3, null]);
      expect((await h.store.headSecret(null, 'K', NOW, allow)).status).toBe('not_found');
      expect(await actions(h.store)).toEqual(['secret.create', 'secret.read', 'secret.read', 'secret.burn']);
    });

    it('seals a delete=false record on its last read; later reads are sealed and count nothing', async () => {
      await put(h.store, secret({ key: 'K', maxReads: 2, deleteOnExhaust: false }));
      const a = await h.store.readSecret(null, 'K', NOW, allow, ctx());
      const b = await h.store.readSecret(null, 'K', NOW, allow, ctx());
      expect(a.status === 'ok' && !a.burned).toBe(true);
      expect(b.status === 'ok' && !b.burned && b.record.readCount === 2).toBe(true);
      for (let i = 0; i < 3; i++) {
        const c = await h.store.readSecret(null, 'K', NOW, allow, ctx());
        expect(c).toMatchObject({ status: 'sealed', meta: { readCount: 2, maxReads: 2 } });
        expect(c.status === 'sealed' && 'ciphertext' in c.meta).toBe(false);
      }
      expect(await h.store.headSecret(null, 'K', NOW, allow)).toMatchObject({ status: 'sealed' });
      expect(await actions(h.store)).toEqual(['secret.create', 'secret.read', 'secret.seal']);
    });

    it('reads an unlimited record any number of times', async () => {
      await put(h.store, secret({ key: 'K' }));
      for (let i = 1; i <= 10; i++) {
        const out = await h.store.readSecret(null, 'K', NOW, allow, ctx());
        expect(out.status === 'ok' && out.record.readCount === i && !out.burned).toBe(true);
      }
    });

    it('deletes an expired record (now >= expiresAt) and reports not_found', async () => {
      await put(h.store, secret({ key: 'K', expiresAt: NOW + 10 }));
      expect((await h.store.readSecret(null, 'K', NOW + 9, allow, ctx())).status).toBe('ok');
      const authorize = vi.fn<Authorize>(() => 'forbidden');
      expect((await h.store.readSecret(null, 'K', NOW + 10, authorize, ctx())).status).toBe('not_found');
      expect(authorize).not.toHaveBeenCalled();
      expect(await h.store.listSecrets(null, NOW)).toEqual([]);
      expect(await actions(h.store)).toEqual(['secret.create', 'secret.read', 'secret.expire']);
    });

    it('passes the decision of authorize through, without spending a read', async () => {
      await put(h.store, secret({ key: 'K', orgId: ORG, maxReads: 1, ownerId: 'alice' }));
      const authorize = vi.fn<Authorize>(() => 'forbidden');
      expect(await h.store.readSecret(ORG, 'K', NOW, authorize, ctx(ORG))).toEqual({ status: 'forbidden' });
      expect(authorize.mock.calls[0]?.[0]).toMatchObject({ key: 'K', ownerId: 'alice', readCount: 0 });
      expect(authorize.mock.calls[0]?.[0]).not.toHaveProperty('ciphertext');
      expect(await h.store.readSecret(ORG, 'K', NOW, () => 'not_found', ctx(ORG))).toEqual({
        status: 'not_found',
      });
      const head = await h.store.headSecret(ORG, 'K', NOW, allow);
      expect(head.status === 'ok' && head.meta.readCount).toBe(0);
      expect(await actions(h.store, ORG)).toEqual(['secret.create']);
    });

    it('authorizes before reporting sealed', async () => {
      await put(h.store, secret({ key: 'K', maxReads: 1, deleteOnExhaust: false }));
      await h.store.readSecret(null, 'K', NOW, allow, ctx());
      expect((await h.store.readSecret(null, 'K', NOW, () => 'forbidden', ctx())).status).toBe('forbidden');
    });

    it('reports not_found for a missing key, in any scope', async () => {
      await put(h.store, secret({ key: 'K', orgId: ORG }));
      expect(await h.store.readSecret(ORG2, 'K', NOW, allow, ctx(ORG2))).toEqual({ status: 'not_found' });
      expect(await h.store.readSecret(null, 'K', NOW, allow, ctx())).toEqual({ status: 'not_found' });
      expect(await actions(h.store, ORG2)).toEqual([]);
    });

    it('rejects a read whose authorize throws, and changes nothing', async () => {
      await put(h.store, secret({ key: 'K', maxReads: 2 }));
      const boom = () => {
        throw new Error('authorize failed');
      };
      await expect(h.store.readSecret(null, 'K', NOW, boom, ctx())).rejects.toThrow('authorize failed');
      const head = await h.store.headSecret(null, 'K', NOW, allow);
      expect(head.status === 'ok' && head.meta.readCount).toBe(0);
    });
  });

  describe('headSecret', () => {
    it('never spends a read nor writes an audit row', async () => {
      await put(h.store, secret({ key: 'K', maxReads: 1, expiresAt: NOW + 5 }));
      for (let i = 0; i < 5; i++) {
        const head = await h.store.headSecret(null, 'K', NOW, allow);
        expect(head).toMatchObject({ status: 'ok', meta: { readCount: 0, maxReads: 1, expiresAt: NOW + 5 } });
      }
      expect((await h.store.headSecret(null, 'K', NOW + 5, allow)).status).toBe('not_found');
      expect(await actions(h.store)).toEqual(['secret.create']);
      // The expired record was left in place: the next read is what deletes it.
      expect((await h.store.readSecret(null, 'K', NOW + 5, allow, ctx())).status).toBe('not_found');
      expect(await actions(h.store)).toEqual(['secret.create', 'secret.expire']);
    });

    it('applies authorize', async () => {
      await put(h.store, secret({ key: 'K' }));
      expect(await h.store.headSecret(null, 'K', NOW, () => 'forbidden')).toEqual({ status: 'forbidden' });
      expect(await h.store.headSecret(null, 'K', NOW, () => 'not_found')).toEqual({ status: 'not_found' });
    });
  });
}
