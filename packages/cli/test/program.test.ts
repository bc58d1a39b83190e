import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir, runWarden as warden } from './support/cli.js';

const dir = useTempDir('program');
const p = (name: string) => join(dir, name);

describe('warden (in-process)', () => {
  it('prints help with examples and exit codes, exit 0', async () => {
    const root = await warden(['--help']);
    expect(root.code).toBe(0);
    expect(root.stdout).toContain('Exit codes');
    const issue = await warden(['warrant', 'issue', '--help']);
    expect(issue.code).toBe(0);
    expect(issue.stdout).toContain('Examples:');
    expect(issue.stdout).toContain('path=Pattern:/data/*');
  });

  it('refuses unknown flags with exit 1, as JSON too with --json', async () => {
    const r = await warden(['warrant', 'inspect', '--bogus']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--bogus');
    const j = await warden(['warrant', 'inspect', '--bogus', '--json']);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: false, code: 'usage_error' });
  });

  it('keygen writes a 0600 PKCS#8 key and a public key, and will not overwrite', async () => {
    const r = await warden(['keygen', '--out', p('a.key')]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(r.stdout).not.toContain('PRIVATE');
    expect(statSync(p('a.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(p('a.key'), 'utf8')).toContain('-----BEGIN PRIVATE KEY-----');
    expect(readFileSync(p('a.pub'), 'utf8')).toContain('-----BEGIN PUBLIC KEY-----');
    const again = await warden(['keygen', '--out', p('a.key'), '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: false, code: 'file_exists' });
    const forced = await warden(['keygen', '--out', p('a.key'), '--force', '--json']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout).publicKey).not.toBe(r.stdout.trim());
    expect(statSync(p('a.key')).mode & 0o777).toBe(0o600);
    const show = await warden(['keygen', '--show-public', p('a.key')]);
    expect(show.stdout.trim()).toBe(JSON.parse(forced.stdout).publicKey);
  });

  it('keygen needs a destination and prints the private key only when asked', async () => {
    expect((await warden(['keygen'])).code).toBe(1);
    const r = await warden(['keygen', '--out', '-']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('-----BEGIN PRIVATE KEY-----');
  });

  it('issues, attenuates, verifies and authorizes; exits 2 when refused', async () => {
    for (const n of ['root', 'agent', 'worker']) expect((await warden(['keygen', p(n)])).code).toBe(0);
    const issued = await warden([
      'warrant',
      'issue',
      '-k',
      p('root.key'),
      '--holder',
      p('agent.pub'),
      '-t',
      'read_file',
      '-c',
      'path=Pattern:/data/*',
      '--ttl',
      '10m',
    ]);
    expect(issued.code).toBe(0);
    expect(issued.stdout.trim()).toMatch(/^[A-Za-z0-9_-]+$/);
    writeFileSync(p('w.txt'), issued.stdout);

    const child = await warden(
      [
        'warrant',
        'attenuate',
        '-',
        '-k',
        p('agent.key'),
        '--holder',
        p('worker.pub'),
        '-c',
        'path=/data/reports/*',
        '--chain',
        '--pem',
      ],
      issued.stdout,
    );
    expect(child.code).toBe(0);
    expect(child.stdout).toContain('-----BEGIN TENUO WARRANT CHAIN-----');
    writeFileSync(p('chain.pem'), child.stdout);

    const ok = await warden([
      'warrant',
      'verify',
      p('chain.pem'),
      '-r',
      p('root.pub'),
      '-t',
      'read_file',
      '--args',
      '{"path":"/data/reports/q1.csv"}',
      '--holder-key',
      p('worker.key'),
      '--json',
    ]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      ok: true,
      chainLength: 2,
      authorized: { tool: 'read_file' },
    });

    const denied = await warden([
      'warrant',
      'verify',
      p('chain.pem'),
      '-r',
      p('root.pub'),
      '-t',
      'read_file',
      '--args',
      '{"path":"/data/other"}',
      '--holder-key',
      p('worker.key'),
      '--json',
    ]);
    expect(denied.code).toBe(2);
    expect(JSON.parse(denied.stdout)).toMatchObject({ ok: false, code: 'constraint_violation' });

    const widen = await warden(['warrant', 'attenuate', p('w.txt'), '-k', p('agent.key'), '-c', 'path=/*']);
    expect(widen.code).toBe(2);

    const notHolder = await warden(['warrant', 'attenuate', p('w.txt'), '-k', p('worker.key')]);
    expect(notHolder.code).toBe(1);
    expect(notHolder.stderr).toContain('key_not_holder');
  });

  it('inspect exits 2 on undecodable input', async () => {
    const r = await warden(['warrant', 'inspect', '-'], 'bm90IGEgd2FycmFudA');
    expect(r.code).toBe(2);
    const m = await warden(['warrant', 'inspect', p('missing.txt')]);
    expect(m.code).toBe(1);
    expect(m.stderr).toContain('file_unreadable');
  });
});
