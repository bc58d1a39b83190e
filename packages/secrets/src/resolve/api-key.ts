import { assertRef } from './assert.js';
import type { Env } from './env.js';
import { SecretNotFoundError } from './errors.js';
import type { Secrets } from './types.js';

/** Options of `resolveApiKey`. */
export interface ResolveApiKeyOptions {
  /** A key the caller passed explicitly (a constructor argument); wins when non-empty. */
  explicit?: string | null | undefined;
  /** The variable to look up, e.g. `OPENAI_API_KEY`. */
  envName: string;
  /** Asked next, through `lookupSync` (no I/O: resolve vault refs before, e.g. in a `SecretScope`). */
  secrets?: Secrets | undefined;
  /** Asked last (default: `process.env`). */
  env?: Env;
}

/**
 * The API key a model adapter should use: the explicit argument, then
 * `secrets.lookupSync(envName)`, then the environment variable `envName`.
 * Empty strings count as absent. Throws `SecretNotFoundError` naming
 * `envName` when none has it.
 *
 * @example
 * ```ts
 * class ChatModel {
 *   readonly #apiKey: string;
 *   constructor(options: { apiKey?: string; secrets?: Secrets } = {}) {
 *     this.#apiKey = resolveApiKey({ explicit: options.apiKey, envName: 'OPENAI_API_KEY', secrets: options.secrets });
 *   }
 * }
 * ```
 */
export function resolveApiKey(options: ResolveApiKeyOptions): string {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const { explicit, envName, secrets } = options;
  assertRef(envName);
  if (explicit !== undefined && explicit !== null && typeof explicit !== 'string')
    throw new TypeError('explicit must be a string when given');
  if (explicit) return explicit;
  const fromSecrets = secrets?.lookupSync(envName);
  if (fromSecrets) return fromSecrets;
  const fromEnv = (options.env ?? process.env)[envName];
  if (typeof fromEnv === 'string' && fromEnv !== '') return fromEnv;
  throw new SecretNotFoundError(envName);
}
