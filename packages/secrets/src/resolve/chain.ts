import { isWardenError } from '@warden/core';
import { assertRef, assertText } from './assert.js';
import { SecretNotFoundError, SecretsReadOnlyError } from './errors.js';
import { KnownValues, knownValues, knownValuesOf } from './known-values.js';
import { canProbe, type Secrets, type SecretsProbe } from './types.js';

/**
 * Several backends in order: the first that has a ref answers.
 *
 * - `resolve`: each backend in turn; a `secret_not_found` moves on, any
 *   other failure (a vault that is down, a refused token) rejects at once
 *   rather than silently falling through to a later backend's value.
 * - `lookupSync`: the first defined answer.
 * - `store`: the first backend that is not read-only.
 * - `redact`: every backend's values in one pass (see below).
 *
 * @example
 * ```ts
 * const secrets = new ChainSecrets([new DictSecrets(), new VaultSecrets(client), new EnvSecrets()]);
 * await secrets.resolve('OPENAI_API_KEY'); // dict, then vault, then environment
 * ```
 */
export class ChainSecrets implements Secrets, SecretsProbe {
  readonly #backends: readonly Secrets[];
  #union: { key: string; values: KnownValues } | undefined;

  constructor(backends: readonly Secrets[]) {
    if (!Array.isArray(backends) || backends.length === 0)
      throw new TypeError('backends must be a non-empty array');
    for (const b of backends) {
      if (b === null || typeof b !== 'object' || typeof b.resolve !== 'function')
        throw new TypeError('every backend must implement Secrets');
    }
    this.#backends = [...backends];
  }

  /** The backends, in lookup order. */
  get backends(): readonly Secrets[] {
    return this.#backends;
  }

  async resolve(ref: string): Promise<string> {
    assertRef(ref);
    for (const backend of this.#backends) {
      try {
        return await backend.resolve(ref);
      } catch (err) {
        if (!isWardenError(err, 'secret_not_found')) throw err;
      }
    }
    throw new SecretNotFoundError(ref);
  }

  lookupSync(ref: string): string | undefined {
    assertRef(ref);
    for (const backend of this.#backends) {
      const value = backend.lookupSync(ref);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  /**
   * Whether some backend has `ref`. A backend that cannot probe (no `has`)
   * and has no synchronous answer might still resolve it, so then the answer
   * is `true` ("cannot rule it out"): a probe must never report missing what
   * `resolve` would find.
   */
  async has(ref: string): Promise<boolean> {
    assertRef(ref);
    let unknown = false;
    for (const backend of this.#backends) {
      if (canProbe(backend)) {
        if (await backend.has(ref)) return true;
      } else if (backend.lookupSync(ref) !== undefined) return true;
      else unknown = true;
    }
    return unknown;
  }

  async store(ref: string, value: string): Promise<void> {
    assertRef(ref);
    for (const backend of this.#backends) {
      try {
        await backend.store(ref, value);
        return;
      } catch (err) {
        if (!isWardenError(err, 'secrets_read_only')) throw err;
      }
    }
    throw new SecretsReadOnlyError('ChainSecrets', ref);
  }

  /**
   * Every backend's values. The built-in backends' values are redacted
   * together in one pass, so a value that contains another backend's value
   * is still replaced whole; other backends' `redact` run after, in order.
   */
  redact(text: string): string {
    assertText(text);
    let out = this.#unionOfKnown().redact(text);
    for (const backend of this.#backends) {
      if (knownValuesOf(backend) === undefined) out = backend.redact(out);
    }
    return out;
  }

  [knownValues](): KnownValues {
    return this.#unionOfKnown();
  }

  #unionOfKnown(): KnownValues {
    const sets: KnownValues[] = [];
    for (const backend of this.#backends) {
      const known = knownValuesOf(backend);
      if (known !== undefined) sets.push(known);
    }
    const key = sets.map((s) => s.generation).join(',');
    if (this.#union?.key !== key) {
      const values = new KnownValues();
      for (const set of sets) for (const v of set.values()) values.add(v);
      this.#union = { key, values };
    }
    return this.#union.values;
  }
}
