import { assertRef } from './assert.js';
import { SecretNotFoundError, SecretsReadOnlyError } from './errors.js';
import { KnownValues, knownValues } from './known-values.js';
import type { Secrets, SecretsProbe } from './types.js';

/** An environment: `process.env` or any object of the same shape. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Secrets from environment variables: `process.env` (read at each call, so
 * later changes are seen) or the given object. Read-only: `store` rejects
 * with `SecretsReadOnlyError`. An empty variable counts as unset (`FOO=` in a
 * `.env` file means "no value", and an empty string is never a credential).
 *
 * `redact` covers the values this backend has handed out, not the whole
 * environment: most variables (`PATH`, `HOME`) are not secrets.
 *
 * @example
 * ```ts
 * const secrets = new EnvSecrets();
 * const key = await secrets.resolve('OPENAI_API_KEY');
 * console.log(secrets.redact(`calling with ${key}`)); // "calling with [REDACTED]"
 * ```
 */
export class EnvSecrets implements Secrets, SecretsProbe {
  readonly #env: Env | undefined;
  readonly #known = new KnownValues();

  /** @param env the variables to read (default: `process.env`, read at each call) */
  constructor(env?: Env) {
    if (env !== undefined && (env === null || typeof env !== 'object'))
      throw new TypeError('env must be an object');
    this.#env = env;
  }

  async resolve(ref: string): Promise<string> {
    const value = this.lookupSync(ref);
    if (value === undefined) throw new SecretNotFoundError(ref);
    return value;
  }

  lookupSync(ref: string): string | undefined {
    const value = this.#read(ref);
    if (value !== undefined) this.#known.add(value);
    return value;
  }

  async has(ref: string): Promise<boolean> {
    return this.#read(ref) !== undefined;
  }

  /** Always rejects: the environment is read-only here. */
  async store(ref: string, _value: string): Promise<void> {
    assertRef(ref);
    throw new SecretsReadOnlyError('EnvSecrets', ref);
  }

  redact(text: string): string {
    return this.#known.redact(text);
  }

  /** Forgets the values handed out so far (`redact` stops covering them). */
  forget(): void {
    this.#known.clear();
  }

  [knownValues](): KnownValues {
    return this.#known;
  }

  #read(ref: string): string | undefined {
    assertRef(ref);
    const value = (this.#env ?? process.env)[ref];
    // The type check also keeps inherited members (`toString`, `__proto__`) of a plain object out.
    return typeof value === 'string' && value !== '' ? value : undefined;
  }
}
