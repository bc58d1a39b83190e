import { describe, expect, it } from 'vitest';
import type { Webhook } from '../../src/store/types.js';
import { allow, ctx, type Harness, NOW, newId, ORG, ORG2, put, sealed, secret } from './fixtures.js';

function webhook(orgId: string | null, events: string[], url = `https://hooks.example/${newId()}`): Webhook {
  return { id: newId(), orgId, url, events, secret: sealed('signing-secret'), createdAt: NOW };
}

/** appendAudit, queryAudit, pruneAudit, webhooks and the delivery outbox. */
export function auditAndWebhookTests(h: Harness): void {
  describe('audit log', () => {
    it('appends and returns events newest first, with every field', async () => {
      await h.store.appendAudit(
        'auth.failure',
        null,
        false,
        { ...ctx(ORG, 'bad token'), principalId: null },
        NOW,
      );
      await h.store.appendAudit('secret.head', 'K', true, ctx(ORG), NOW + 1);
      const events = await h.store.queryAudit({ limit: 10 });
      expect(events.map((e) => e.action)).toEqual(['secret.head', 'auth.failure']);
      expect(events[1]).toEqual({
        id: expect.any(Number),
        timestamp: NOW,
        action: 'auth.failure',
        key: null,
        sourceIp: '192.0.2.1',
        success: false,
        detail: 'bad token',
        orgId: ORG,
        principalId: null,
      });
      expect((events[0]?.id ?? 0) > (events[1]?.id ?? 0)).toBe(true);
    });

    it('filters by org, since, until (inclusive) and action; caps the limit at 1000', async () => {
      await Promise.all(
        Array.from({ length: 1005 }, (_, i) =>
          h.store.appendAudit('secret.read', `k${i}`, true, ctx(), NOW + i),
        ),
      );
      await h.store.appendAudit('secret.create', 'o', true, ctx(ORG), NOW + 3);
      expect(await h.store.queryAudit({ limit: 5000 })).toHaveLength(1000);
      expect(await h.store.queryAudit({ limit: 3 })).toHaveLength(3);
      const window = await h.store.queryAudit({ orgId: null, since: NOW + 2, until: NOW + 4, limit: 100 });
      expect(window.map((e) => e.timestamp)).toEqual([NOW + 4, NOW + 3, NOW + 2]);
      expect((await h.store.queryAudit({ orgId: ORG, limit: 100 })).map((e) => e.key)).toEqual(['o']);
      expect(await h.store.queryAudit({ orgId: ORG2, limit: 100 })).toEqual([]);
      expect(await h.store.queryAudit({ action: 'secret.create', limit: 100 })).toHaveLength(1);
      expect(await h.store.queryAudit({ since: NOW + 3, until: NOW + 3, limit: 100 })).toHaveLength(2);
    });

    it('prunes events older than a cutoff', async () => {
      for (let i = 0; i < 5; i++) await h.store.appendAudit('secret.read', 'k', true, ctx(), NOW + i);
      expect(await h.store.pruneAudit(NOW + 3)).toBe(3);
      expect((await h.store.queryAudit({ limit: 10 })).map((e) => e.timestamp)).toEqual([NOW + 4, NOW + 3]);
    });

    it('stamps secret events with the scope of the secret and the caller of the context', async () => {
      await put(h.store, secret({ key: 'K', orgId: ORG }));
      await h.store.readSecret(ORG, 'K', NOW + 2, allow, { ...ctx(ORG), principalId: 'reader-1' });
      const [read] = await h.store.queryAudit({ action: 'secret.read', limit: 1 });
      expect(read).toMatchObject({
        orgId: ORG,
        key: 'K',
        principalId: 'reader-1',
        timestamp: NOW + 2,
        success: true,
      });
    });
  });

  describe('webhooks', () => {
    it('creates, lists per scope, enforces the per-org limit and deletes only within the scope', async () => {
      const a = webhook(ORG, ['*']);
      expect(await h.store.createWebhook(a, 2)).toBe('created');
      expect(await h.store.createWebhook(webhook(ORG, ['secret.read']), 2)).toBe('created');
      expect(await h.store.createWebhook(webhook(ORG, ['*']), 2)).toBe('limit');
      expect(await h.store.createWebhook(webhook(ORG2, ['*']), 2)).toBe('created');
      const listed = await h.store.listWebhooks(ORG);
      expect(listed).toHaveLength(2);
      expect(listed.find((w) => w.id === a.id)).toEqual({
        ...a,
        secret: { ...a.secret, nonce: expect.anything() },
      });
      expect(await h.store.listWebhooks(null)).toEqual([]);
      expect(await h.store.deleteWebhook(ORG2, a.id)).toBe(false);
      expect(await h.store.deleteWebhook(null, a.id)).toBe(false);
      expect(await h.store.deleteWebhook(ORG, a.id)).toBe(true);
      expect(await h.store.listWebhooks(ORG)).toHaveLength(1);
    });
  });

  describe('webhook outbox', () => {
    it('queues a delivery per matching webhook of the scope and for the secret’s own URL, never a value', async () => {
      const all = webhook(ORG, ['*']);
      const readsOnly = webhook(ORG, ['secret.read']);
      const other = webhook(ORG2, ['*']);
      for (const w of [all, readsOnly, other]) await h.store.createWebhook(w, 10);
      await put(h.store, secret({ key: 'K', orgId: ORG, maxReads: 2, webhookUrl: 'https://own.example/cb' }));
      const read = await h.store.readSecret(ORG, 'K', NOW + 1, allow, ctx(ORG));
      expect(read.status).toBe('ok');
      const due = await h.store.claimDeliveries(NOW + 1, 100, 30);
      const urls = new Map([
        [all.id, all.url],
        [readsOnly.id, readsOnly.url],
      ]);
      const summary = due.map((d) => `${d.event} ${d.webhookId ?? d.url}`).sort();
      expect(summary).toEqual(
        [
          `secret.create ${all.id}`,
          'secret.create https://own.example/cb',
          `secret.read ${all.id}`,
          `secret.read ${readsOnly.id}`,
          'secret.read https://own.example/cb',
        ].sort(),
      );
      for (const d of due) {
        const body = JSON.parse(d.body) as Record<string, unknown>;
        expect(body).toEqual({
          id: d.id,
          event: d.event,
          key: 'K',
          org_id: ORG,
          timestamp: expect.any(Number),
        });
        expect(d.body).not.toContain('value-of-K');
        expect(d.orgId).toBe(ORG);
        expect(d.attempts).toBe(1);
        expect(d.url).toBe(d.webhookId === null ? 'https://own.example/cb' : urls.get(d.webhookId));
      }
      expect(new Set(due.map((d) => d.id)).size).toBe(due.length);
    });

    it('keeps the public bucket and orgs apart, and skips failed events', async () => {
      const pub = webhook(null, ['*']);
      const org = webhook(ORG, ['*']);
      await h.store.createWebhook(pub, 10);
      await h.store.createWebhook(org, 10);
      await put(h.store, secret({ key: 'P' }));
      await h.store.appendAudit('secret.read', 'Q', false, ctx(ORG), NOW);
      await h.store.appendAudit('auth.failure', null, false, ctx(ORG), NOW);
      const due = await h.store.claimDeliveries(NOW, 100, 30);
      expect(due.map((d) => [d.webhookId, d.event, d.orgId])).toEqual([[pub.id, 'secret.create', null]]);
    });

    it('announces a successful appendAudit of a secret event', async () => {
      const org = webhook(ORG, ['secret.head']);
      await h.store.createWebhook(org, 10);
      await h.store.appendAudit('secret.head', 'K', true, ctx(ORG), NOW);
      const due = await h.store.claimDeliveries(NOW, 100, 30);
      expect(due.map((d) => d.event)).toEqual(['secret.head']);
    });

    it('leases claimed deliveries, retries and completes them', async () => {
      await h.store.createWebhook(webhook(null, ['*']), 10);
      await put(h.store, secret({ key: 'A' }));
      await put(h.store, secret({ key: 'B' }));
      const [first, second] = await Promise.all([
        h.store.claimDeliveries(NOW, 1, 30),
        h.store.claimDeliveries(NOW, 5, 30),
      ]);
      expect((first ?? []).length + (second ?? []).length).toBe(2);
      const ids = [...(first ?? []), ...(second ?? [])].map((d) => d.id);
      expect(new Set(ids).size).toBe(2);
      expect(await h.store.claimDeliveries(NOW + 29, 10, 30)).toEqual([]);
      const again = await h.store.claimDeliveries(NOW + 30, 10, 30);
      expect(again.map((d) => d.attempts)).toEqual([2, 2]);
      const [a, b] = again;
      if (a === undefined || b === undefined) throw new Error('expected two deliveries');
      await h.store.completeDelivery(a.id);
      await h.store.retryDelivery(b.id, NOW + 100);
      expect(await h.store.claimDeliveries(NOW + 99, 10, 30)).toEqual([]);
      const retried = await h.store.claimDeliveries(NOW + 100, 10, 30);
      expect(retried.map((d) => [d.id, d.attempts, d.nextAttemptAt])).toEqual([[b.id, 3, NOW + 100]]);
      await h.store.retryDelivery(b.id, null);
      expect(await h.store.claimDeliveries(NOW + 10_000, 10, 30)).toEqual([]);
    });

    it('drops the pending deliveries of a deleted webhook', async () => {
      const w = webhook(ORG, ['*']);
      await h.store.createWebhook(w, 10);
      await put(h.store, secret({ key: 'K', orgId: ORG }));
      await h.store.deleteWebhook(ORG, w.id);
      expect(await h.store.claimDeliveries(NOW, 10, 30)).toEqual([]);
    });
  });
}
