/** One setting: its flag (commander syntax) if any, its variables in precedence order, its default. */
export interface SettingSpec {
  /** commander's attribute name for the flag (camelCase). */
  option?: string;
  flag?: string;
  env: readonly string[];
  default: string;
  description: string;
}

const S = <K extends string>(specs: Record<K, SettingSpec>) => specs;

/**
 * Every setting. `warden serve` builds its flags from this table, and the
 * README's reference is this table: one source of truth. `SIRR_*` names are
 * aliases; a `WARDEN_*` variable wins over its alias, a flag over both.
 */
export const SETTINGS = S({
  host: {
    option: 'host',
    flag: '--host <host>',
    env: ['WARDEN_HOST', 'SIRR_HOST'],
    default: '127.0.0.1',
    description: 'interface to listen on',
  },
  port: {
    option: 'port',
    flag: '--port <port>',
    env: ['WARDEN_PORT', 'SIRR_PORT'],
    default: '8080',
    description: 'TCP port (0 = any free port)',
  },
  dataDir: {
    option: 'dataDir',
    flag: '--data-dir <dir>',
    env: ['WARDEN_DATA_DIR', 'SIRR_DATA_DIR'],
    default: './.warden',
    description: 'database, master key file and admin token hash',
  },
  databaseUrl: {
    option: 'databaseUrl',
    flag: '--database-url <url>',
    env: ['WARDEN_DATABASE_URL'],
    default: '',
    description: 'sqlite:<path> (default <data-dir>/vault.db); postgres:// is not supported yet',
  },
  bodyLimit: {
    option: 'bodyLimit',
    flag: '--body-limit <size>',
    env: ['WARDEN_BODY_LIMIT'],
    default: '6356992',
    description:
      'largest request body (default 6 x WARDEN_MAX_VALUE_BYTES + 64KiB, room for a JSON-escaped value: 6MiB+64KiB)',
  },
  maxValueBytes: {
    env: ['WARDEN_MAX_VALUE_BYTES'],
    default: '1MiB',
    description: 'largest secret value, in UTF-8 bytes',
  },
  rateLimit: {
    option: 'rateLimit',
    flag: '--rate-limit <n>',
    env: ['WARDEN_RATE_LIMIT_PER_SECOND', 'SIRR_RATE_LIMIT_PER_SECOND'],
    default: '100',
    description: 'requests per second per client IP (0 = off)',
  },
  rateBurst: {
    env: ['WARDEN_RATE_LIMIT_BURST', 'SIRR_RATE_LIMIT_BURST'],
    default: '400',
    description: 'burst per client IP',
  },
  tokenRateLimit: {
    option: 'tokenRateLimit',
    flag: '--token-rate-limit <n>',
    env: ['WARDEN_TOKEN_RATE_LIMIT_PER_SECOND'],
    default: '100',
    description: 'requests per second per token (0 = off)',
  },
  tokenRateBurst: { env: ['WARDEN_TOKEN_RATE_LIMIT_BURST'], default: '400', description: 'burst per token' },
  trustedProxies: {
    option: 'trustedProxies',
    flag: '--trusted-proxies <list>',
    env: ['WARDEN_TRUSTED_PROXIES', 'SIRR_TRUSTED_PROXIES'],
    default: '',
    description: 'IPs/CIDRs whose X-Forwarded-For is trusted',
  },
  sweepInterval: {
    option: 'sweepInterval',
    flag: '--sweep-interval <duration>',
    env: ['WARDEN_SWEEP_INTERVAL'],
    default: '300',
    description: 'seconds between sweeps of dead records (0 = off)',
  },
  auditRetentionDays: {
    option: 'auditRetentionDays',
    flag: '--audit-retention-days <n>',
    env: ['WARDEN_AUDIT_RETENTION_DAYS', 'SIRR_AUDIT_RETENTION_DAYS'],
    default: '30',
    description: 'days of audit kept (0 = forever)',
  },
  publicBucket: {
    option: 'publicBucket',
    flag: '--public-bucket <mode>',
    env: ['WARDEN_PUBLIC_BUCKET'],
    default: 'token',
    description: 'token (any valid token), open (no token, as Sirr v1) or off',
  },
  webhookAllowedOrigins: {
    option: 'webhookAllowedOrigins',
    flag: '--webhook-allowed-origins <list>',
    env: ['WARDEN_WEBHOOK_ALLOWED_ORIGINS', 'SIRR_WEBHOOK_ALLOWED_ORIGINS'],
    default: '',
    description: 'URL prefixes a per-secret webhook_url may use',
  },
  webhookAllowPrivate: {
    option: 'webhookAllowPrivateTargets',
    flag: '--webhook-allow-private-targets',
    env: ['WARDEN_WEBHOOK_ALLOW_PRIVATE_TARGETS'],
    default: 'false',
    description: 'let webhooks reach private, loopback and link-local addresses',
  },
  webhookSecret: {
    env: ['WARDEN_WEBHOOK_SECRET', 'SIRR_WEBHOOK_SECRET'],
    default: '',
    description: 'HMAC key for per-secret webhook_url deliveries',
  },
  auditRedactKeys: {
    env: ['WARDEN_AUDIT_REDACT_KEYS', 'SIRR_AUDIT_REDACT_KEYS'],
    default: 'false',
    description: 'audit responses show sha256:<8 hex> for key names',
  },
  metricsPublic: {
    env: ['WARDEN_METRICS_PUBLIC'],
    default: 'false',
    description: 'serve /metrics without the admin token',
  },
  logLevel: {
    option: 'logLevel',
    flag: '--log-level <level>',
    env: ['WARDEN_LOG_LEVEL', 'SIRR_LOG_LEVEL'],
    default: 'info',
    description: 'fatal, error, warn, info, debug, trace or silent',
  },
  shutdownTimeout: {
    env: ['WARDEN_SHUTDOWN_TIMEOUT'],
    default: '10',
    description: 'seconds to let in-flight requests finish on SIGTERM',
  },
});
