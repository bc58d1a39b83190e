/**
 * @warden/client: a typed, fetch-based client of the Warden vault (the Sirr
 * v1 HTTP API plus Warden's additions). This file is the whole public API.
 */
export { Keys, type NewKey, Orgs, Principals, Roles, Webhooks } from './admin.js';
export { WardenClient } from './client.js';
export { DEFAULT_SERVER, optionsFromEnv, type WardenClientOptions } from './config.js';
export { SecretSealedError, VaultError, type VaultErrorCode } from './errors.js';
export { CLIENT_VERSION } from './transport.js';
export type {
  AuditEvent,
  AuditQuery,
  KeyCreated,
  KeyInfo,
  Me,
  Org,
  PatchOptions,
  Principal,
  PullFailure,
  PullOptions,
  PullResult,
  PushOptions,
  RequestOptions,
  Role,
  SecretMeta,
  SecretStatus,
  VersionInfo,
  Webhook,
  WebhookCreated,
} from './types.js';
export { isLoopback } from './url.js';
export { MAX_TTL_SECONDS } from './validate.js';
