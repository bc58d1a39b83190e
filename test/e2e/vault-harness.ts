/**
 * What the vault's process-level tests share: the built `warden serve` as a
 * child process on 127.0.0.1 (port 0: the server binds a free port and
 * prints it), a JSON-over-fetch helper, the CLI as a child process, and
 * bounded polling. Assumes `npm run build` (or `npm test`); builds the CLI
 * only when dist/ is missing.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const MAIN = join(REPO, 'packages/cli/dist/main.js');

/** Builds the CLI when its dist/ is missing (a fresh clone running one file). */
export function ensureBuilt(): void {
  if (!existsSync(MAIN)) execFileSync('npx', ['tsc', '-b', 'packages/cli'], { cwd: REPO, stdio: 'inherit' });
}

/** A random token-like string with a readable prefix. */
export function randomText(label: string, bytes = 16): string {
  return `${label}-${randomBytes(bytes).toString('hex')}`;
}

const dirs: string[] = [];

/** A fresh temp dir, removed by `cleanup()`. */
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `warden-e2e-${label}-`));
  dirs.push(dir);
  return dir;
}

/** How a child process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running `warden serve`. */
export interface VaultProcess {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Settles when the process has exited. */
  exited: Promise<Exit>;
  /** Sends `signal` and waits (bounded) for the exit. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

export interface StartOptions {
  dataDir: string;
  adminToken: string;
  /** Extra environment (the parent's environment is not inherited: no stray WARDEN_* variable). */
  env?: Record<string, string>;
  /** Extra `serve` flags. */
  args?: string[];
  logLevel?: string;
}

const children = new Set<ChildProcess>();

/** Resolves when `child` exits, or rejects after `ms`. */
function exitOf(child: ChildProcess): Promise<Exit> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
}

/** Rejects when `promise` has not settled within `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Starts `warden serve --host 127.0.0.1 --port 0` on `dataDir` with rate
 * limits off (the tests fire bursts from one address) and resolves once it
 * prints its address.
 */
export async function startVault(options: StartOptions): Promise<VaultProcess> {
  ensureBuilt();
  const args = [
    MAIN,
    'serve',
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--data-dir',
    options.dataDir,
    '--log-level',
    options.logLevel ?? 'warn',
    '--rate-limit',
    '0',
    '--token-rate-limit',
    '0',
    ...(options.args ?? []),
  ];
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', WARDEN_ADMIN_TOKEN: options.adminToken, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => {
    out += s;
  });
  const exited = exitOf(child);
  void exited.then(() => children.delete(child));
  const url = await within(
    new Promise<string>((ready, fail) => {
      child.stderr?.setEncoding('utf8').on('data', (s: string) => {
        out += s;
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m?.[1]) ready(m[1]);
      });
      void exited.then((e) => fail(new Error(`warden serve exited (${e.code ?? e.signal}):\n${out}`)));
    }),
    15_000,
    'warden serve to listen',
  );
  return {
    url,
    child,
    output: () => out,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return within(exited, 15_000, `warden serve to exit on ${signal}`);
    },
  };
}

/** Kills every server still running (SIGKILL: a test that left one running has failed already) and removes temp dirs. */
export async function cleanup(): Promise<void> {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all([...children].map((c) => within(exitOf(c), 5000, 'a killed child to exit')));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A JSON answer. */
export interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test code reads arbitrary JSON answers.
  body: any;
}

/** Calls the vault with a bearer token; the body goes out as JSON, the answer is parsed when there is one. */
export async function call(
  base: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Reply> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = method === 'HEAD' ? '' : await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
}

/** A CLI run's result. */
export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `warden` with only `env` (and PATH) in its environment; in `cwd` when given. */
export function warden(
  args: string[],
  env: Record<string, string> = {},
  input = '',
  cwd?: string,
): Promise<Run> {
  ensureBuilt();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', fail);
    child.on('close', (status) => {
      clearTimeout(timer);
      children.delete(child);
      done({ status, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

/** Polls `check` every `everyMs` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function until<T>(
  check: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 10_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
