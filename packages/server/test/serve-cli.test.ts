import { type CliIo, runCli } from '@warden/cli';
import { describe, expect, it } from 'vitest';

async function warden(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    readStdin: async () => Buffer.alloc(0),
    stdinIsTTY: true,
  };
  const code = await runCli(['node', 'warden', ...args], io);
  return { code, stdout, stderr };
}

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
