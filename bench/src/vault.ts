import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { type LoadResult, runLoad } from './vault-load.js';
import { assertAlive, cleanup, fsTypeOf, onCleanup, removeOnExit } from './vault-procs.js';
import { monotonicMicros, summarizeWindow } from './vault-profile.js';
import {
  fillKeys,
  type RedisRun,
  Resp,
  redisBenchmarkMissing,
  redisCpuSeconds,
  redisVersion,
  runGetdel,
  sumOverKeys,
} from './vault-redis.js';
import { aggregate, formatTable, type Line, noteOf, type Skipped } from './vault-report.js';
import { auth, benchDir, call, cliMain, metric, startBare, startVault, valueFor } from './vault-servers.js';
import {
  burn,
  checkBurnSemantics,
  fillPool,
  MULTI_KEYS,
  multiRequest,
  pushRequest,
  seedMultiRead,
} from './vault-workload.js';

// ---------------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const profiling = argv.includes('--profile');
const envNum = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
/** Seconds per round of a line, and rounds per line (interleaved with the baseline). */
const SECONDS = quick ? 1 : envNum('BENCH_VAULT_SECONDS', 2);
const ROUNDS = quick ? 1 : envNum('BENCH_VAULT_ROUNDS', 3);
const CONNECTIONS = [1, 16, 64] as const;
/** redis-benchmark takes a request count, not a duration: about 1–2 s each here. */
const REDIS_REQUESTS: Record<number, number> = quick
  ? { 1: 5000, 16: 20_000, 64: 20_000 }
  : { 1: 30_000, 16: 120_000, 64: 120_000 };
/** Keyspace = 4 × requests: ~88 % of the random GETDEL keys are still there when hit. */
const REDIS_KEYSPACE_FACTOR = 4;
const REDIS_HOST = process.env.BENCH_REDIS_HOST ?? '127.0.0.1';
const REDIS_PORT = envNum('BENCH_REDIS_PORT', 6379);
const LOAD_IDS = ['bare', 'push', 'burn', 'multi'] as const;
type LoadId = (typeof LOAD_IDS)[number];
const LINE_NAMES: Record<LoadId, string> = {
  bare: 'bare Fastify 5 GET, constant JSON (ceiling)',
  push: 'push: POST /secrets (max_reads 1, ttl 600)',
  burn: 'burn-on-read GET (max_reads 1, durable)',
  multi: `multi-read GET (max_reads 4e9, ${MULTI_KEYS} keys)`,
};

const require = createRequire(import.meta.url);
const versionOf = (pkg: string): string => {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return '?';
  }
};

// ---------------------------------------------------------------------------------------------
// Bounded, and cleaned up whatever happens

/** Set once a signal or the watchdog has started tearing down: the errors that follow are expected. */
let stopping = false;
const watchdog = setTimeout(() => {
  stopping = true;
  console.error(`\nvault bench: watchdog fired after ${envNum('BENCH_VAULT_TIMEOUT', 300)} s; cleaning up`);
  void cleanup().finally(() => process.exit(1));
}, envNum('BENCH_VAULT_TIMEOUT', 300) * 1000);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopping = true;
    console.error(`\nvault bench: ${signal}; cleaning up`);
    void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

// ---------------------------------------------------------------------------------------------
// Redis

interface RedisRef {
  resp: Resp;
  version: string;
  prefix: string;
}

async function openRedis(): Promise<RedisRef | string> {
  const missing = redisBenchmarkMissing();
  if (missing !== undefined) return missing;
  let resp: Resp;
  try {
    resp = await Resp.connect(REDIS_HOST, REDIS_PORT);
  } catch (e) {
    return `no Redis at ${REDIS_HOST}:${REDIS_PORT} (${(e as Error).message})`;
  }
  const [pong] = await resp.pipeline([['PING']]);
  if (pong !== 'PONG') {
    resp.close();
    return `Redis at ${REDIS_HOST}:${REDIS_PORT} answered PING with ${String(pong)}`;
  }
  const prefix = `warden-bench:${process.pid}:${Date.now()}:`;
  const largest = Math.max(...Object.values(REDIS_REQUESTS)) * REDIS_KEYSPACE_FACTOR;
  onCleanup(async () => {
    await sumOverKeys(resp, 'DEL', prefix, largest);
    resp.close();
  });
  return { resp, version: await redisVersion(resp), prefix };
}

async function redisLine(redis: RedisRef, connections: number): Promise<Line> {
  const requests = REDIS_REQUESTS[connections] ?? 20_000;
  const keyspace = requests * REDIS_KEYSPACE_FACTOR;
  await fillKeys(redis.resp, redis.prefix, keyspace, valueFor('redis'));
  const cpu0 = await redisCpuSeconds(redis.resp);
  const run: RedisRun = await runGetdel(
    REDIS_HOST,
    REDIS_PORT,
    requests,
    connections,
    keyspace,
    redis.prefix,
    60_000,
  );
  const cpu1 = await redisCpuSeconds(redis.resp);
  const left = await sumOverKeys(redis.resp, 'EXISTS', redis.prefix, keyspace);
  const hits = keyspace - left;
  return {
    id: 'redis',
    name: `Redis ${redis.version} GETDEL (redis-benchmark)`,
    rps: run.rps,
    p50: run.p50,
    p99: run.p99,
    serverCpu: cpu0 === undefined || cpu1 === undefined ? undefined : (cpu1 - cpu0) / run.seconds,
    count: requests,
    note: `${Math.round((100 * hits) / requests)}% of GETDELs found a key (random keys)`,
  };
}

// ---------------------------------------------------------------------------------------------
// Run

function header(dataDir: string): void {
  const cpus = os.cpus();
  const load = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  const fsType = fsTypeOf(dataDir);
  let built = '?';
  try {
    const dist = path.dirname(cliMain);
    const newest = readdirSync(dist, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.js'))
      .reduce((m, f) => Math.max(m, statSync(path.join(dist, f)).mtimeMs), 0);
    built = new Date(newest).toISOString();
  } catch {
    // Informative only.
  }
  console.log('Warden vault benchmark');
  console.log(
    `node ${process.version} ${os.platform()}/${os.arch()}, ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
  );
  console.log(
    `warden serve: ${path.relative(process.cwd(), cliMain)} (built ${built}), --log-level warn, rate limits off; fastify ${versionOf('fastify')}; autocannon ${versionOf('autocannon')}`,
  );
  console.log(
    `data dir ${dataDir} (${fsType})${fsType === 'tmpfs' ? ' — TMPFS: fsync is free here, durable figures are optimistic' : ''}`,
  );
  console.log(
    `load average at start ${load} on ${cpus.length} cores${(os.loadavg()[0] ?? 0) > cpus.length - 0.5 ? ' — BUSY MACHINE: expect noisy numbers' : ''}`,
  );
  if (profiling) {
    console.log(`profile: burn-on-read GET, 64 connections, ${SECONDS * ROUNDS} s, server under --cpu-prof`);
    return;
  }
  console.log(
    `each line: ${ROUNDS} round${ROUNDS === 1 ? '' : 's'} × ${SECONDS} s of autocannon (in this process) against one server process, rounds interleaved with the baseline in a rotating order; req/s = 2xx per second, median of rounds (range = (max − min) ÷ median); vs bare = median of per-round ratios; p50/p99 over every 2xx of every round; CPU in cores used (100% = one core)${quick ? ' (QUICK: numbers are noisy)' : ''}`,
  );
}

async function profileRun(dataDir: string): Promise<void> {
  const profileDir = path.join(benchDir, '.profiles');
  const vault = await startVault(dataDir, profileDir);
  await checkBurnSemantics(vault);
  await seedMultiRead(vault);
  await runLoad({ url: vault.url, connections: 16, seconds: 1, request: multiRequest() });
  const push = await runLoad({ url: vault.url, connections: 64, seconds: 1, request: pushRequest() });
  // Burns run up to 1.5x faster than pushes: twice the push rate keeps the pool from running out.
  await fillPool(vault, Math.ceil(push.rps * 2 * SECONDS * ROUNDS));
  // Only the samples of the burn run are summarized: the pushes that filled the pool are cut off.
  const from = monotonicMicros();
  const r = await burn(vault, 64, SECONDS * ROUNDS);
  const to = monotonicMicros();
  console.log(
    `profiled burn-on-read GET, 64 connections: ${Math.round(r.rps)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms (under the profiler)${noteOf(r) === undefined ? '' : `; ${noteOf(r)}`}`,
  );
  await vault.stop(30_000);
  const newest = readdirSync(profileDir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(profileDir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (newest === undefined) throw new Error(`no .cpuprofile written in ${profileDir}`);
  console.log(`profile: ${path.relative(process.cwd(), newest)}\n`);
  console.log(summarizeWindow(newest, from, to));
}

async function main(): Promise<void> {
  if (!existsSync(cliMain)) throw new Error(`${cliMain} is missing: run npx tsc -b packages/cli first`);
  const parent = process.env.BENCH_VAULT_TMPDIR ?? os.tmpdir();
  const dataDir = mkdtempSync(path.join(parent, 'warden-vault-bench-'));
  removeOnExit(dataDir);
  header(dataDir);
  if (profiling) return profileRun(dataDir);

  const started = performance.now();
  const [vault, bare] = await Promise.all([startVault(dataDir), startBare()]);
  const version = (await (await call(`${vault.url}/version`, 'GET')).json()) as { version: string };
  console.log(`warden ${version.version} at ${vault.url}; bare Fastify at ${bare.url}`);
  await checkBurnSemantics(vault);
  await seedMultiRead(vault);
  const redis = await openRedis();
  if (typeof redis === 'string') console.log(`Redis reference skipped: ${redis}`);

  // Warm-up, not reported: JIT, SQLite page cache, connection setup paths.
  const warm = Math.max(0.5, SECONDS / 5);
  await runLoad({
    url: bare.url,
    connections: 16,
    seconds: warm,
    request: { method: 'GET', path: '/secrets/x' },
  });
  await runLoad({ url: vault.url, connections: 16, seconds: warm, request: pushRequest() });
  await runLoad({ url: vault.url, connections: 16, seconds: warm, request: multiRequest() });
  await burn(vault, 16, warm);

  const results = new Map<number, Line[]>();
  let pushRps = 0;
  for (const c of CONNECTIONS) {
    const common = { connections: c, seconds: SECONDS };
    const runs: Record<LoadId, LoadResult[]> = { bare: [], push: [], burn: [], multi: [] };
    let burnedByServer = 0;
    const measure: Record<LoadId, () => Promise<LoadResult>> = {
      bare: () =>
        runLoad({
          ...common,
          url: bare.url,
          serverPid: bare.pid,
          request: { method: 'GET', path: '/secrets/bare-constant', headers: auth },
        }),
      push: async () => {
        const r = await runLoad({ ...common, url: vault.url, serverPid: vault.pid, request: pushRequest() });
        pushRps = Math.max(pushRps, r.rps);
        return r;
      },
      burn: async () => {
        // Burns outrun pushes (up to 1.5x here): leave headroom so the round runs its full time.
        await fillPool(vault, Math.ceil(pushRps * SECONDS * 2) + 64);
        const before = await metric(vault, 'warden_secret_burns_total');
        const r = await burn(vault, c, SECONDS);
        burnedByServer += (await metric(vault, 'warden_secret_burns_total')) - before;
        return r;
      },
      multi: () => runLoad({ ...common, url: vault.url, serverPid: vault.pid, request: multiRequest() }),
    };
    for (let round = 0; round < ROUNDS; round++) {
      // A rotating order: no line always runs first, or always right after the pushes.
      for (let i = 0; i < LOAD_IDS.length; i++) {
        const id = LOAD_IDS[(i + round) % LOAD_IDS.length] as LoadId;
        runs[id].push(await measure[id]());
        assertAlive(vault);
        assertAlive(bare);
      }
    }
    const lines: Line[] = LOAD_IDS.map((id) => aggregate(id, LINE_NAMES[id], runs[id], runs.bare));
    const burnLine = lines.find((l) => l.id === 'burn') as Line;
    // Every 200 must be a burn the server counted (requests cut at the end of a round may add a few).
    if (burnedByServer < burnLine.count) {
      burnLine.note = `ONLY ${burnedByServer} BURNS COUNTED FOR ${burnLine.count} 200s`;
    }
    const skipped: Skipped[] = [];
    if (typeof redis === 'string') skipped.push({ name: 'Redis GETDEL (redis-benchmark)', reason: redis });
    else lines.push(await redisLine(redis, c));
    results.set(c, lines);
    console.log(formatTable(c, lines, skipped));
  }

  // Target (reported, not asserted).
  const at64 = results.get(64) ?? [];
  const bare64 = at64.find((l) => l.id === 'bare');
  const burn64 = at64.find((l) => l.id === 'burn');
  console.log('\nTarget (reported, not asserted)');
  if (bare64 !== undefined && burn64 !== undefined) {
    const share = burn64.ratio ?? burn64.rps / bare64.rps;
    const ok = share >= 0.5 && burn64.p99 < 10;
    console.log(
      `  [${ok ? 'PASS' : 'FAIL'}] durable burn-on-read GET at 64 connections: ${Math.round(burn64.rps)} req/s, ${(100 * share).toFixed(1)} % of the bare route's ${Math.round(bare64.rps)} (target ≥ 50 %: ${share >= 0.5 ? 'met' : 'missed'}); p99 ${burn64.p99.toFixed(2)} ms (target < 10 ms: ${burn64.p99 < 10 ? 'met' : 'missed'})`,
    );
    if ((bare64.generatorCpu ?? 0) > 0.9) {
      console.log(
        `  note: autocannon used ${Math.round((bare64.generatorCpu ?? 0) * 100)}% of a core on the bare route: that ceiling is what one load-generator process drives on this machine, not the most the bare route could serve`,
      );
    }
  }
  const load = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s; load average now ${load}`);
  const stderr = vault.stderr().trim();
  if (stderr.split('\n').length > 1) console.log(`server stderr (warn and above):\n${stderr}`);
}

try {
  await main();
} catch (e) {
  if (!stopping) console.error(`\nvault bench failed: ${(e as Error).stack ?? e}`);
  process.exitCode = 1;
} finally {
  await cleanup();
  clearTimeout(watchdog);
}
// Nothing of ours should keep the process alive now; autocannon's agents sometimes do.
process.exit();
