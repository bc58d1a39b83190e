/**
 * The Redis reference of the vault benchmark: `GETDEL` (read and delete in
 * one step, Redis's burn-on-read) driven by `redis-benchmark`, on keys this
 * process fills first with a minimal RESP client (no Redis package needed)
 * and deletes afterwards. Redis does not fsync a GETDEL (by default it does
 * not even log it), so it is a reference for the network and protocol
 * floor, not a like-for-like durable burn.
 */
import { spawn, spawnSync } from 'node:child_process';
import { connect, type Socket } from 'node:net';

type Reply = string | number | null | Error;

/** A minimal pipelining RESP2 client: simple strings, errors, integers and bulk strings. */
export class Resp {
  readonly #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #waiting: { left: number; replies: Reply[]; resolve: (r: Reply[]) => void }[] = [];

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
  }

  /** Connects, or rejects after `timeoutMs`. */
  static connect(host: string, port: number, timeoutMs = 1000): Promise<Resp> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no answer from ${host}:${port} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.on('error', () => {});
        resolve(new Resp(socket));
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  /** Sends all commands at once and resolves with their replies, in order. */
  async pipeline(commands: string[][]): Promise<Reply[]> {
    if (commands.length === 0) return [];
    const done = new Promise<Reply[]>((resolve) =>
      this.#waiting.push({ left: commands.length, replies: [], resolve }),
    );
    const parts: string[] = [];
    for (const c of commands) {
      parts.push(`*${c.length}\r\n`);
      for (const a of c) parts.push(`$${Buffer.byteLength(a)}\r\n${a}\r\n`);
    }
    if (!this.#socket.write(parts.join(''))) await new Promise((r) => this.#socket.once('drain', r));
    return done;
  }

  close(): void {
    this.#socket.destroy();
  }

  #onData(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    let at = 0;
    for (;;) {
      const parsed = this.#parse(at);
      if (parsed === undefined) break;
      at = parsed.next;
      const w = this.#waiting[0];
      if (w === undefined) continue;
      w.replies.push(parsed.value);
      if (--w.left === 0) {
        this.#waiting.shift();
        w.resolve(w.replies);
      }
    }
    this.#buffer = this.#buffer.subarray(at);
  }

  #parse(at: number): { value: Reply; next: number } | undefined {
    const eol = this.#buffer.indexOf('\r\n', at);
    if (eol < 0) return undefined;
    const line = this.#buffer.toString('utf8', at + 1, eol);
    switch (this.#buffer[at]) {
      case 0x2b /* + */:
        return { value: line, next: eol + 2 };
      case 0x2d /* - */:
        return { value: new Error(line), next: eol + 2 };
      case 0x3a /* : */:
        return { value: Number(line), next: eol + 2 };
      case 0x24 /* $ */:
        {
          const len = Number(line);
          if (len < 0) return { value: null, next: eol + 2 };
          if (this.#buffer.length < eol + 2 + len + 2) return undefined;
          return { value: this.#buffer.toString('utf8', eol + 2, eol + 2 + len), next: eol + 2 + len + 2 };
        }
      default:
        throw new Error(`unexpected RESP reply type ${String.fromCharCode(this.#buffer[at] ?? 0)}`);
    }
  }
}

/** The key `redis-benchmark -r` makes of `<prefix>__rand_int__` for `i`: 12 zero-padded digits. */
export const keyOf = (prefix: string, i: number): string => `${prefix}${String(i).padStart(12, '0')}`;

async function inBatches(count: number, size: number, fn: (from: number, to: number) => Promise<void>) {
  for (let from = 0; from < count; from += size) await fn(from, Math.min(count, from + size));
}

/** SETs keys 0..count-1 to `value`. */
export async function fillKeys(r: Resp, prefix: string, count: number, value: string): Promise<void> {
  await inBatches(count, 20_000, async (from, to) => {
    const cmds: string[][] = [];
    for (let i = from; i < to; i++) cmds.push(['SET', keyOf(prefix, i), value]);
    const replies = await r.pipeline(cmds);
    const bad = replies.find((x) => x !== 'OK');
    if (bad !== undefined) throw new Error(`SET failed: ${String(bad)}`);
  });
}

/** Runs `cmd key…` over keys 0..count-1 in batches and sums the integer replies (EXISTS, DEL). */
export async function sumOverKeys(r: Resp, cmd: 'EXISTS' | 'DEL', prefix: string, count: number) {
  let sum = 0;
  await inBatches(count, 1000, async (from, to) => {
    const cmds: string[][] = [];
    for (let i = from; i < to; i += 100) {
      const keys: string[] = [];
      for (let j = i; j < Math.min(to, i + 100); j++) keys.push(keyOf(prefix, j));
      cmds.push([cmd, ...keys]);
    }
    for (const x of await r.pipeline(cmds)) {
      if (typeof x !== 'number') throw new Error(`${cmd} failed: ${String(x)}`);
      sum += x;
    }
  });
  return sum;
}

/** CPU seconds the Redis server has used (INFO cpu), or undefined. */
export async function redisCpuSeconds(r: Resp): Promise<number | undefined> {
  const [info] = await r.pipeline([['INFO', 'cpu']]);
  if (typeof info !== 'string') return undefined;
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1]);
  const total = field('used_cpu_sys') + field('used_cpu_user');
  return Number.isFinite(total) ? total : undefined;
}

/** The Redis server's version (INFO server). */
export async function redisVersion(r: Resp): Promise<string> {
  const [info] = await r.pipeline([['INFO', 'server']]);
  return typeof info === 'string' ? (/^redis_version:(\S+)/m.exec(info)?.[1] ?? '?') : '?';
}

/** Why redis-benchmark cannot run here, or undefined when it can. */
export function redisBenchmarkMissing(): string | undefined {
  const probe = spawnSync('redis-benchmark', ['--version'], { encoding: 'utf8', timeout: 5000 });
  if (probe.error !== undefined) return `redis-benchmark not found (${probe.error.message})`;
  return probe.status === 0 ? undefined : `redis-benchmark --version exited ${probe.status}`;
}

/** One redis-benchmark run's figures. */
export interface RedisRun {
  rps: number;
  p50: number;
  p99: number;
  seconds: number;
}

/**
 * `redis-benchmark -n <requests> -c <connections> -r <keyspace> --csv GETDEL <prefix>__rand_int__`,
 * killed if it has not finished within `timeoutMs`.
 */
export function runGetdel(
  host: string,
  port: number,
  requests: number,
  connections: number,
  keyspace: number,
  prefix: string,
  timeoutMs: number,
): Promise<RedisRun> {
  const args = ['-h', host, '-p', String(port), '-n', String(requests), '-c', String(connections)];
  args.push('-r', String(keyspace), '--csv', 'GETDEL', `${prefix}__rand_int__`);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('redis-benchmark', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      err = (err + b.toString()).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
      const row = out
        .trim()
        .split('\n')
        .find((l) => /^"getdel /i.test(l));
      const f = row?.split('","').map((x) => Number(x.replace(/"/g, '')));
      if (code !== 0 || f === undefined || !Number.isFinite(f[1])) {
        reject(new Error(`redis-benchmark ${signal ?? `exit ${code}`}: ${err || out}`.trim()));
        return;
      }
      resolve({
        rps: f[1] as number,
        p50: f[4] as number,
        p99: f[6] as number,
        seconds: (performance.now() - t0) / 1000,
      });
    });
  });
}
