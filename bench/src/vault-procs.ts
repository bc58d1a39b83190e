/**
 * Child processes of the vault benchmark (the `warden serve` under test and
 * the bare Fastify ceiling) and the cleanup that must run however the
 * benchmark ends: normally, on an error, on SIGINT/SIGTERM or on the
 * watchdog.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

/** A child that printed the URL it listens on. */
export interface Served {
  name: string;
  child: ChildProcess;
  url: string;
  pid: number;
  /** Everything it wrote to stderr so far (shown when something goes wrong). */
  stderr: () => string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop: (graceMs?: number) => Promise<void>;
}

const children = new Set<ChildProcess>();
const dirs = new Set<string>();
const asyncCleanups: (() => Promise<void>)[] = [];

/** Registers a temp dir to delete on exit. */
export function removeOnExit(dir: string): void {
  dirs.add(dir);
}

/** Registers an async cleanup (e.g. deleting the Redis keys) for `cleanup()`. */
export function onCleanup(fn: () => Promise<void>): void {
  asyncCleanups.push(fn);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  const done = exited(child);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    void done.then(() => clearTimeout(force));
  }
  return done.then(() => {
    children.delete(child);
  });
}

/**
 * Spawns `node args…` and waits (at most `timeoutMs`) for a line of its
 * stdout or stderr to match `ready`, whose first group is the URL.
 */
export function startChild(
  name: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; ready: RegExp; timeoutMs?: number },
): Promise<Served> {
  const child = spawn(process.execPath, args, {
    env: options.env,
    cwd: options.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  let err = '';
  let out = '';
  return new Promise<Served>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      void stopChild(child, 1000).then(() =>
        reject(new Error(`${name}: ${why}\n--- stderr ---\n${err}--- stdout ---\n${out}`)),
      );
    };
    const timer = setTimeout(
      () => fail(`not listening after ${options.timeoutMs ?? 15_000} ms`),
      options.timeoutMs ?? 15_000,
    );
    const look = () => {
      const m = options.ready.exec(`${out}\n${err}`);
      if (m?.[1] === undefined || child.pid === undefined) return;
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      child.stdout.off('data', onOut);
      child.stdout.resume();
      resolve({
        name,
        child,
        url: m[1],
        pid: child.pid,
        stderr: () => err,
        stop: (graceMs = 5000) => stopChild(child, graceMs),
      });
    };
    const onOut = (b: Buffer) => {
      out += b.toString();
      look();
    };
    child.stdout.on('data', onOut);
    child.stderr.on('data', (b: Buffer) => {
      // Keep only the tail: a child that logs a lot must not grow this process.
      err = (err + b.toString()).slice(-20_000);
      look();
    });
    child.once('error', (e) => fail(e.message));
    const onEarlyExit = (code: number | null, signal: NodeJS.Signals | null) =>
      fail(`exited early (${signal ?? `code ${code}`})`);
    child.once('exit', onEarlyExit);
  });
}

let cleaning: Promise<void> | undefined;

/** Stops every child, runs the async cleanups, deletes the temp dirs. Once; never throws. */
export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.all([...children].map((c) => stopChild(c, 3000)));
    for (const fn of asyncCleanups.splice(0)) {
      try {
        await fn();
      } catch (e) {
        console.error(`cleanup: ${(e as Error).message}`);
      }
    }
    removeDirs();
  })();
  return cleaning;
}

/** Throws if `served` has exited (with the tail of its stderr). */
export function assertAlive(served: Served): void {
  const { exitCode, signalCode } = served.child;
  if (exitCode === null && signalCode === null) return;
  throw new Error(
    `${served.name} died (${signalCode ?? `exit ${exitCode}`})\n${served.stderr().slice(-2000)}`,
  );
}

function removeDirs(): void {
  for (const d of dirs) {
    try {
      rmSync(d, { recursive: true, force: true });
    } catch {
      // Best effort: a temp dir left behind is harmless.
    }
    dirs.delete(d);
  }
}

// Last resort when the process exits without `cleanup()` (an uncaught throw, process.exit).
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
  removeDirs();
});

/**
 * CPU seconds (user + system) a process has used so far, from
 * /proc/<pid>/stat; undefined where that is not readable (not Linux).
 */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line; USER_HZ is 100 on Linux.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** The file system type under `dir` (from /proc/self/mounts), to warn when fsync is free (tmpfs). */
export function fsTypeOf(dir: string): string {
  try {
    let best = { mount: '', type: 'unknown' };
    for (const line of readFileSync('/proc/self/mounts', 'utf8').split('\n')) {
      const [, mount, type] = line.split(' ');
      if (mount === undefined || type === undefined) continue;
      const under = dir === mount || dir.startsWith(mount.endsWith('/') ? mount : `${mount}/`);
      if (under && mount.length >= best.mount.length) best = { mount, type };
    }
    return best.type;
  } catch {
    return 'unknown';
  }
}
