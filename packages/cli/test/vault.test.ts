/**
 * The vault commands in-process (captured streams) against the real vault
 * server, started with `startServer` on 127.0.0.1:0 with a temp data dir.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { expectNotPrinted, type Run, runWarden } from './support/cli.js';
import { useVault } from './support/server.js';

const vault = useVault('vault');
const ADMIN = vault.admin;
const p = (name: string) => join(vault.dir, name);
const VALUES: string[] = [];
const secret = (label: string) => {
  const v = `${label}-${Buffer.from(crypto.getRandomValues(new Uint8Array(12))).toString('hex')}`;
  VALUES.push(v);
  return v;
};

async function warden(args: string[], stdin?: string): Promise<Run> {
  const r = await runWarden(args, stdin);
  expectNotPrinted(r, [ADMIN]);
  return r;
}

/** No value pushed so far appears in the run's output (for commands that never print values). */
function noValues(r: Run): void {
  expectNotPrinted(r, VALUES);
}

beforeEach(() => {
  vi.stubEnv('WARDEN_TOKEN', ADMIN);
});

describe('push, head, get: the one-read flow', () => {
  it('push from stdin with --reads 1 --ttl; head twice costs nothing; get prints it; get again exits 3', async () => {
    const v = secret('one');
    const pushed = await warden(['push', 'ONE', '--reads', '1', '--ttl', '10m'], `${v}\n`);
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stdout).toContain('pushed ONE: 1 read, expires in 10m');
    noValues(pushed);
    for (let i = 0; i < 2; i++) {
      const h = await warden(['head', 'ONE']);
      expect(h.code).toBe(0);
      expect(h.stdout).toContain('reads:     0 used, 1 left');
      noValues(h);
    }
    const got = await warden(['get', 'ONE']);
    expect(got.code).toBe(0);
    // stdin's trailing newline is dropped; stdout is the value alone, byte for byte.
    expect(got.stdout).toBe(v);
    expect(got.stderr).toBe('');
    const again = await warden(['get', 'ONE']);
    expect(again.code).toBe(3);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain('[not_found]');
    const json = await warden(['get', 'ONE', '--json']);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, code: 'not_found', exitCode: 3 });
    expect((await warden(['head', 'ONE'])).code).toBe(3);
  });

  it('get --json gives { ok, key, value }', async () => {
    const v = secret('json');
    await warden(['push', 'JSON_GET'], v);
    const r = await warden(['get', 'JSON_GET', '--json']);
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, key: 'JSON_GET', value: v });
  });

  it('values on argv (KEY=value, KEY VALUE) work with a warning; --file is byte for byte', async () => {
    const a = secret('argv');
    const r1 = await warden(['push', `ARGV1=${a}`]);
    expect(r1.code).toBe(0);
    expect(r1.stderr).toContain('visible to other processes');
    expect((await warden(['get', 'ARGV1'])).stdout).toBe(a);
    const r2 = await warden(['push', 'ARGV2', a]);
    expect(r2.stderr).toContain('visible to other processes');
    const f = p('tls.key');
    const content = `-----BEGIN X-----\n${secret('file')}\n-----END X-----\n`;
    writeFileSync(f, content);
    expect((await warden(['push', 'FROM_FILE', '--file', f])).code).toBe(0);
    expect((await warden(['get', 'FROM_FILE'])).stdout).toBe(content);
  });

  it('--no-delete seals: the read after the last one exits 3 with code sealed', async () => {
    await warden(['push', 'SEALED', '--reads', '1', '--no-delete'], secret('sealed'));
    expect((await warden(['get', 'SEALED'])).code).toBe(0);
    const r = await warden(['get', 'SEALED']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('[sealed]');
    const h = await warden(['head', 'SEALED', '--json']);
    expect(JSON.parse(h.stdout)).toMatchObject({ ok: true, status: 'sealed', readsRemaining: 0 });
  });

  it('--from-env-file pushes every entry with the same limits', async () => {
    const a = secret('envA');
    const b = secret('envB');
    writeFileSync(p('in.env'), `# c\nENV_A=${a}\nexport ENV_B='${b}'\n`);
    const r = await warden(['push', '--from-env-file', p('in.env'), '--reads', '2']);
    expect(r.code, r.stderr).toBe(0);
    noValues(r);
    expect((await warden(['get', 'ENV_B'])).stdout).toBe(b);
    expect(JSON.parse((await warden(['head', 'ENV_A', '--json'])).stdout)).toMatchObject({
      readsRemaining: 2,
    });
  });

  it('server refusals exit 2 with the stable code', async () => {
    const r = await warden(['push', 'bad key'], 'v');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[invalid_key]');
    vi.stubEnv('WARDEN_TOKEN', 'wrong-token-000000000000');
    const u = await warden(['list']);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain('[unauthorized]');
  });
});

describe('patch, delete, list, prune, audit', () => {
  it('patch a --no-delete secret; 409 on a burning one; 3 when absent', async () => {
    await warden(['push', 'PATCHABLE', '--reads', '2', '--no-delete'], secret('p1'));
    const v2 = secret('p2');
    const r = await warden(['patch', 'PATCHABLE', '--stdin', '--reads', '5', '--ttl', '1h'], v2);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('5 reads');
    noValues(r);
    expect((await warden(['get', 'PATCHABLE'])).stdout).toBe(v2);
    await warden(['push', 'BURNING'], secret('b'));
    const conflict = await warden(['patch', 'BURNING', '--reads', '3']);
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toContain('[not_patchable]');
    expect((await warden(['patch', 'NOPE', '--reads', '3'])).code).toBe(3);
  });

  it('delete exits 0, then 3', async () => {
    await warden(['push', 'DEL'], secret('d'));
    const r = await warden(['delete', 'DEL']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('deleted DEL');
    expect((await warden(['delete', 'DEL'])).code).toBe(3);
  });

  it('list shows keys and budgets, never values', async () => {
    await warden(['push', 'LISTED', '--reads', '4', '--ttl', '1h'], secret('l'));
    const r = await warden(['list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^KEY\s+READS\s+EXPIRES\s+LAST READ/);
    expect(r.stdout).toMatch(/LISTED\s+0\/4\s+in 1h 0m\s+burn/);
    noValues(r);
    const j = await warden(['list', '--json']);
    const doc = JSON.parse(j.stdout) as { secrets: { key: string }[] };
    expect(doc.secrets.map((s) => s.key)).toContain('LISTED');
    noValues(j);
  });

  it('prune reports a count; audit lists events (filtered) without values', async () => {
    const pr = await warden(['prune']);
    expect(pr.code).toBe(0);
    expect(pr.stdout).toMatch(/^pruned \d+ /);
    const a = await warden(['audit', '--since', '1h', '--action', 'secret.read', '--limit', '50']);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^TIME\s+ACTION/);
    expect(a.stdout).toContain('secret.read');
    noValues(a);
    const j = JSON.parse((await warden(['audit', '--json'])).stdout) as { events: { action: string }[] };
    expect(j.events.length).toBeGreaterThan(0);
  });
});

describe('pull and run', () => {
  beforeEach(async () => {
    // Start from an empty public bucket, so "every secret" is exactly what the test pushed.
    const doc = JSON.parse((await warden(['list', '--json'])).stdout) as { secrets: { key: string }[] };
    for (const s of doc.secrets) await warden(['delete', s.key]);
  });

  it('pull writes a 0600 .env that reads back exactly, consuming one read each', async () => {
    const a = secret('pa');
    const b = `multi\nline 'quoted' ${secret('pb')}`;
    VALUES.push(b);
    await warden(['push', 'PULL_A', '--reads', '1'], a);
    await warden(['push', 'PULL_B', '--reads', '2', '--file', writeTmp('b.txt', b)]);
    const out = p('pulled.env');
    const r = await warden(['pull', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    noValues(r);
    expect(r.stderr).toContain('wrote 2 secrets');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(parseEnv(readFileSync(out, 'utf8'))).toEqual({ PULL_A: a, PULL_B: b });
    expect((await warden(['head', 'PULL_A'])).code).toBe(3);
    // An existing file is not replaced without --force, and nothing is read for it.
    expect((await warden(['pull', out])).code).toBe(1);
    expect(JSON.parse((await warden(['head', 'PULL_B', '--json'])).stdout)).toMatchObject({ readCount: 1 });
  });

  it('pull --json prints the values; a missing --key exits 3 after delivering the rest', async () => {
    const v = secret('pj');
    await warden(['push', 'PJ'], v);
    const r = await warden(['pull', '--json', '--key', 'PJ', '--key', 'MISSING']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      code: 'pull_incomplete',
      exitCode: 3,
      values: { PJ: v },
      failed: [{ key: 'MISSING', code: 'not_found', status: 404 }],
    });
    expect(r.stderr).toContain('MISSING (not_found)');
  });

  it('run injects the secrets into the child only, drops the vault token, returns its exit code', async () => {
    const v = secret('run');
    await warden(['push', 'RUN_SECRET', '--reads', '1'], v);
    const out = p('child.json');
    const script = `require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({ s: process.env.RUN_SECRET, t: process.env.WARDEN_TOKEN ?? null })); process.exit(7)`;
    const r = await warden(['run', '--', process.execPath, '-e', script]);
    expect(r.code).toBe(7);
    expect(r.stdout).toBe('');
    noValues(r);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ s: v, t: null });
    expect(process.env.RUN_SECRET).toBeUndefined();
    // The read was spent: a second run cannot start.
    const again = await warden(['run', '--key', 'RUN_SECRET', '--', process.execPath, '-e', '']);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('not running');
  });

  it('run: 127 for a command that does not exist; 128+N for a child killed by signal N', async () => {
    expect((await warden(['run', '--', 'warden-no-such-command-xyz'])).code).toBe(127);
    const r = await warden(['run', '--', process.execPath, '-e', "process.kill(process.pid, 'SIGTERM')"]);
    expect(r.code).toBe(128 + 15);
  });
});

function writeTmp(name: string, content: string): string {
  writeFileSync(p(name), content);
  return p(name);
}
