/**
 * Admin commands refused before any request, and their help. The server URL
 * points at a closed port, so a test that passes also shows no request was
 * needed to refuse.
 */
import { describe, expect, it, vi } from 'vitest';
import { expectNotPrinted, FAKE_TOKEN, type Run, runWarden, useClosedServer } from './support/cli.js';

/** A run that never prints the token. */
async function warden(args: string[]): Promise<Run> {
  const r = await runWarden(args);
  expectNotPrinted(r, [FAKE_TOKEN]);
  return r;
}

useClosedServer();

describe('admin commands: help', () => {
  it.each([
    ['webhooks'],
    ['webhooks', 'create'],
    ['orgs'],
    ['orgs', 'create'],
    ['principals'],
    ['principals', 'key'],
    ['roles'],
    ['roles', 'create'],
    ['keys'],
    ['keys', 'create'],
    ['me'],
  ])('%s %s --help: examples and exit codes, exit 0', async (...cmd) => {
    const r = await warden([...cmd.filter((c) => c !== undefined), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Exit codes:');
    expect(r.stdout).toContain('3  not found');
    if (cmd.length === 1 || cmd[1] === 'create' || cmd[1] === 'key') expect(r.stdout).toContain('Examples:');
  });

  it('the root help lists every group', async () => {
    const r = await warden(['--help']);
    for (const g of ['webhooks', 'orgs', 'principals', 'roles', 'keys', 'me'])
      expect(r.stdout).toMatch(new RegExp(`\\n  ${g} `));
  });
});

describe('admin commands: refusals before any request (exit 1)', () => {
  it('without a token', async () => {
    vi.stubEnv('WARDEN_TOKEN', '');
    const r = await warden(['orgs', 'list']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[missing_token]');
  });

  it('principals and roles without --org or WARDEN_ORG', async () => {
    for (const args of [
      ['principals', 'list'],
      ['principals', 'create', 'bot', '--role', 'reader'],
      ['principals', 'delete', 'abc'],
      ['principals', 'key', 'abc', '--name', 'k'],
      ['roles', 'create', 'r', 'rl'],
      ['roles', 'list'],
      ['roles', 'delete', 'r'],
    ]) {
      const r = await warden([...args, '--json']);
      expect(r.code, args.join(' ')).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, code: 'missing_org', exitCode: 1 });
    }
  });

  it('missing arguments and required flags', async () => {
    expect((await warden(['principals', 'create', '--org', 'o', 'bot'])).code).toBe(1);
    expect((await warden(['principals', 'key', '--org', 'o', 'p'])).code).toBe(1);
    expect((await warden(['roles', 'create', '--org', 'o', 'r'])).code).toBe(1);
    expect((await warden(['webhooks', 'create'])).code).toBe(1);
    expect((await warden(['keys', 'delete'])).code).toBe(1);
    const bare = await warden(['webhooks']);
    expect(bare.code).toBe(1);
  });

  it('flags that take no org refuse --org', async () => {
    const r = await warden(['orgs', 'list', '--org', 'x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown option '--org'");
  });

  it('a bad --valid-for or --meta', async () => {
    for (const args of [
      ['keys', 'create', 'k', '--valid-for', '30 days'],
      ['keys', 'create', 'k', '--valid-for', '0'],
      ['principals', 'key', '--org', 'o', 'p', '--name', 'k', '--valid-for', '-1'],
      ['orgs', 'create', 'o', '--meta', '=v'],
      ['principals', 'create', '--org', 'o', 'bot', '--role', 'r', '--meta', 'k'],
    ]) {
      const r = await warden(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/\[(invalid_ttl|invalid_argument)\]/);
    }
  });

  it('a server that cannot be reached is exit 2 (network_error)', async () => {
    const r = await warden(['orgs', 'list', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, code: 'network_error', exitCode: 2 });
  });
});
