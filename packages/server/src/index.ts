/**
 * The Warden vault server: the Sirr v1 HTTP API on Fastify, over a
 * `VaultStore` and a `Sealer`. `createApp` builds the app without listening
 * (tests use `app.inject()`); `startServer` is what `warden serve` runs.
 */

export { ADMIN_TOKEN_HASH_FILE, resolveAdminTokenHash } from './admin-token.js';
export {
  type CreateAppOptions,
  createApp,
  DEFAULT_BODY_LIMIT,
  DEFAULT_RATE_LIMITS,
  DEFAULT_SETTINGS,
  type LogSettings,
} from './app.js';
export type { Access } from './auth/access.js';
export type { Identity } from './auth/identity.js';
export {
  BUILT_IN_ROLES,
  formatPermissions,
  PERMISSION_LETTERS,
  parsePermissions,
} from './auth/permissions.js';
export { hashToken } from './auth/tokens.js';
export { type LoadedConfig, loadConfig, type ServeFlags, type ServerConfig } from './config.js';
export { ConfigError, type ConfigErrorCode } from './config-parse.js';
export { SETTINGS, type SettingSpec } from './config-settings.js';
export type { App, AppSettings, PublicBucketMode } from './context.js';
export { ApiError, type ApiErrorCode } from './errors.js';
export type { RateLimit } from './http/token-bucket.js';
// The store and encryption modules' public API, for `warden rotate-key` and embedders.
export {
  type Encryption,
  keyringStatus,
  loadMasterKey,
  MASTER_KEY_FILE_NAME,
  openEncryption,
  reencryptStale,
  rewrapMasterKey,
  rotateDataKey,
  SealError,
  type SealErrorCode,
} from './seal/index.js';
export type { SealContext, Sealer } from './seal/types.js';
export { bodyLimitFor } from './secrets/validate.js';
export { type RunningServer, type StartOptions, startServer } from './start.js';
export { SqliteStore, type SqliteStoreOptions } from './store/sqlite.js';
export type {
  AuditAction,
  AuditEvent,
  OrgScope,
  SecretMeta,
  SecretRecord,
  VaultStore,
  WebhookDelivery,
} from './store/types.js';
export { Sweeper, type SweeperOptions } from './sweeper.js';
export { API_COMPAT, SERVER_VERSION } from './version.js';
export { type DispatcherOptions, WebhookDispatcher } from './webhooks/dispatcher.js';
export { SIGNATURE_HEADER, signWebhook, verifyWebhookSignature } from './webhooks/signature.js';
