/** `warden rotate-key` refusals that need no running server: flags, missing vaults, help. */
import { join } from 'node:path';
import { SqliteStore } from '@warden/server';
import { describe, expect, it } from 'vitest';
import { useTempDir, runWarden as warden } from './support/cli.js';

const dir = useTempDir('rotate-usage');

describe('warden rotate-key: usage', () => {
  it.each([
    [['--resume', '--status'], 'usage_error'],
    [['--status', '--new-master-key-file', 'k'], 'usage_error'],
    [['--status', '--batch-size', '5'], 'usage_error'],
    [['--batch-size', '0'], 'invalid_argument'],
    [['--batch-size', 'ten'], 'invalid_argument'],
    [['--database-url', 'postgres://db/warden'], 'unsupported_database'],
  ])('%j exits 1 with %s, before touching any file', async (flags, code) => {
    const r = await warden(['rotate-key', '--data-dir', join(dir, 'never'), ...flags, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, code, exitCode: 1 });
  });

  it('exits 3 where there is no vault, and creates nothing there', async () => {
    const missing = join(dir, 'typo');
    const r = await warden(['rotate-key', '--data-dir', missing]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`[vault_not_found]: no vault database at ${join(missing, 'vault.db')}`);
    const status = await warden(['rotate-key', '--data-dir', missing, '--status']);
    expect(status.code).toBe(3);
    expect((await warden(['rotate-key', '--data-dir', dir, '--status'])).code).toBe(3);
  });

  it('exits 3 on a database without a keyring (never served)', async () => {
    const store = new SqliteStore({ path: join(dir, 'bare', 'vault.db') });
    await store.init();
    await store.close();
    const r = await warden(['rotate-key', '--data-dir', join(dir, 'bare')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('[keyring_missing]');
  });

  it('honours --database-url as warden serve does', async () => {
    const r = await warden(['rotate-key', '--database-url', `sqlite:${join(dir, 'elsewhere.db')}`]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(join(dir, 'elsewhere.db'));
  });

  it('documents its modes and exit codes', async () => {
    const r = await warden(['rotate-key', '--help']);
    expect(r.code).toBe(0);
    for (const text of ['--resume', '--status', '--new-master-key-file', '--batch-size', 'Exit codes'])
      expect(r.stdout).toContain(text);
  });
});

describe('warden serve loads the server only when it runs', () => {
  it('serve --help still lists the flags built from the settings table', async () => {
    const r = await warden(['serve', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: warden serve [options]');
    expect(r.stdout).toContain('--data-dir');
    expect(r.stdout).toContain('WARDEN_MASTER_KEY');
  });

  it('an unknown serve flag is a usage error (exit 1)', async () => {
    const r = await warden(['serve', '--no-such-flag']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown option '--no-such-flag'");
  });
});
