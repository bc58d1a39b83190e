/**
 * Black-box test of the vault from the command line: a real `warden serve`
 * process on a free loopback port, and the built `warden` binary run as
 * separate processes against it. Assumes `npm run build` (or `npm test`);
 * builds the CLI itself only when dist/ is missing.
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  MAIN,
  type Run,
  randomText,
  warden as run,
  startVault,
  tempDir,
  type VaultProcess,
} from './vault-harness.js';

const ADMIN = randomText('e2e-admin');
const VALUES: string[] = [];
const secret = (label: string) => {
  const v = randomText(label, 12);
  VALUES.push(v);
  return v;
};

let dir = '';
let vault: VaultProcess;

/** Runs the built CLI as its own process in `dir` (also its HOME), as the admin; it never prints the token. */
async function warden(args: string[], input = '', env: Record<string, string> = {}): Promise<Run> {
  const r = await run(args, { HOME: dir, WARDEN_SERVER: vault.url, WARDEN_TOKEN: ADMIN, ...env }, input, dir);
  expect(r.stdout + r.stderr).not.toContain(ADMIN);
  return r;
}

function noValues(r: Run): void {
  for (const v of VALUES) {
    expect(r.stdout).not.toContain(v);
    expect(r.stderr).not.toContain(v);
  }
}

beforeAll(async () => {
  dir = tempDir('vault');
  // The most verbose logs: the test asserts that not even they carry a value.
  vault = await startVault({ dataDir: join(dir, 'data'), adminToken: ADMIN, logLevel: 'trace' });
});

afterAll(async () => {
  await vault?.stop();
  await cleanup();
});

describe('warden vault CLI against warden serve', () => {
  const one = secret('openai');

  it('push --reads 1 --ttl from stdin; the value is not echoed', async () => {
    const r = await warden(['push', 'OPENAI_KEY', '--reads', '1', '--ttl', '10m'], `${one}\n`);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('pushed OPENAI_KEY');
    noValues(r);
  });

  it('list shows the key and its budget, no value', async () => {
    const r = await warden(['list']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/OPENAI_KEY\s+0\/1\s+in 9m|OPENAI_KEY\s+0\/1\s+in 10m/);
    noValues(r);
  });

  it('get prints exactly the value; get again exits 3 (gone)', async () => {
    const r = await warden(['get', 'OPENAI_KEY']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(one);
    expect(r.stderr).toBe('');
    const again = await warden(['get', 'OPENAI_KEY']);
    expect(again.status).toBe(3);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain('[not_found]');
  });

  it('pull writes a 0600 .env with every value', async () => {
    const a = secret('db');
    const b = secret('api');
    expect((await warden(['push', 'DB_URL'], a)).status).toBe(0);
    expect((await warden(['push', 'API_KEY', '--reads', '5'], b)).status).toBe(0);
    const r = await warden(['pull', '--out', '.env']);
    expect(r.status, r.stderr).toBe(0);
    noValues(r);
    const file = join(dir, '.env');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(parseEnv(readFileSync(file, 'utf8'))).toEqual({ DB_URL: a, API_KEY: b });
  });

  it('run -- node: the value reaches the child; the CLI adds nothing to its output', async () => {
    const v = secret('run');
    expect((await warden(['push', 'RUN_ME', '--reads', '1'], v)).status).toBe(0);
    const r = await warden([
      'run',
      '--key',
      'RUN_ME',
      '--',
      process.execPath,
      '-e',
      'console.log(process.env.RUN_ME); console.error(process.env.WARDEN_TOKEN === undefined ? "no-token" : "token!")',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${v}\n`);
    expect(r.stderr).toBe('no-token\n');
    const code = await warden(['run', '--key', 'API_KEY', '--', process.execPath, '-e', 'process.exit(5)']);
    expect(code.status).toBe(5);
  });

  it('run forwards a signal sent to warden to the child, and returns the exit code the child chose', async () => {
    expect((await warden(['push', 'SIG', '--reads', '1'], secret('sig'))).status).toBe(0);
    const script =
      "process.on('SIGTERM', () => process.exit(42)); console.log('ready'); setInterval(() => {}, 1000)";
    const child = spawn(
      process.execPath,
      [MAIN, 'run', '--key', 'SIG', '--', process.execPath, '-e', script],
      {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', WARDEN_SERVER: vault.url, WARDEN_TOKEN: ADMIN },
      },
    );
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await new Promise<void>((ready) => {
      child.stdout.setEncoding('utf8').on('data', (s: string) => {
        if (s.includes('ready')) ready();
      });
    });
    // Only warden gets the signal (not its process group): it must pass it on.
    child.kill('SIGTERM');
    expect(await exited).toBe(42);
  });

  it('head, delete (then 3), prune', async () => {
    const h = await warden(['head', 'API_KEY', '--json']);
    expect(JSON.parse(h.stdout)).toMatchObject({ ok: true, key: 'API_KEY', readsRemaining: 3 });
    expect((await warden(['delete', 'API_KEY'])).status).toBe(0);
    expect((await warden(['delete', 'API_KEY'])).status).toBe(3);
    expect((await warden(['push', 'EXPIRING', '--ttl', '1'], secret('exp'))).status).toBe(0);
    const pr = await warden(['prune', '--json']);
    expect(pr.status).toBe(0);
    expect(JSON.parse(pr.stdout)).toMatchObject({ ok: true, pruned: expect.any(Number) });
  });

  it('audit shows what happened, without values', async () => {
    const r = await warden(['audit', '--limit', '100']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('secret.read');
    noValues(r);
  });

  it('the server printed no value and no token, even at log level trace', () => {
    const logs = vault.output();
    expect(logs.length).toBeGreaterThan(0);
    for (const v of VALUES) expect(logs).not.toContain(v);
    expect(logs).not.toContain(ADMIN);
  });
});
