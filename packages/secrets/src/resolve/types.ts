/**
 * The resolver protocol (loomflow's `Secrets`, in TypeScript): where a
 * program gets a secret by reference, and how it scrubs the values it got
 * from the text it emits.
 */

/**
 * A source of secrets. A `ref` is a name (an environment variable, a vault
 * key, a dictionary key), never a value; every error names the ref and never
 * the value.
 */
export interface Secrets {
  /** The value of `ref`; rejects with `SecretNotFoundError` (`secret_not_found`) when there is none. */
  resolve(ref: string): Promise<string>;
  /** Stores `value` under `ref`; read-only backends reject with `SecretsReadOnlyError` (`secrets_read_only`). */
  store(ref: string, value: string): Promise<void>;
  /** `text` with every value this backend knows of (and their common encodings) replaced by `[REDACTED]`. */
  redact(text: string): string;
  /** The value of `ref` if it is available without I/O (set, cached, or in the environment), else `undefined`. */
  lookupSync(ref: string): string | undefined;
}

/**
 * A backend that can tell whether a ref exists without consuming it (a
 * vault's HEAD). `SecretScope.start` uses it to report every missing ref
 * before it spends a single vault read.
 */
export interface SecretsProbe {
  /** Whether `ref` could be resolved now; consumes nothing. */
  has(ref: string): Promise<boolean>;
}

/** Whether `secrets` also implements `SecretsProbe`. */
export function canProbe(secrets: Secrets): secrets is Secrets & SecretsProbe {
  return typeof (secrets as Partial<SecretsProbe>).has === 'function';
}
