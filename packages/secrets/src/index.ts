// Redaction: known secret shapes and exact values, in text and in streams.
export { DEFAULT_DETECTORS, ENTROPY_DETECTOR } from './redact/detectors/index.js';
export { createRedactor, DEFAULT_REPLACEMENT, findSecrets, redact } from './redact/redactor.js';
export {
  createRedactStream,
  createRedactTransformStream,
  type RedactNodeStreamOptions,
  type RedactStreamOptions,
} from './redact/stream.js';
export type { Confidence, Detector, Finding, Redactor, RedactorOptions } from './redact/types.js';
// Resolution: where a secret comes from.
export { type ResolveApiKeyOptions, resolveApiKey } from './resolve/api-key.js';
export { ChainSecrets } from './resolve/chain.js';
export { DictSecrets } from './resolve/dict.js';
export { type Env, EnvSecrets } from './resolve/env.js';
export {
  SecretNotFoundError,
  SecretsError,
  type SecretsErrorCode,
  SecretsReadOnlyError,
} from './resolve/errors.js';
export type { Secrets, SecretsProbe } from './resolve/types.js';
export { type ResolvedFrom, VaultSecrets, type VaultSecretsOptions } from './resolve/vault.js';
// SecretScope: what one agent process holds, for how long, and who read it.
export { ManifestError, ScopeStartError, ScopeStateError, type UnresolvedSecret } from './scope/errors.js';
export { CallbackJournal, JsonlFileJournal, MemoryJournal } from './scope/journal.js';
export { MAX_MANIFEST_BYTES } from './scope/manifest.js';
export { type ManifestOptions, type RotateOptions, type ScopeState, SecretScope } from './scope/scope.js';
export type {
  GetSecretInput,
  GetSecretInputSchema,
  GetSecretResult,
  SecretTool,
  SecretToolOptions,
  SecretToolReveal,
} from './scope/tool.js';
export type {
  SecretAccessEntry,
  SecretAction,
  SecretJournal,
  SecretScopeConfig,
  SecretScopeOptions,
} from './scope/types.js';
