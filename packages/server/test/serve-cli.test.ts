import { describe, expect, it } from 'vitest';
// The CLI's own in-process runner: `warden serve` is the CLI's command, whose server this package is.
import { runWarden as warden } from '../../cli/test/support/cli.js';

describe('warden serve', () => {
  it('documents its flags and environment', async () => {
    const r = await warden(['serve', '--help']);
    expect(r.code).toBe(0);
    for (const text of [
      '--host',
      '--port',
      '--data-dir',
      '--database-url',
      '--public-bucket',
      'WARDEN_ADMIN_TOKEN',
      'SIRR_PORT',
      'WARDEN_MASTER_KEY',
    ]) {
      expect(r.stdout).toContain(text);
    }
  });

  it('refuses postgres:// with unsupported_database before starting (exit 1)', async () => {
    const r = await warden(['serve', '--database-url', 'postgres://db/warden']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[unsupported_database]');
  });

  it('refuses a malformed flag with invalid_config (exit 1)', async () => {
    const r = await warden(['serve', '--port', 'eighty', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, code: 'invalid_config' });
  });
});
