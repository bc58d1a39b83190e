import { mkdirSync } from 'node:fs';
import { resolveAdminTokenHash } from './admin-token.js';
import { createApp } from './app.js';
import type { ServerConfig } from './config.js';
import type { App } from './context.js';
import { openEncryption } from './seal/index.js';
import { SqliteStore } from './store/sqlite.js';

/** How `startServer` talks to its host process. */
export interface StartOptions {
  /** Where notices go (the generated admin token, the listening address); default process.stderr. */
  stderr?: (text: string) => void;
  /** Install SIGINT/SIGTERM handlers that shut down gracefully (default true). */
  handleSignals?: boolean;
}

/** A listening server. */
export interface RunningServer {
  app: App;
  /** `http://host:port` as bound (the real port when 0 was asked). */
  url: string;
  /** Graceful shutdown: stop accepting, finish in-flight requests, close the store. Idempotent. */
  close(): Promise<void>;
  /** Resolves once the server has shut down (by `close()` or a signal). */
  closed: Promise<void>;
}

/** How often a server re-reads the keyring, so a `warden rotate-key` elsewhere is adopted. */
const KEYRING_RELOAD_MS = 60_000;

function tokenNotice(token: string, hashFile: string): string {
  return [
    '',
    'warden: generated an admin token. It is shown ONCE; only its SHA-256 is kept, in',
    `  ${hashFile}`,
    '',
    `  WARDEN_ADMIN_TOKEN=${token}`,
    '',
    'Store it now. To replace it, delete that file and restart (or set WARDEN_ADMIN_TOKEN).',
    '',
    '',
  ].join('\n');
}

/**
 * Starts the vault: data dir (0700), SQLite store and migrations, master key
 * and keyring, admin token, then the listener. Any failure before listening
 * closes what was opened and rejects with the error (a `ConfigError`,
 * `SealError` or store error with a stable code).
 */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const stderr = options.stderr ?? ((text: string) => void process.stderr.write(text));
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const store = new SqliteStore({ path: config.databasePath });
  let app: App;
  let reload: NodeJS.Timeout | undefined;
  let dispose = () => {};
  try {
    await store.init();
    const encryption = await openEncryption({ store, dataDir: config.dataDir, env: config.env });
    if (encryption.masterKeySource === 'generated') {
      stderr(
        `warden: generated a master key at ${encryption.masterKeyOrigin}; back it up: without it nothing can be decrypted\n`,
      );
    }
    const adminTokenHash = resolveAdminTokenHash(config.dataDir, config.adminToken, (token, file) =>
      stderr(tokenNotice(token, file)),
    );
    app = createApp({
      store,
      sealer: encryption.sealer,
      adminTokenHash,
      bodyLimit: config.bodyLimit,
      rateLimits: config.rateLimits,
      trustedProxies: config.trustedProxies,
      logger: { level: config.logLevel },
      settings: {
        maxValueBytes: config.maxValueBytes,
        publicBucket: config.publicBucket,
        webhookUrlPolicy: {
          allowedOrigins: config.webhookAllowedOrigins,
          allowPrivateTargets: config.webhookAllowPrivateTargets,
        },
        auditRedactKeys: config.auditRedactKeys,
        metricsPublic: config.metricsPublic,
      },
      sweeper: {
        intervalSeconds: config.sweepIntervalSeconds,
        auditRetentionDays: config.auditRetentionDays,
      },
      webhooks: {
        allowPrivateTargets: config.webhookAllowPrivateTargets,
        ...(config.webhookSecret !== undefined && { secretWebhookKey: config.webhookSecret }),
      },
    });
    dispose = () => encryption.sealer.dispose();
    reload = setInterval(() => void encryption.sealer.reload().catch(() => {}), KEYRING_RELOAD_MS);
    reload.unref();
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    if (reload !== undefined) clearInterval(reload);
    await store.close();
    dispose();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  stderr(`warden: vault listening on ${url} (data ${config.dataDir})\n`);

  let closing: Promise<void> | undefined;
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((r) => {
    resolveClosed = r;
  });
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(reload);
      // In-flight requests get the grace period; then the stragglers' sockets are cut.
      const force = setTimeout(() => app.server.closeAllConnections(), config.shutdownTimeoutSeconds * 1000);
      force.unref();
      try {
        await app.close();
      } finally {
        dispose();
        clearTimeout(force);
        removeSignals();
        resolveClosed();
      }
    })();
    return closing;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    stderr(`warden: ${signal}, shutting down\n`);
    void close();
  };
  const removeSignals = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  if (options.handleSignals !== false) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  return { app, url, close, closed };
}
