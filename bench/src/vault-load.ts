/**
 * One load run of the vault benchmark: autocannon, in this process, against
 * one server for a fixed time (or until a pool of requests runs out), with
 * latencies kept at microsecond resolution (autocannon's own histogram
 * rounds to whole milliseconds, too coarse for a 0.3 ms p50) and the CPU
 * used by the server and by this load generator over the same window.
 */
import autocannon from 'autocannon';
import { cpuSeconds } from './vault-procs.js';

/** What to fire. */
export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  /** At most this many requests (a pool of one-shot keys); the run ends early when they are spent. */
  amount?: number;
  request: autocannon.Request;
  /** Process whose CPU use is reported (the server under load). */
  serverPid?: number;
}

/** What came back. */
export interface LoadResult {
  /** 2xx responses. */
  ok: number;
  /** Responses with another status, by status. */
  other: Record<string, number>;
  errors: number;
  /** From the start to the last response, seconds. */
  seconds: number;
  /** 2xx responses per second over `seconds`. */
  rps: number;
  /** Latency percentiles of the 2xx responses, milliseconds. */
  p50: number;
  p99: number;
  /** Every 2xx latency, milliseconds, sorted (to pool rounds). */
  latencies: Float64Array;
  /** CPU used over the run, in cores (1.00 = one core busy all the time); undefined if unknown. */
  serverCpu: number | undefined;
  generatorCpu: number;
  /** The pool (`amount`) ran out before `seconds`. */
  exhausted: boolean;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

/** Runs one load and resolves with its figures; rejects if autocannon fails or overruns by 20 s. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise<LoadResult>((resolve, reject) => {
    const latencies: number[] = [];
    const other: Record<string, number> = {};
    let last = 0;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const srv0 = spec.serverPid === undefined ? undefined : cpuSeconds(spec.serverPid);
    const bounded = spec.amount !== undefined;
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        // stop() and the end of `duration` take effect at the next sample: keep the tail short.
        sampleInt: 100,
        timeout: 10,
        ...(bounded ? { amount: spec.amount } : { duration: spec.seconds }),
        requests: [spec.request],
      },
      (err, result) => {
        clearTimeout(stopAt);
        clearTimeout(overrun);
        if (err !== null) {
          reject(err);
          return;
        }
        const wall = (performance.now() - t0) / 1000;
        const cpu = process.cpuUsage(cpu0);
        const srv1 = spec.serverPid === undefined ? undefined : cpuSeconds(spec.serverPid);
        const sorted = Float64Array.from(latencies).sort();
        const seconds = (last - t0) / 1000;
        resolve({
          ok: latencies.length,
          other,
          errors: result.errors,
          seconds,
          rps: seconds > 0 ? latencies.length / seconds : 0,
          p50: percentile(sorted, 50),
          p99: percentile(sorted, 99),
          latencies: sorted,
          serverCpu: srv0 === undefined || srv1 === undefined ? undefined : (srv1 - srv0) / wall,
          generatorCpu: (cpu.user + cpu.system) / 1e6 / wall,
          exhausted: bounded && seconds < spec.seconds * 0.95,
        });
      },
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      last = performance.now();
      if (status >= 200 && status < 300) latencies.push(responseTime);
      else other[status] = (other[status] ?? 0) + 1;
    });
    // `amount` mode has no duration of its own.
    const stopAt = bounded ? setTimeout(() => instance.stop(), spec.seconds * 1000) : undefined;
    const overrun = setTimeout(
      () => {
        instance.stop();
        reject(new Error(`load run did not finish within ${spec.seconds + 20} s`));
      },
      (spec.seconds + 20) * 1000,
    );
  });
}
