/**
 * Black-box test of the built `warden` binary: real processes, real files.
 * Assumes `npm run build` (or `npm test`, which builds first); builds the CLI
 * itself only when dist/ is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = join(repo, 'packages/cli/dist/main.js');
let dir = '';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function warden(args: string[], input?: string): Run {
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    cwd: dir,
    input: input ?? '',
    encoding: 'utf8',
    timeout: 15_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every form a private key could leak in: the PEM body, its lines, and the seed in hex and base64. */
function secretForms(keyFile: string): string[] {
  const pem = readFileSync(join(dir, keyFile), 'utf8');
  const body = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  const seed = Buffer.from(body, 'base64').subarray(16, 48);
  return [
    body,
    ...(body.match(/.{1,64}/g) ?? []),
    seed.toString('hex'),
    seed.toString('base64'),
    seed.toString('base64url').slice(0, 40),
  ];
}

function expectNoSecrets(run: Run, keyFiles: string[]): void {
  for (const k of keyFiles) {
    for (const form of secretForms(k)) {
      expect(run.stdout).not.toContain(form);
      expect(run.stderr).not.toContain(form);
    }
  }
  expect(run.stdout + run.stderr).not.toContain('PRIVATE KEY');
}

beforeAll(() => {
  if (!existsSync(MAIN)) execFileSync('npx', ['tsc', '-b', 'packages/cli'], { cwd: repo, stdio: 'inherit' });
  dir = mkdtempSync(join(tmpdir(), 'warden-e2e-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('warden CLI end to end', () => {
  const keys = ['root.key', 'agent.key', 'worker.key'];
  const pub: Record<string, string> = {};

  it('keygen writes 0600 private keys and prints only the public key', () => {
    for (const name of ['root', 'agent', 'worker']) {
      const r = warden(['keygen', name]);
      expect(r.status, r.stderr).toBe(0);
      pub[name] = r.stdout.trim();
      expect(pub[name]).toMatch(/^[0-9a-f]{64}$/);
      expect(statSync(join(dir, `${name}.key`)).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(dir, `${name}.pub`), 'utf8')).toContain('BEGIN PUBLIC KEY');
      expectNoSecrets(r, [`${name}.key`]);
    }
    const again = warden(['keygen', 'root']);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('file_exists');
  });

  it('issue prints the warrant alone on stdout, no audit lines, no key material', () => {
    const r = warden([
      'warrant',
      'issue',
      '--key',
      'root.key',
      '--holder',
      'agent.pub',
      '--tool',
      'read_file',
      '--tool',
      'list_dir',
      '--constraint',
      'path=Pattern:/data/*',
      '--ttl',
      '600',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^[A-Za-z0-9_-]+\n$/);
    expectNoSecrets(r, keys);
    writeFileSync(join(dir, 'root.txt'), r.stdout);

    const audited = warden([
      'warrant',
      'issue',
      '-k',
      'root.key',
      '--holder',
      pub.agent as string,
      '-t',
      'read_file',
      '--audit',
    ]);
    expect(audited.status).toBe(0);
    expect(audited.stdout).toMatch(/^[A-Za-z0-9_-]+\n$/);
    expect(audited.stderr).toContain('"event":"warrant.issued"');
  });

  it('attenuate derives a narrower child and --chain prints the stack', () => {
    const r = warden([
      'warrant',
      'attenuate',
      '--parent',
      'root.txt',
      '--key',
      'agent.key',
      '--holder',
      'worker.pub',
      '--tool',
      'read_file',
      '--constraint',
      'path=Pattern:/data/reports/*',
      '--ttl',
      '120',
      '--chain',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expectNoSecrets(r, keys);
    writeFileSync(join(dir, 'chain.txt'), r.stdout);

    const single = warden(
      [
        'warrant',
        'attenuate',
        '-',
        '-k',
        'agent.key',
        '--holder',
        pub.worker as string,
        '-t',
        'read_file',
        '--json',
      ],
      readFileSync(join(dir, 'root.txt'), 'utf8'),
    );
    expect(single.status, single.stderr).toBe(0);
    expect(JSON.parse(single.stdout)).toMatchObject({
      ok: true,
      depth: 1,
      holder: pub.worker,
      type: 'execution',
    });

    const widened = warden([
      'warrant',
      'attenuate',
      'root.txt',
      '-k',
      'agent.key',
      '-t',
      'read_file',
      '-c',
      'path=Pattern:/*',
      '--json',
    ]);
    expect(widened.status).toBe(2);
    expect(JSON.parse(widened.stdout)).toMatchObject({ ok: false });
  });

  it('inspect decodes the chain without printing bytes', () => {
    const r = warden(['warrant', 'inspect', 'chain.txt', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ ok: true, length: 2 });
    expect(doc.warrants[0]).toMatchObject({ depth: 0, issuer: pub.root, holder: pub.agent });
    expect(doc.warrants[1]).toMatchObject({ depth: 1, issuer: pub.agent, holder: pub.worker });
    expect(Object.keys(doc.warrants[1].tools)).toEqual(['read_file']);
    const chainText = readFileSync(join(dir, 'chain.txt'), 'utf8').trim();
    expect(r.stdout).not.toContain(chainText.slice(0, 40));

    const human = warden(['warrant', 'inspect'], chainText);
    expect(human.status).toBe(0);
    expect(human.stdout).toContain('/data/reports/*');

    const garbage = warden(['warrant', 'inspect', '-'], 'this is not a warrant');
    expect(garbage.status).toBe(2);
    expect(garbage.stderr).toMatch(/\[invalid_encoding\]/);
  });

  it('verify accepts the chain under the right root and authorizes a call with PoP', () => {
    const ok = warden(['warrant', 'verify', 'chain.txt', '--trusted-root', 'root.pub']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('valid');

    const args = '{"path":"/data/reports/q3.csv"}';
    const call = warden([
      'warrant',
      'verify',
      'chain.txt',
      '--trusted-root',
      pub.root as string,
      '--tool',
      'read_file',
      '--args',
      args,
      '--holder-key',
      'worker.key',
      '--json',
    ]);
    expect(call.status, call.stderr).toBe(0);
    expect(JSON.parse(call.stdout)).toMatchObject({
      ok: true,
      valid: true,
      chainLength: 2,
      authorized: { tool: 'read_file' },
    });
    expectNoSecrets(call, keys);

    const sig = warden([
      'warrant',
      'sign',
      'chain.txt',
      '-k',
      'worker.key',
      '-t',
      'read_file',
      '--args',
      args,
    ]);
    expect(sig.status, sig.stderr).toBe(0);
    expect(sig.stdout.trim()).toMatch(/^[0-9a-f]{128}$/);
    expectNoSecrets(sig, keys);
    const withPop = warden([
      'warrant',
      'verify',
      'chain.txt',
      '-r',
      'root.pub',
      '-t',
      'read_file',
      '--args',
      args,
      '--pop',
      sig.stdout.trim(),
    ]);
    expect(withPop.status, withPop.stderr).toBe(0);

    const outside = warden([
      'warrant',
      'verify',
      'chain.txt',
      '-r',
      'root.pub',
      '-t',
      'read_file',
      '--args',
      '{"path":"/etc/passwd"}',
      '--holder-key',
      'worker.key',
    ]);
    expect(outside.status).toBe(2);
    expect(outside.stderr).toContain('[constraint_violation]');
    expect(outside.stderr).not.toContain('/etc/passwd');

    const wrongPop = warden([
      'warrant',
      'verify',
      'chain.txt',
      '-r',
      'root.pub',
      '-t',
      'read_file',
      '--args',
      args,
      '--holder-key',
      'agent.key',
    ]);
    expect(wrongPop.status).toBe(2);
    expect(wrongPop.stderr).toContain('pop_');
  });

  it('verify exits 2 with the stable code under the wrong trusted root', () => {
    const r = warden(['warrant', 'verify', 'chain.txt', '--trusted-root', 'agent.pub']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('[untrusted_root]');
    expectNoSecrets(r, keys);
    const chainText = readFileSync(join(dir, 'chain.txt'), 'utf8').trim();
    expect(r.stderr).not.toContain(chainText.slice(0, 40));
    const j = warden(['warrant', 'verify', 'chain.txt', '--trusted-root', 'agent.pub', '--json']);
    expect(j.status).toBe(2);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: false, code: 'untrusted_root' });

    const expired = warden([
      'warrant',
      'verify',
      'chain.txt',
      '-r',
      'root.pub',
      '--at',
      String(Math.floor(Date.now() / 1000) + 3600),
    ]);
    expect(expired.status).toBe(2);
    expect(expired.stderr).toContain('expired');
  });

  it('usage errors exit 1', () => {
    const bogus = warden(['warrant', 'issue', '--bogus-flag']);
    expect(bogus.status).toBe(1);
    expect(bogus.stderr).toContain('--bogus-flag');

    const badConstraint = warden([
      'warrant',
      'issue',
      '-k',
      'root.key',
      '--holder',
      'agent.pub',
      '-t',
      'x',
      '-c',
      'amount=Range:lots',
    ]);
    expect(badConstraint.status).toBe(1);
    expect(badConstraint.stderr).toContain('[invalid_constraint]');

    const noFile = warden(['warrant', 'issue', '-k', 'nope.key', '--holder', 'agent.pub', '-t', 'x']);
    expect(noFile.status).toBe(1);
    expect(noFile.stderr).toContain('[file_unreadable]');

    const noRoot = warden(['warrant', 'verify', 'chain.txt']);
    expect(noRoot.status).toBe(1);

    const privateAsHolder = warden([
      'warrant',
      'issue',
      '-k',
      'root.key',
      '--holder',
      'agent.key',
      '-t',
      'x',
    ]);
    expect(privateAsHolder.status).toBe(1);
    expectNoSecrets(privateAsHolder, keys);
  });
});
