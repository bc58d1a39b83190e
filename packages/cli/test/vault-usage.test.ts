/**
 * Vault commands refused before any request: flags, missing token or value,
 * output files. The server URL points at a closed port, so a test that
 * passes also shows no request was needed to refuse.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FAKE_TOKEN as TOKEN, useClosedServer, useTempDir, runWarden as warden } from './support/cli.js';

const dir = useTempDir('vault-usage');
useClosedServer();

describe('vault commands: refusals before any request (exit 1)', () => {
  it('without a token', async () => {
    vi.stubEnv('WARDEN_TOKEN', '');
    const r = await warden(['get', 'K']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[missing_token]');
  });

  it('without a value: nothing piped and no terminal to prompt', async () => {
    const r = await warden(['push', 'K']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[no_value]');
    const empty = await warden(['push', 'K'], '\n');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('[empty_value]');
  });

  it('bad --reads, --ttl, or two sources for one value', async () => {
    expect((await warden(['push', 'K', '--reads', '0'], 'v')).stderr).toContain('[invalid_reads]');
    expect((await warden(['push', 'K', '--ttl', '5x'], 'v')).stderr).toContain('[invalid_ttl]');
    expect((await warden(['push', 'K', '--ttl', '11y'], 'v')).code).toBe(1);
    const both = await warden(['push', 'K=v', 'w']);
    expect(both.code).toBe(1);
    const fileAndArg = await warden(['push', 'K', 'v', '--file', join(dir, 'x')]);
    expect(fileAndArg.code).toBe(1);
    expect(fileAndArg.stderr).toContain('one way');
  });

  it('patch with nothing to change; run without a command; audit with a bad --since', async () => {
    expect((await warden(['patch', 'K'])).code).toBe(1);
    expect((await warden(['run'])).code).toBe(1);
    const a = await warden(['audit', '--since', 'yesterday']);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain('--since');
  });

  it('pull into an existing file without --force, before spending any read', async () => {
    const f = join(dir, 'exists.env');
    writeFileSync(f, 'OLD=1\n');
    const r = await warden(['pull', '--out', f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[file_exists]');
  });

  it('with --json, a refusal is one JSON document', async () => {
    const r = await warden(['push', 'K', '--reads', 'x', '--json'], 'v');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, code: 'invalid_reads', exitCode: 1 });
  });
});

describe('vault commands: warnings and unreachable servers', () => {
  it('warns about a value and a token on the command line, never echoing either (exit 2: unreachable)', async () => {
    const r = await warden(['push', 'K', 'argv-secret-value', '--token', TOKEN]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('visible to other processes');
    expect(r.stderr).toContain('[network_error]');
    expect(r.stderr + r.stdout).not.toContain('argv-secret-value');
    expect(r.stderr + r.stdout).not.toContain(TOKEN);
  });

  it('warns when the token would cross the network in clear text', async () => {
    const r = await warden(['list', '--server', 'http://vault.invalid:8080']);
    expect(r.stderr).toContain('clear text');
    expect(r.code).toBe(2);
  });

  it('documents exit code 3 in every vault command', async () => {
    for (const cmd of ['push', 'get', 'head', 'patch', 'delete', 'list', 'pull', 'run', 'prune', 'audit']) {
      const r = await warden([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('3  the secret is absent');
    }
  });
});
