import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bool,
  bytes,
  ConfigError,
  duration,
  int,
  logLevel,
  oneOf,
  type Parser,
  proxies,
  rate,
  urls,
} from './config-parse.js';
import { SETTINGS, type SettingSpec } from './config-settings.js';
import type { PublicBucketMode } from './context.js';
import type { RateLimit } from './http/token-bucket.js';
import { bodyLimitFor } from './secrets/validate.js';

/** The settings `warden serve` starts with. */
export interface ServerConfig {
  host: string;
  port: number;
  /** Absolute path of the data dir (database, master key file, admin token hash). */
  dataDir: string;
  /** The SQLite file (from `--database-url`, default `<dataDir>/vault.db`). */
  databasePath: string;
  /** From `WARDEN_ADMIN_TOKEN`/`SIRR_API_KEY`; undefined = use or generate the one in the data dir. */
  adminToken: string | undefined;
  bodyLimit: number;
  maxValueBytes: number;
  rateLimits: { perIp: RateLimit; perToken: RateLimit };
  trustedProxies: string[];
  sweepIntervalSeconds: number;
  auditRetentionDays: number;
  publicBucket: PublicBucketMode;
  webhookAllowedOrigins: string[];
  webhookAllowPrivateTargets: boolean;
  /** HMAC key for per-secret `webhook_url` deliveries. */
  webhookSecret: string | undefined;
  auditRedactKeys: boolean;
  metricsPublic: boolean;
  logLevel: string;
  shutdownTimeoutSeconds: number;
  /** The environment, for the seal module (`WARDEN_MASTER_KEY`, `WARDEN_MASTER_KEY_FILE`). */
  env: Readonly<Record<string, string | undefined>>;
}

/** Variables read elsewhere (client, CLI, seal): not "unknown" to the server. */
const OTHER_KNOWN = new Set([
  'WARDEN_ADMIN_TOKEN',
  'WARDEN_MASTER_KEY',
  'WARDEN_MASTER_KEY_FILE',
  'WARDEN_SERVER',
  'WARDEN_TOKEN',
  'WARDEN_ORG',
  'WARDEN_DEBUG',
]);

/** Flag values as commander hands them over (strings, or `true` for a boolean flag). */
export type ServeFlags = Record<string, string | boolean | undefined>;

/** The configuration, plus warnings worth printing (unknown variables, Sirr-only settings ignored). */
export interface LoadedConfig {
  config: ServerConfig;
  warnings: string[];
}

function pick(name: keyof typeof SETTINGS, flags: ServeFlags, env: Record<string, string | undefined>) {
  const spec: SettingSpec = SETTINGS[name];
  const flag = spec.option === undefined ? undefined : flags[spec.option];
  if (flag !== undefined)
    return { raw: flag === true ? 'true' : String(flag), where: spec.flag?.split(' ')[0] ?? name };
  for (const v of spec.env) {
    const value = env[v];
    if (value !== undefined && value !== '') return { raw: value, where: v };
  }
  return { raw: spec.default, where: `default of ${spec.env[0]}` };
}

function databasePath(raw: string, dataDir: string, where: string): string {
  if (raw === '') return join(dataDir, 'vault.db');
  if (/^postgres(ql)?:/i.test(raw)) {
    throw new ConfigError(
      'unsupported_database',
      `${where}: PostgreSQL is not supported yet; use sqlite:<path> or leave it unset for ${join(dataDir, 'vault.db')}`,
    );
  }
  if (raw.startsWith('file:'))
    return fileURLToPath(raw.startsWith('file://') ? raw : `file://${resolve(raw.slice(5))}`);
  const m = /^sqlite:(?:\/\/)?(.+)$/i.exec(raw);
  if (m === null) throw new ConfigError('invalid_config', `${where}: expected sqlite:<path>`);
  const path = m[1] as string;
  return isAbsolute(path) ? path : resolve(path);
}

/**
 * Reads the server configuration from flags, then `WARDEN_*` variables, then
 * their `SIRR_*` aliases, then defaults. A malformed or unknown value throws
 * a `ConfigError` naming the setting; the admin token is only ever read from
 * the environment (argv is visible to other users).
 */
export function loadConfig(
  flags: ServeFlags,
  env: Record<string, string | undefined> = process.env,
): LoadedConfig {
  const get = <T>(name: keyof typeof SETTINGS, parse: Parser<T>): T => {
    const { raw, where } = pick(name, flags, env);
    return parse(raw, where);
  };
  const dataDir = resolve(get('dataDir', (raw) => raw));
  const db = pick('databaseUrl', flags, env);
  const adminToken = env.WARDEN_ADMIN_TOKEN || env.SIRR_API_KEY || undefined;
  if (adminToken !== undefined && (adminToken.length < 16 || /\s/.test(adminToken))) {
    const name = env.WARDEN_ADMIN_TOKEN ? 'WARDEN_ADMIN_TOKEN' : 'SIRR_API_KEY';
    throw new ConfigError('invalid_config', `${name}: expected at least 16 characters without spaces`);
  }
  const maxValueBytes = get('maxValueBytes', bytes);
  // Unless set, the body limit follows the value cap: room for its worst-case JSON escaping.
  const bodyLimit = pick('bodyLimit', flags, env).where.startsWith('default')
    ? bodyLimitFor(maxValueBytes)
    : get('bodyLimit', bytes);
  if (maxValueBytes > bodyLimit) {
    throw new ConfigError('invalid_config', 'WARDEN_MAX_VALUE_BYTES: must not exceed the body limit');
  }
  const warnings: string[] = [];
  let publicBucket = get('publicBucket', oneOf(['token', 'open', 'off'] as const));
  // Sirr's switch can only turn the bucket off: the open bucket needs Warden's explicit opt-in.
  if (
    pick('publicBucket', flags, env).where.startsWith('default') &&
    env.ENABLE_PUBLIC_BUCKET !== undefined
  ) {
    if (!bool(env.ENABLE_PUBLIC_BUCKET, 'ENABLE_PUBLIC_BUCKET')) publicBucket = 'off';
  }
  for (const name of Object.keys(env)) {
    if (!name.startsWith('WARDEN_') || OTHER_KNOWN.has(name)) continue;
    if (!Object.values(SETTINGS).some((s: SettingSpec) => s.env.includes(name))) {
      warnings.push(`unknown setting ${name} (ignored)`);
    }
  }
  const rateLimits = {
    perIp: { perSecond: get('rateLimit', rate), burst: get('rateBurst', int(1, 1_000_000)) },
    perToken: { perSecond: get('tokenRateLimit', rate), burst: get('tokenRateBurst', int(1, 1_000_000)) },
  };
  const config: ServerConfig = {
    host: get('host', (raw) => raw.trim()),
    port: get('port', int(0, 65535)),
    dataDir,
    databasePath: databasePath(db.raw, dataDir, db.where),
    adminToken,
    bodyLimit,
    maxValueBytes,
    rateLimits,
    trustedProxies: get('trustedProxies', proxies),
    sweepIntervalSeconds: get('sweepInterval', duration),
    auditRetentionDays: get('auditRetentionDays', int(0, 36_500)),
    publicBucket,
    webhookAllowedOrigins: get('webhookAllowedOrigins', urls),
    webhookAllowPrivateTargets: get('webhookAllowPrivate', bool),
    webhookSecret: get('webhookSecret', (raw) => raw) || undefined,
    auditRedactKeys: get('auditRedactKeys', bool),
    metricsPublic: get('metricsPublic', bool),
    logLevel: get('logLevel', logLevel),
    shutdownTimeoutSeconds: get('shutdownTimeout', int(0, 3600)),
    env,
  };
  if (config.host === '') throw new ConfigError('invalid_config', 'host: expected an interface address');
  return { config, warnings };
}
