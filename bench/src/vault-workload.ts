/**
 * The vault workload: the autocannon requests of each line and the state
 * behind them. Pushes create one-shot secrets (max_reads 1) under keys from
 * a counter and record the ones the server accepted (201) in a pool; every
 * burn-on-read GET takes the next key of the pool, so each is a distinct,
 * real burn; multi-read GETs cycle over a fixed set of secrets with a huge
 * read budget.
 */
import type autocannon from 'autocannon';
import { type LoadResult, runLoad } from './vault-load.js';
import type { Served } from './vault-procs.js';
import { noteOf } from './vault-report.js';
import { auth, call, json, valueFor } from './vault-servers.js';

/** Secrets of the multi-read line, and their read budget (below Sirr's u32 cap). */
export const MULTI_KEYS = 256;
const MULTI_MAX_READS = 4_000_000_000;

let keySeq = 0;
/** Keys created with max_reads 1 and not yet read: each burn GET takes one. */
const pool: string[] = [];
const multiKeys = Array.from({ length: MULTI_KEYS }, (_, i) => `multi-${i}`);
let multiNext = 0;

/** POST /secrets of a one-shot secret under the next key; the accepted keys join the pool. */
export const pushRequest = (): autocannon.Request => ({
  method: 'POST',
  path: '/secrets',
  headers: json,
  setupRequest: (req, context) => {
    const key = `burn-${keySeq++}`;
    context.key = key;
    return { ...req, body: JSON.stringify({ key, value: valueFor(key), max_reads: 1, ttl_seconds: 600 }) };
  },
  // Per connection, requests are sequential: the context holds the key of this response.
  onResponse: (status, _body, context) => {
    if (status === 201) pool.push(context.key as string);
  },
});

/** Burns run over a snapshot of the pool; every request takes the next key, so none is read twice. */
const burnRequest = (keys: string[], cursor: { next: number }): autocannon.Request => ({
  method: 'GET',
  headers: auth,
  setupRequest: (req) => ({ ...req, path: `/secrets/${keys[cursor.next++] ?? 'pool-exhausted'}` }),
});

/** GET of the multi-read secrets, round robin. */
export const multiRequest = (): autocannon.Request => ({
  method: 'GET',
  headers: auth,
  setupRequest: (req) => ({ ...req, path: `/secrets/${multiKeys[multiNext++ % MULTI_KEYS]}` }),
});

/** Pushes (unmeasured, 64 connections) until the pool holds `need` keys. */
export async function fillPool(vault: Served, need: number): Promise<void> {
  if (pool.length >= need) return;
  const r = await runLoad({
    url: vault.url,
    connections: 64,
    seconds: 60,
    amount: need - pool.length,
    request: pushRequest(),
  });
  if (pool.length < need) throw new Error(`could not fill the burn pool: ${noteOf(r) ?? 'short'}`);
}

/** One burn run over (at most) the whole pool; the keys it handed out are gone either way. */
export async function burn(vault: Served, connections: number, seconds: number): Promise<LoadResult> {
  const keys = pool.splice(0);
  const cursor = { next: 0 };
  const r = await runLoad({
    url: vault.url,
    connections,
    seconds,
    amount: keys.length,
    request: burnRequest(keys, cursor),
    serverPid: vault.pid,
  });
  pool.push(...keys.slice(cursor.next));
  return r;
}

/** Creates the multi-read secrets. */
export async function seedMultiRead(vault: Served): Promise<void> {
  for (let i = 0; i < MULTI_KEYS; i += 32) {
    await Promise.all(
      multiKeys.slice(i, i + 32).map(async (key) => {
        const res = await call(`${vault.url}/secrets`, 'POST', {
          key,
          value: valueFor(key),
          max_reads: MULTI_MAX_READS,
        });
        if (res.status !== 201) throw new Error(`seeding ${key}: HTTP ${res.status} ${await res.text()}`);
      }),
    );
  }
}

/** The semantics the figures rely on, checked once: a max_reads 1 secret reads once, then 404. */
export async function checkBurnSemantics(vault: Served): Promise<void> {
  const key = 'semantics-check';
  const created = await call(`${vault.url}/secrets`, 'POST', { key, value: valueFor(key), max_reads: 1 });
  const first = await call(`${vault.url}/secrets/${key}`, 'GET');
  const body = (await first.json()) as { value?: string };
  const second = await call(`${vault.url}/secrets/${key}`, 'GET');
  await second.body?.cancel();
  if (
    created.status !== 201 ||
    first.status !== 200 ||
    body.value !== valueFor(key) ||
    second.status !== 404
  ) {
    throw new Error(
      `burn semantics check failed: create ${created.status}, read ${first.status}, re-read ${second.status}`,
    );
  }
}
