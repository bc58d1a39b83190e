import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return { code: (err as { code?: string }).code, message: (err as Error).message };
  }
  return undefined;
};

describe('loadConfig', () => {
  it('has safe defaults', () => {
    const { config, warnings } = loadConfig({}, {});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      dataDir: resolve('.warden'),
      databasePath: resolve('.warden', 'vault.db'),
      adminToken: undefined,
      // 6 x the 1 MiB value cap + 64 KiB: room for a value's worst-case JSON escaping.
      bodyLimit: 6_356_992,
      maxValueBytes: 1_048_576,
      publicBucket: 'token',
      trustedProxies: [],
      sweepIntervalSeconds: 300,
      auditRetentionDays: 30,
      webhookAllowedOrigins: [],
      webhookAllowPrivateTargets: false,
      metricsPublic: false,
      logLevel: 'info',
    });
    expect(warnings).toEqual([]);
  });

  it('flag > WARDEN_* > SIRR_* > default', () => {
    expect(loadConfig({}, { SIRR_PORT: '39999' }).config.port).toBe(39999);
    expect(loadConfig({}, { SIRR_PORT: '39999', WARDEN_PORT: '9000' }).config.port).toBe(9000);
    expect(loadConfig({ port: '7000' }, { SIRR_PORT: '39999', WARDEN_PORT: '9000' }).config.port).toBe(7000);
    expect(loadConfig({}, { SIRR_API_KEY: 'sirr-master-key-long-enough' }).config.adminToken).toBe(
      'sirr-master-key-long-enough',
    );
    expect(loadConfig({}, { SIRR_LOG_LEVEL: 'verbose' }).config.logLevel).toBe('debug');
  });

  it('parses sizes, durations, lists and booleans', () => {
    const { config } = loadConfig(
      {
        bodyLimit: '2MiB',
        sweepInterval: '5m',
        trustedProxies: '10.0.0.0/8, ::1',
        webhookAllowPrivateTargets: true,
      },
      {
        WARDEN_WEBHOOK_ALLOWED_ORIGINS: 'https://hooks.example.com/,https://b.example.com',
        WARDEN_RATE_LIMIT_PER_SECOND: '0',
        SIRR_AUDIT_REDACT_KEYS: 'true',
        WARDEN_DATABASE_URL: 'sqlite:/tmp/x/vault.db',
      },
    );
    expect(config).toMatchObject({
      bodyLimit: 2 * 1024 * 1024,
      sweepIntervalSeconds: 300,
      trustedProxies: ['10.0.0.0/8', '::1'],
      webhookAllowPrivateTargets: true,
      webhookAllowedOrigins: ['https://hooks.example.com/', 'https://b.example.com'],
      auditRedactKeys: true,
      databasePath: '/tmp/x/vault.db',
    });
    expect(config.rateLimits.perIp.perSecond).toBe(0);
  });

  it('the open public bucket needs Warden opt-in; Sirr switch only turns it off', () => {
    expect(loadConfig({}, { ENABLE_PUBLIC_BUCKET: 'false' }).config.publicBucket).toBe('off');
    expect(loadConfig({}, { ENABLE_PUBLIC_BUCKET: 'true' }).config.publicBucket).toBe('token');
    expect(loadConfig({ publicBucket: 'open' }, {}).config.publicBucket).toBe('open');
  });

  it.each([
    [{ port: '80a' }, {}, 'invalid_config', '--port'],
    [{ port: '70000' }, {}, 'invalid_config', '--port'],
    [{}, { WARDEN_PORT: '-1' }, 'invalid_config', 'WARDEN_PORT'],
    [{ publicBucket: 'maybe' }, {}, 'invalid_config', 'token, open, off'],
    [{ trustedProxies: 'proxy.local' }, {}, 'invalid_config', 'IP addresses or CIDRs'],
    [{ trustedProxies: '10.0.0.0/33' }, {}, 'invalid_config', '--trusted-proxies'],
    [{ bodyLimit: 'huge' }, {}, 'invalid_config', '--body-limit'],
    [{ bodyLimit: '2MiB' }, { WARDEN_MAX_VALUE_BYTES: '4MiB' }, 'invalid_config', 'body limit'],
    [{ sweepInterval: '5 minutes' }, {}, 'invalid_config', '--sweep-interval'],
    [{}, { WARDEN_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'sometimes' }, 'invalid_config', 'true or false'],
    [{}, { WARDEN_WEBHOOK_ALLOWED_ORIGINS: 'hooks.example.com' }, 'invalid_config', 'http(s) URLs'],
    [{}, { WARDEN_ADMIN_TOKEN: 'short' }, 'invalid_config', 'at least 16'],
    [{ logLevel: 'loud' }, {}, 'invalid_config', '--log-level'],
    [
      { databaseUrl: 'postgres://u:p@db/warden' },
      {},
      'unsupported_database',
      'PostgreSQL is not supported yet',
    ],
    [{}, { WARDEN_DATABASE_URL: 'postgresql://db/warden' }, 'unsupported_database', 'WARDEN_DATABASE_URL'],
    [{ databaseUrl: 'mysql://db' }, {}, 'invalid_config', 'sqlite:<path>'],
  ])('%j %j: %s', (flags, env, expected, text) => {
    const failure = code(() => loadConfig(flags, env));
    expect(failure?.code).toBe(expected);
    expect(failure?.message).toContain(text);
  });

  it('a malformed token error never echoes the token', () => {
    expect(code(() => loadConfig({}, { WARDEN_ADMIN_TOKEN: 'short tok' }))?.message).not.toContain(
      'short tok',
    );
  });

  it('warns about unknown WARDEN_* variables, not about client ones', () => {
    const { warnings } = loadConfig({}, { WARDEN_PROT: '1', WARDEN_SERVER: 'http://x', WARDEN_TOKEN: 't' });
    expect(warnings).toEqual(['unknown setting WARDEN_PROT (ignored)']);
  });
});
