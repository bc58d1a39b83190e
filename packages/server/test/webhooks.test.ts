import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sweeper } from '../src/sweeper.js';
import { WebhookDispatcher } from '../src/webhooks/dispatcher.js';
import { signWebhook, verifyWebhookSignature } from '../src/webhooks/signature.js';
import { ADMIN, bearer, json, makePrincipal, makeVault, push, type TestVault } from './http-helpers.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let v: TestVault;
let receiver: Server;
let received: Received[];
let status: number;
let hookUrl: string;

beforeEach(async () => {
  v = await makeVault({ settings: { webhookUrlPolicy: { allowedOrigins: [], allowPrivateTargets: true } } });
  received = [];
  status = 200;
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterEach(async () => {
  await v.close();
  await new Promise((r) => receiver.close(r));
});

/** Registers a public-bucket webhook with the admin token; returns the response. */
const addPublicHook = (url = hookUrl, app = v.app) =>
  app.inject({ method: 'POST', url: '/webhooks', headers: bearer(ADMIN), payload: { url } });

const dispatcher = (allowPrivateTargets = true) =>
  new WebhookDispatcher(v.store, v.sealer, v.clock, { allowPrivateTargets, baseDelaySeconds: 10 });

describe('signatures', () => {
  it('verify a fresh signature; refuse tampering, other secrets and old timestamps', () => {
    const body = '{"event":"secret.read"}';
    const header = signWebhook('whsec_x', 1000, body);
    expect(header).toMatch(/^t=1000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature('whsec_x', header, body, 1100)).toBe(true);
    expect(verifyWebhookSignature('whsec_x', header, `${body} `, 1100)).toBe(false);
    expect(verifyWebhookSignature('whsec_y', header, body, 1100)).toBe(false);
    expect(verifyWebhookSignature('whsec_x', header, body, 1000 + 301)).toBe(false);
    expect(verifyWebhookSignature('whsec_x', header.replace('t=1000', 't=1001'), body, 1001)).toBe(false);
    expect(verifyWebhookSignature('whsec_x', undefined, body, 1000)).toBe(false);
  });
});

describe('delivery', () => {
  it('delivers an org event, signed with the webhook secret, no value in the body', async () => {
    const w = await makePrincipal(v.app, 'admin');
    const created = await v.app.inject({
      method: 'POST',
      url: `/orgs/${w.org}/webhooks`,
      headers: bearer(w.key),
      payload: { url: hookUrl, events: ['secret.create', 'secret.burn'] },
    });
    expect(created.statusCode).toBe(201);
    const { secret } = json<{ id: string; secret: string }>(created);
    expect(secret).toMatch(/^whsec_[0-9a-f]{32}$/);

    await v.app.inject({
      method: 'POST',
      url: `/orgs/${w.org}/secrets`,
      headers: bearer(w.key),
      payload: { key: 'HOOKED', value: 'never-in-a-webhook', max_reads: 1 },
    });
    await v.app.inject({ method: 'GET', url: `/orgs/${w.org}/secrets/HOOKED`, headers: bearer(w.key) });
    // A public-bucket event does not reach the org's webhook.
    await push(v.app, { key: 'PUBLIC', value: 'v' });

    expect(await dispatcher().runOnce()).toBe(2);
    expect(received.map((r) => JSON.parse(r.body).event).sort()).toEqual(['secret.burn', 'secret.create']);
    for (const r of received) {
      expect(r.body).not.toContain('never-in-a-webhook');
      expect(JSON.parse(r.body)).toMatchObject({ key: 'HOOKED', org_id: w.org });
      expect(
        verifyWebhookSignature(secret, r.headers['x-warden-signature'] as string, r.body, v.clock.now()),
      ).toBe(true);
      expect(r.headers['x-warden-delivery']).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(await dispatcher().runOnce()).toBe(0);
  });

  it('retries with backoff after a failure, then delivers', async () => {
    await addPublicHook();
    await push(v.app, { key: 'R', value: 'v' });
    status = 500;
    const d = dispatcher();
    expect(await d.runOnce()).toBe(1);
    expect(received).toHaveLength(1);
    status = 200;
    expect(await d.runOnce()).toBe(0); // not due yet
    v.clock.advance(11);
    expect(await d.runOnce()).toBe(1);
    expect(received).toHaveLength(2);
    expect(received[0]?.headers['x-warden-delivery']).toBe(received[1]?.headers['x-warden-delivery']);
    expect(d.backoffSeconds(1)).toBeLessThanOrEqual(11);
    expect(d.backoffSeconds(3)).toBeGreaterThanOrEqual(40);
    expect(d.backoffSeconds(30)).toBeLessThanOrEqual(3960);
  });

  it('refuses loopback targets unless allowed: at registration and at delivery', async () => {
    const strict = await makeVault();
    try {
      for (const url of [
        hookUrl,
        'http://localhost/x',
        'https://169.254.169.254/latest',
        'https://[::1]/',
        'ftp://example.com',
      ]) {
        const res = await addPublicHook(url, strict.app);
        expect(res.statusCode, url).toBe(400);
        expect(json(res).code).toBe('invalid_webhook_url');
      }
    } finally {
      await strict.close();
    }
    // Registered while allowed, delivered by a dispatcher that refuses: dropped, never sent.
    await addPublicHook();
    await push(v.app, { key: 'P', value: 'v' });
    expect(await dispatcher(false).runOnce()).toBe(1);
    expect(received).toHaveLength(0);
    v.clock.advance(10_000);
    expect(await dispatcher(false).runOnce()).toBe(0);
  });

  it('a deleted webhook takes its pending deliveries with it', async () => {
    const res = await addPublicHook();
    const { id } = json<{ id: string }>(res);
    await push(v.app, { key: 'D', value: 'v' });
    const del = await v.app.inject({ method: 'DELETE', url: `/webhooks/${id}`, headers: bearer(ADMIN) });
    expect(json(del)).toEqual({ deleted: true });
    await dispatcher().runOnce();
    expect(received).toHaveLength(0);
  });

  it('at most 10 webhooks per scope', async () => {
    for (let i = 0; i < 10; i++) {
      await addPublicHook(`${hookUrl}${i}`);
    }
    const res = await addPublicHook();
    expect(res.statusCode).toBe(409);
    expect(json(res)).toEqual({ error: 'maximum of 10 webhooks reached', code: 'webhook_limit' });
  });
});

describe('sweeper', () => {
  it('purges expired records of every scope and audit past retention', async () => {
    const w = await makePrincipal(v.app, 'writer');
    await push(v.app, { key: 'OLD', value: 'v', ttl_seconds: 10 });
    await push(v.app, { key: 'KEEP', value: 'v' });
    await v.app.inject({
      method: 'POST',
      url: `/orgs/${w.org}/secrets`,
      headers: bearer(w.key),
      payload: { key: 'ORG_OLD', value: 'v', ttl_seconds: 10 },
    });
    const sweeper = new Sweeper(v.store, v.clock, { intervalSeconds: 0, auditRetentionDays: 30 });
    expect(await sweeper.runOnce()).toEqual({ pruned: 0, auditPruned: 0 });
    v.clock.advance(10);
    expect((await sweeper.runOnce()).pruned).toBe(2);
    const list = await v.app.inject({ method: 'GET', url: '/secrets', headers: bearer(ADMIN) });
    expect(json<{ secrets: { key: string }[] }>(list).secrets.map((s) => s.key)).toEqual(['KEEP']);
    v.clock.advance(31 * 86_400);
    expect((await sweeper.runOnce()).auditPruned).toBeGreaterThan(0);
    const audit = await v.app.inject({
      method: 'GET',
      url: `/audit?until=${v.clock.now() - 30 * 86_400}`,
      headers: bearer(ADMIN),
    });
    expect(json(audit)).toEqual({ events: [] });
  });

  it('runs on its own timer when the app has one, and stops on close', async () => {
    const timed = await makeVault({ sweeper: { intervalSeconds: 0.05, auditRetentionDays: 0 } });
    try {
      await timed.app.ready();
      await push(timed.app, { key: 'T', value: 'v', ttl_seconds: 1 });
      timed.clock.advance(1);
      await new Promise((r) => setTimeout(r, 200));
      const audit = await timed.app.inject({
        method: 'GET',
        url: '/audit?action=secret.prune',
        headers: bearer(ADMIN),
      });
      expect(json<{ events: { detail: string }[] }>(audit).events.some((e) => e.detail === 'pruned=1')).toBe(
        true,
      );
    } finally {
      await timed.close();
    }
  });
});
