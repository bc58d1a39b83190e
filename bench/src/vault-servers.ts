/**
 * The two HTTP servers of the vault benchmark, each a child process: the
 * real `warden serve` (the built CLI, as an operator runs it) and the bare
 * Fastify route; plus the few admin calls the benchmark makes to the vault.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Served, startChild } from './vault-procs.js';

/** bench/ */
export const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The built `warden` CLI (`npx tsc -b packages/cli`). */
export const cliMain = path.resolve(benchDir, '../packages/cli/dist/main.js');

const adminToken = randomBytes(24).toString('hex');
/** Headers of an admin request. */
export const auth = { authorization: `Bearer ${adminToken}` };
/** Headers of an admin request with a JSON body. */
export const json = { ...auth, 'content-type': 'application/json' };
/** A value the size of a real API key, different per key. */
export const valueFor = (key: string) => `sk-bench-${key.padStart(40, '0')}`;

/** The environment of the children: this one without any WARDEN_/SIRR_ setting that could leak in. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(WARDEN_|SIRR_)/.test(k) && k !== 'ENABLE_PUBLIC_BUCKET') env[k] = v;
  }
  return { ...env, ...extra };
}

/**
 * Starts `warden serve` on a free loopback port over `dataDir`, rate limits off, logging at warn;
 * under `--cpu-prof` when `profileDir` is given.
 */
export async function startVault(dataDir: string, profileDir?: string): Promise<Served> {
  const nodeArgs =
    profileDir === undefined
      ? []
      : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-interval', '200'];
  return startChild(
    'warden serve',
    [...nodeArgs, cliMain, 'serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir],
    {
      cwd: dataDir,
      ready: /vault listening on (http:\/\/\S+)/,
      env: childEnv({
        WARDEN_ADMIN_TOKEN: adminToken,
        WARDEN_MASTER_KEY: randomBytes(32).toString('hex'),
        // Every request comes from one IP with one token: the default limits (100/s) would measure 429s.
        WARDEN_RATE_LIMIT_PER_SECOND: '0',
        WARDEN_TOKEN_RATE_LIMIT_PER_SECOND: '0',
        WARDEN_LOG_LEVEL: 'warn',
      }),
    },
  );
}

/** Starts the bare Fastify route (vault-bare.ts) on a free loopback port. */
export function startBare(): Promise<Served> {
  return startChild('bare Fastify', ['--import', 'tsx', path.join(benchDir, 'src/vault-bare.ts')], {
    cwd: benchDir,
    ready: /listening (http:\/\/\S+)/,
    env: childEnv({}),
  });
}

/** One admin request, 10 s timeout. */
export async function call(url: string, method: string, body?: unknown): Promise<Response> {
  return fetch(url, {
    method,
    headers: body === undefined ? auth : json,
    ...(body !== undefined && { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
}

/** A counter of the server's /metrics, summed over its label sets. */
export async function metric(vault: Served, name: string): Promise<number> {
  const text = await (await call(`${vault.url}/metrics`, 'GET')).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) sum += Number(line.split(' ').pop());
  }
  return sum;
}
