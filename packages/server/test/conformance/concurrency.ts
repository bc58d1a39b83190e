import { describe, expect, it } from 'vitest';
import { actions, allow, ctx, type Harness, NOW, newId, no, ORG, put, sealed, secret } from './fixtures.js';

/** Burn exactly once, whatever the interleaving. */
export function concurrencyTests(h: Harness): void {
  describe('concurrency', () => {
    it('200 concurrent reads of a 5-read secret: exactly 5 ok (the 5th burned), 195 not_found', async () => {
      await put(h.store, secret({ key: 'HOT', orgId: ORG, maxReads: 5 }));
      const outs = await Promise.all(
        Array.from({ length: 200 }, () => h.store.readSecret(ORG, 'HOT', NOW, allow, ctx(ORG))),
      );
      const ok = outs.filter((o) => o.status === 'ok');
      expect(ok).toHaveLength(5);
      expect(outs.filter((o) => o.status === 'not_found')).toHaveLength(195);
      expect(ok.map((o) => o.record.readCount).sort()).toEqual([1, 2, 3, 4, 5]);
      expect(ok.filter((o) => o.burned).map((o) => o.record.readCount)).toEqual([5]);
      const events = await h.store.queryAudit({ orgId: ORG, limit: 1000 });
      const reads = events.filter((e) => e.action === 'secret.read' || e.action === 'secret.burn');
      expect(reads).toHaveLength(5);
      expect(reads.filter((e) => e.action === 'secret.burn')).toHaveLength(1);
      expect(reads.every((e) => e.success && e.key === 'HOT')).toBe(true);
    });

    it('200 concurrent reads of a 5-read delete=false secret: 5 ok, 195 sealed', async () => {
      await put(h.store, secret({ key: 'HOT', maxReads: 5, deleteOnExhaust: false }));
      const outs = await Promise.all(
        Array.from({ length: 200 }, () => h.store.readSecret(null, 'HOT', NOW, allow, ctx())),
      );
      expect(outs.filter((o) => o.status === 'ok')).toHaveLength(5);
      expect(outs.filter((o) => o.status === 'sealed')).toHaveLength(195);
      expect(outs.some((o) => o.status === 'ok' && o.burned)).toBe(false);
    });

    it('concurrent creates of one key: exactly one wins', async () => {
      const outs = await Promise.all(
        Array.from({ length: 50 }, () => h.store.createSecret(secret({ key: 'K' }), no, ctx())),
      );
      expect(outs.filter((o) => o.status === 'created')).toHaveLength(1);
      expect(outs.filter((o) => o.status === 'conflict')).toHaveLength(49);
    });

    it('one failing operation does not undo or fail the others', async () => {
      await put(h.store, secret({ key: 'A', maxReads: 10 }));
      const boom = () => {
        throw new Error('authorize failed');
      };
      const calls = Array.from({ length: 20 }, (_, i) =>
        h.store.readSecret(null, 'A', NOW, i === 7 ? boom : allow, ctx()),
      );
      const settled = await Promise.allSettled(calls);
      expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(1);
      const ok = settled.filter((s) => s.status === 'fulfilled' && s.value.status === 'ok');
      expect(ok).toHaveLength(10);
      const events = await h.store.queryAudit({ orgId: null, limit: 100 });
      expect(events.filter((e) => e.action === 'secret.read' || e.action === 'secret.burn')).toHaveLength(10);
    });

    it('an operation that fails half-way leaves none of its writes behind', async () => {
      const taken = await put(h.store, secret({ key: 'A' }));
      await put(h.store, secret({ key: 'B', expiresAt: NOW + 1 }));
      // Expiring the old B succeeds, then inserting under an id already in use fails.
      const clash = secret({ key: 'B', id: taken.id, createdAt: NOW + 5 });
      const [failed, other] = await Promise.allSettled([
        h.store.createSecret(clash, no, ctx()),
        h.store.createSecret(secret({ key: 'C', createdAt: NOW + 5 }), no, ctx()),
      ]);
      expect(failed?.status).toBe('rejected');
      expect(other).toEqual({ status: 'fulfilled', value: { status: 'created' } });
      expect(await actions(h.store)).toEqual(['secret.create', 'secret.create', 'secret.create']);
      expect((await h.store.listSecrets(null, NOW)).map((m) => m.key)).toEqual(['A', 'B', 'C']);
    });

    it('concurrent webhook creates never pass the per-org limit', async () => {
      const outs = await Promise.all(
        Array.from({ length: 25 }, () =>
          h.store.createWebhook(
            {
              id: newId(),
              orgId: ORG,
              url: 'https://h.example',
              events: ['*'],
              secret: sealed('s'),
              createdAt: NOW,
            },
            10,
          ),
        ),
      );
      expect(outs.filter((o) => o === 'created')).toHaveLength(10);
      expect(await h.store.listWebhooks(ORG)).toHaveLength(10);
    });
  });
}
