import { assertRef, assertValue } from './assert.js';
import { SecretNotFoundError } from './errors.js';
import { KnownValues, knownValues } from './known-values.js';
import type { Secrets, SecretsProbe } from './types.js';

/**
 * Secrets in memory: for tests, for values a program computed, and as the
 * writable first link of a `ChainSecrets`. `redact` covers every value it
 * holds or has held (an overwritten value is still a secret someone may echo)
 * until `forget()`.
 *
 * @example
 * ```ts
 * const secrets = new DictSecrets({ DB_PASSWORD: 'hunter2-but-longer' });
 * await secrets.store('API_TOKEN', 'tok_123456789');
 * secrets.lookupSync('API_TOKEN'); // 'tok_123456789'
 * ```
 */
export class DictSecrets implements Secrets, SecretsProbe {
  readonly #values = new Map<string, string>();
  readonly #known = new KnownValues();

  /** @param entries initial refs and values (non-empty strings) */
  constructor(entries?: Readonly<Record<string, string>> | Iterable<readonly [string, string]>) {
    if (entries === undefined) return;
    if (entries === null || typeof entries !== 'object') throw new TypeError('entries must be an object');
    const pairs = Symbol.iterator in entries ? entries : Object.entries(entries);
    for (const [ref, value] of pairs) this.#set(ref, value);
  }

  async resolve(ref: string): Promise<string> {
    const value = this.lookupSync(ref);
    if (value === undefined) throw new SecretNotFoundError(ref);
    return value;
  }

  lookupSync(ref: string): string | undefined {
    assertRef(ref);
    return this.#values.get(ref);
  }

  async has(ref: string): Promise<boolean> {
    return this.lookupSync(ref) !== undefined;
  }

  async store(ref: string, value: string): Promise<void> {
    this.#set(ref, value);
  }

  /** Removes `ref`; `redact` keeps covering its value until `forget()`. True when it was there. */
  delete(ref: string): boolean {
    assertRef(ref);
    return this.#values.delete(ref);
  }

  redact(text: string): string {
    return this.#known.redact(text);
  }

  /** Stops `redact` covering values no longer held. */
  forget(): void {
    this.#known.clear();
    for (const value of this.#values.values()) this.#known.add(value);
  }

  [knownValues](): KnownValues {
    return this.#known;
  }

  #set(ref: string, value: string): void {
    assertRef(ref);
    assertValue(value);
    this.#values.set(ref, value);
    this.#known.add(value);
  }
}
