/**
 * A real vault server in-process for CLI tests: `startServer` on
 * 127.0.0.1:0 (a free port) with a temp data dir, logs silent, the per-IP
 * rate limit off (a test fires bursts from one address).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type RunningServer, type ServeFlags, startServer } from '@warden/server';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { tempDir } from './cli.js';

/** A random admin token (the server wants at least 16 characters). */
export function adminToken(): string {
  return `admin-token-${randomBytes(16).toString('hex')}`;
}

export interface StartOptions {
  dataDir: string;
  adminToken: string;
  /** More settings, as `warden serve` flags would give them. */
  flags?: ServeFlags;
  /** The server's environment besides WARDEN_ADMIN_TOKEN (the process's own is not read). */
  env?: Record<string, string>;
}

/** Starts a vault on `dataDir`; close it with `server.close()`. */
export async function startVault(options: StartOptions): Promise<RunningServer> {
  const { config } = loadConfig(
    { port: '0', dataDir: options.dataDir, logLevel: 'silent', rateLimit: '0', ...options.flags },
    { WARDEN_ADMIN_TOKEN: options.adminToken, ...options.env },
  );
  return startServer(config, { handleSignals: false, stderr: () => {} });
}

/** The vault of a test file, from `useVault`. */
export interface TestVault {
  /** Its admin token. */
  readonly admin: string;
  /** The temp dir: the data dir is `data` in it; tests may put files beside it. */
  readonly dir: string;
  /** The running server (set once `beforeAll` has run). */
  readonly server: RunningServer;
}

/**
 * Starts a vault before the file's tests and removes it, and its dir, after
 * them. Before each test the CLI is pointed at it, with no org from the
 * environment; the environment is restored after each.
 */
export function useVault(label: string): TestVault {
  const admin = adminToken();
  const dir = tempDir(label);
  let server: RunningServer | undefined;
  const vault: TestVault = {
    admin,
    dir,
    get server(): RunningServer {
      if (server === undefined) throw new Error('the vault starts in beforeAll');
      return server;
    },
  };
  beforeAll(async () => {
    server = await startVault({ dataDir: join(dir, 'data'), adminToken: admin });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    vi.stubEnv('WARDEN_SERVER', vault.server.url);
    vi.stubEnv('WARDEN_ORG', '');
    vi.stubEnv('SIRR_ORG', '');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  return vault;
}
