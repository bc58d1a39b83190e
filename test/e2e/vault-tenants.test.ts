/**
 * Tenant isolation over HTTP against the built `warden serve`: two orgs,
 * each with a principal, a secret of the same name and a webhook. Org B's
 * principal cannot read, list, patch, delete or even detect org A's secrets,
 * cannot list or delete A's webhooks (Sirr v1 deleted any org's webhook by id
 * from any org's route), cannot read A's audit, and A's webhook receives
 * only A's events, signed with A's secret.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '@warden/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, cleanup, randomText, startVault, tempDir, until, type VaultProcess } from './vault-harness.js';

const ADMIN = randomText('e2e-admin');
let vault: VaultProcess;
let receiver: Server;
let receiverUrl = '';

/** A webhook delivery as the receiver got it. */
interface Delivery {
  path: string;
  signature: string | undefined;
  raw: string;
  body: { event: string; key: string | null; org_id: string | null };
}
const deliveries: Delivery[] = [];

/** One org as its principal sees it. */
interface Tenant {
  org: string;
  principal: string;
  token: string;
  value: string;
  hook: { id: string; secret: string };
}
const tenants: Record<'a' | 'b', Tenant> = {} as Record<'a' | 'b', Tenant>;

const admin = (method: string, path: string, body?: unknown) => call(vault.url, ADMIN, method, path, body);

async function tenant(label: 'a' | 'b'): Promise<Tenant> {
  const org = await admin('POST', '/orgs', { name: `org-${label}` });
  expect(org.status).toBe(201);
  const principal = await admin('POST', `/orgs/${org.body.id}/principals`, {
    name: `agent-${label}`,
    role: 'admin',
  });
  expect(principal.status).toBe(201);
  const key = await admin('POST', `/orgs/${org.body.id}/principals/${principal.body.id}/keys`, {
    name: 'k',
    valid_for_seconds: 3600,
  });
  expect(key.status).toBe(201);
  const token = key.body.key as string;
  const value = randomText(`value-${label}`);
  const as = (method: string, path: string, body?: unknown) => call(vault.url, token, method, path, body);
  expect((await as('POST', `/orgs/${org.body.id}/secrets`, { key: 'SHARED_NAME', value })).status).toBe(201);
  const only = { key: `ONLY_${label.toUpperCase()}`, value: randomText(`only-${label}`) };
  expect((await as('POST', `/orgs/${org.body.id}/secrets`, only)).status).toBe(201);
  const hook = await as('POST', `/orgs/${org.body.id}/webhooks`, {
    url: `${receiverUrl}/${label}`,
    events: ['*'],
  });
  expect(hook.status).toBe(201);
  return { org: org.body.id, principal: principal.body.id, token, value, hook: hook.body };
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8').on('data', (s: string) => {
      raw += s;
    });
    req.on('end', () => {
      const signature = req.headers['x-warden-signature'];
      deliveries.push({
        path: req.url ?? '',
        signature: typeof signature === 'string' ? signature : undefined,
        raw,
        body: JSON.parse(raw),
      });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((ready) => receiver.listen(0, '127.0.0.1', ready));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  vault = await startVault({
    dataDir: tempDir('tenants'),
    adminToken: ADMIN,
    args: ['--webhook-allow-private-targets'],
  });
  tenants.a = await tenant('a');
  tenants.b = await tenant('b');
});
afterAll(async () => {
  await vault?.stop();
  await new Promise((done) => receiver?.close(done));
  await cleanup();
});

/** Org B's principal calling. */
const asB = (method: string, path: string, body?: unknown) =>
  call(vault.url, tenants.b.token, method, path, body);
const asA = (method: string, path: string, body?: unknown) =>
  call(vault.url, tenants.a.token, method, path, body);

describe("org B's principal against org A", () => {
  it("gets 404 for A's secrets on every route, the same 404 as for an org that does not exist", async () => {
    const a = tenants.a.org;
    const nowhere = '0123456789abcdef0123456789abcdef';
    for (const org of [a, nowhere]) {
      const answers = await Promise.all([
        asB('GET', `/orgs/${org}/secrets/SHARED_NAME`),
        asB('GET', `/orgs/${org}/secrets/ONLY_A`),
        asB('HEAD', `/orgs/${org}/secrets/ONLY_A`),
        asB('PATCH', `/orgs/${org}/secrets/ONLY_A`, { max_reads: 100 }),
        asB('DELETE', `/orgs/${org}/secrets/ONLY_A`),
        asB('GET', `/orgs/${org}/secrets`),
        asB('POST', `/orgs/${org}/secrets`, { key: 'PLANTED', value: 'x' }),
      ]);
      for (const r of answers) expect(r.status).toBe(404);
      const bodies = answers.filter((r) => r.body !== undefined).map((r) => r.body);
      expect(bodies).toEqual(Array(bodies.length).fill({ error: 'not found or expired', code: 'not_found' }));
    }
    // Nor through its own org, nor the public bucket.
    expect((await asB('GET', `/orgs/${tenants.b.org}/secrets/ONLY_A`)).status).toBe(404);
    expect((await asB('GET', '/secrets/ONLY_A')).status).toBe(404);
    expect((await asB('GET', '/secrets/SHARED_NAME')).status).toBe(404);
  });

  it("reads its own SHARED_NAME, never A's; A's secrets are untouched by B's attempts", async () => {
    const own = await asB('GET', `/orgs/${tenants.b.org}/secrets/SHARED_NAME`);
    expect(own.body.value).toBe(tenants.b.value);
    const list = await asB('GET', `/orgs/${tenants.b.org}/secrets`);
    expect(list.body.secrets.map((s: { key: string }) => s.key).sort()).toEqual(['ONLY_B', 'SHARED_NAME']);
    expect((await asA('GET', `/orgs/${tenants.a.org}/secrets/SHARED_NAME`)).body.value).toBe(tenants.a.value);
    const head = await asA('HEAD', `/orgs/${tenants.a.org}/secrets/ONLY_A`);
    expect(head.status).toBe(200);
    expect(head.headers.get('x-sirr-read-count')).toBe('0');
    expect((await admin('GET', '/secrets')).body.secrets).toEqual([]);
  });

  it("cannot list or delete A's webhooks, from A's route or from its own (Sirr v1's leak)", async () => {
    const a = tenants.a;
    expect((await asB('GET', `/orgs/${a.org}/webhooks`)).status).toBe(404);
    expect((await asB('DELETE', `/orgs/${a.org}/webhooks/${a.hook.id}`)).status).toBe(404);
    const fromOwn = await asB('DELETE', `/orgs/${tenants.b.org}/webhooks/${a.hook.id}`);
    expect(fromOwn.status).toBe(404);
    expect(fromOwn.body.code).toBe('webhook_not_found');
    // Nor can the admin's public-bucket route reach an org's webhook.
    expect((await admin('DELETE', `/webhooks/${a.hook.id}`)).status).toBe(404);

    const listB = await asB('GET', `/orgs/${tenants.b.org}/webhooks`);
    expect(listB.body.webhooks.map((w: { id: string }) => w.id)).toEqual([tenants.b.hook.id]);
    const listA = await asA('GET', `/orgs/${a.org}/webhooks`);
    expect(listA.body.webhooks.map((w: { id: string }) => w.id)).toEqual([a.hook.id]);
    expect(JSON.stringify(listA.body)).not.toContain(a.hook.secret);
  });

  it("cannot read A's audit or the global one; its own audit holds only its org's events", async () => {
    expect((await asB('GET', `/orgs/${tenants.a.org}/audit`)).status).toBe(404);
    expect((await asB('GET', '/audit')).status).toBe(403);
    expect((await asB('GET', `/orgs/${tenants.a.org}/principals`)).status).toBe(404);
    const own = await asB('GET', `/orgs/${tenants.b.org}/audit?limit=1000`);
    expect(own.status).toBe(200);
    const events = own.body.events as { org_id: string; principal_id: string | null; key: string | null }[];
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      expect(e.org_id).toBe(tenants.b.org);
      expect(e.principal_id).not.toBe(tenants.a.principal);
      expect(e.key).not.toBe('ONLY_A');
    }
    const all = await admin('GET', '/audit?limit=1000');
    expect(all.body.events.some((e: { org_id: string }) => e.org_id === tenants.a.org)).toBe(true);
  });

  it("A's webhook gets only A's events, signed with A's secret; B's likewise", async () => {
    // One more event each, then wait (bounded) for both receivers to see their orgs' creates and this read.
    await asA('GET', `/orgs/${tenants.a.org}/secrets/ONLY_A`);
    await asB('GET', `/orgs/${tenants.b.org}/secrets/ONLY_B`);
    await until(
      () => {
        const seen = (label: 'a' | 'b') =>
          deliveries.some((d) => d.path === `/${label}` && d.body.event === 'secret.read');
        return seen('a') && seen('b') ? true : undefined;
      },
      'both webhooks to be delivered',
      15_000,
      100,
    );
    const now = Math.floor(Date.now() / 1000);
    for (const [label, other] of [
      ['a', 'b'],
      ['b', 'a'],
    ] as const) {
      const mine = deliveries.filter((d) => d.path === `/${label}`);
      expect(mine.length).toBeGreaterThanOrEqual(2);
      for (const d of mine) {
        expect(d.body.org_id).toBe(tenants[label].org);
        expect(d.body.key).not.toBe(`ONLY_${other.toUpperCase()}`);
        expect(verifyWebhookSignature(tenants[label].hook.secret, d.signature, d.raw, now)).toBe(true);
        expect(verifyWebhookSignature(tenants[other].hook.secret, d.signature, d.raw, now)).toBe(false);
      }
    }
  });
});
