import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@warden/core';
import type { LightMyRequestResponse } from 'fastify';
import { type CreateAppOptions, createApp } from '../src/app.js';
import { hashToken } from '../src/auth/tokens.js';
import type { App } from '../src/context.js';
import { openEncryption } from '../src/seal/index.js';
import type { Sealer } from '../src/seal/types.js';
import { SqliteStore } from '../src/store/sqlite.js';

/** The admin token every test vault uses. */
export const ADMIN = 'test-admin-token-0123456789abcdef';

/** A vault over the real SqliteStore and Sealer in a fresh temp dir. */
export interface TestVault {
  app: App;
  dir: string;
  clock: ManualClock;
  /** The app's store and sealer, for driving background workers directly. */
  store: SqliteStore;
  sealer: Sealer;
  /** Closes the app (and its store) and removes the temp dir. */
  close(): Promise<void>;
}

/** Test-friendly defaults: no rate limits, a manual clock at a fixed instant. */
export async function makeVault(
  options: Partial<Omit<CreateAppOptions, 'store' | 'sealer' | 'adminTokenHash'>> = {},
): Promise<TestVault> {
  const dir = mkdtempSync(join(tmpdir(), 'warden-server-'));
  const clock = new ManualClock(1_800_000_000);
  const store = new SqliteStore({ path: join(dir, 'vault.db'), clock });
  await store.init();
  const { sealer } = await openEncryption({ store, dataDir: dir, env: {} });
  const app = createApp({
    store,
    sealer,
    adminTokenHash: hashToken(ADMIN),
    clock,
    rateLimits: { perIp: { perSecond: 0, burst: 1 }, perToken: { perSecond: 0, burst: 1 } },
    ...options,
  });
  return {
    app,
    dir,
    clock,
    store,
    sealer,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Authorization header for a token. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Headers Sirr's Python client sends on every request. */
export const sirrHeaders = (token: string) => ({ ...bearer(token), 'content-type': 'application/json' });

/** A response's JSON body. */
export const json = <T = Record<string, unknown>>(res: LightMyRequestResponse): T => res.json() as T;

/** Pushes a public secret with the admin token; returns the response. */
export function push(app: App, body: Record<string, unknown>, token = ADMIN) {
  return app.inject({ method: 'POST', url: '/secrets', headers: bearer(token), payload: body });
}

/**
 * An org, a principal in it with `role`, and a raw API key for that principal.
 * Key names are unique per org, so the default name is random.
 */
export async function makePrincipal(
  app: App,
  role: string,
  options: { org?: string; name?: string; keyName?: string } = {},
): Promise<{ org: string; principal: string; key: string }> {
  let org = options.org;
  if (org === undefined) {
    const res = await app.inject({
      method: 'POST',
      url: '/orgs',
      headers: bearer(ADMIN),
      payload: { name: 'acme' },
    });
    org = json<{ id: string }>(res).id;
  }
  const p = await app.inject({
    method: 'POST',
    url: `/orgs/${org}/principals`,
    headers: bearer(ADMIN),
    payload: { name: options.name ?? role, role },
  });
  if (p.statusCode !== 201) throw new Error(`principal: ${p.statusCode} ${p.body}`);
  const principal = json<{ id: string }>(p).id;
  const k = await app.inject({
    method: 'POST',
    url: `/orgs/${org}/principals/${principal}/keys`,
    headers: bearer(ADMIN),
    payload: { name: options.keyName ?? `key-${randomBytes(4).toString('hex')}` },
  });
  if (k.statusCode !== 201) throw new Error(`key: ${k.statusCode} ${k.body}`);
  return { org, principal, key: json<{ key: string }>(k).key };
}
