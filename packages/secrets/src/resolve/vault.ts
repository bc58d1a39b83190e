import type { PushOptions, WardenClient } from '@warden/client';
import { type Clock, systemClock } from '@warden/core';
import { assertRef, assertValue } from './assert.js';
import { SecretNotFoundError } from './errors.js';
import { KnownValues, knownValues } from './known-values.js';
import type { Secrets, SecretsProbe } from './types.js';

/** Options of `VaultSecrets`. */
export interface VaultSecretsOptions {
  /** Defaults for `store` (e.g. `{ reads: 1, ttl: 600 }`); per-call options win. */
  push?: PushOptions;
  /** The clock that expires cached values at the vault's `expiresAt` (default: the wall clock). */
  clock?: Clock;
}

/** Where `resolveWithSource` got a value: a fresh vault read, or this process's cache of an earlier one. */
export type ResolvedFrom = 'vault' | 'cache';

interface Cached {
  value: string;
  /** This process's read spent the secret's last read (it is burned or sealed now). */
  burnedByUs: boolean;
  /** The vault's expiry (Unix seconds), or null. */
  expiresAt: number | null;
}

/**
 * Secrets in a Warden vault, through `@warden/client`.
 *
 * **A read may burn the secret.** Each `resolve` is a vault read (`get`),
 * and a secret pushed with `reads: 1` is gone after its first one. So each
 * resolve first asks the vault (`head`, which consumes nothing) for the
 * secret's state, then reads it, and remembers whether that read was the
 * last one. When a later resolve finds the secret gone and this process's
 * own read burned it, the value read then is returned from the cache
 * (`resolveWithSource` says `source: 'cache'`) instead of failing: the
 * secret is not lost to a second resolve in the same process. When the
 * secret vanished for any other reason (deleted, expired, or another
 * reader took the last read), the cache entry is dropped and the resolve
 * fails: a revocation in the vault is honoured. Cached values also expire
 * at the vault's `expiresAt`.
 *
 * `lookupSync` answers from that cache only (it never reads the vault).
 * `redact` covers every value this backend resolved or stored, until
 * `forget()`. Cached values are JavaScript strings: they cannot be wiped,
 * only released (see `forget`).
 *
 * @example
 * ```ts
 * const vault = new VaultSecrets(WardenClient.fromEnv());
 * await vault.store('DEPLOY_TOKEN', token, { reads: 1, ttl: 600 });
 * const value = await vault.resolve('DEPLOY_TOKEN'); // the one read: burned in the vault
 * await vault.resolveWithSource('DEPLOY_TOKEN'); // { value, source: 'cache' }
 * ```
 */
export class VaultSecrets implements Secrets, SecretsProbe {
  readonly #client: WardenClient;
  readonly #push: PushOptions;
  readonly #clock: Clock;
  readonly #cache = new Map<string, Cached>();
  readonly #known = new KnownValues();

  constructor(client: WardenClient, options: VaultSecretsOptions = {}) {
    if (client === null || typeof client !== 'object' || typeof client.get !== 'function')
      throw new TypeError('client must be a WardenClient');
    this.#client = client;
    this.#push = { ...options.push };
    this.#clock = options.clock ?? systemClock;
  }

  async resolve(ref: string): Promise<string> {
    return (await this.resolveWithSource(ref)).value;
  }

  /**
   * `resolve`, saying whether the value is a fresh vault read or this
   * process's cached copy of a read that burned the secret. Rejects with
   * `SecretNotFoundError` when neither; vault failures reject with the
   * client's `VaultError`.
   */
  async resolveWithSource(ref: string): Promise<{ value: string; source: ResolvedFrom }> {
    assertRef(ref);
    const status = await this.#client.head(ref);
    if (status === undefined || status.status === 'sealed') return this.#fromCache(ref);
    const value = await this.#client.get(ref);
    // Burned or expired between the HEAD and the GET: by someone else, since the read did not reach us.
    if (value === null) return this.#fromCache(ref);
    this.#cache.set(ref, { value, burnedByUs: status.readsRemaining === 1, expiresAt: status.expiresAt });
    this.#known.add(value);
    return { value, source: 'vault' };
  }

  /** Whether the vault has `ref` readable now (a HEAD: consumes no read). */
  async has(ref: string): Promise<boolean> {
    assertRef(ref);
    const status = await this.#client.head(ref);
    return status !== undefined && status.status === 'active';
  }

  /** The cached value of an earlier `resolve`, unless past the vault's expiry; never reads the vault. */
  lookupSync(ref: string): string | undefined {
    assertRef(ref);
    const entry = this.#cache.get(ref);
    if (entry === undefined) return undefined;
    if (this.#expired(entry)) {
      this.#cache.delete(ref);
      return undefined;
    }
    return entry.value;
  }

  /**
   * Pushes `value` under `ref` with the constructor's `push` defaults and
   * `options` over them. The value joins what `redact` covers; it is not
   * cached for `lookupSync` (the vault decides who reads it, and when).
   */
  async store(ref: string, value: string, options: PushOptions = {}): Promise<void> {
    assertRef(ref);
    assertValue(value);
    this.#known.add(value);
    await this.#client.push(ref, value, { ...this.#push, ...options });
  }

  redact(text: string): string {
    return this.#known.redact(text);
  }

  /**
   * Drops the cache and the values `redact` covers. After this, a secret
   * this process burned cannot be resolved again. The strings are released
   * to the garbage collector; JavaScript gives no way to overwrite them.
   */
  forget(): void {
    this.#cache.clear();
    this.#known.clear();
  }

  [knownValues](): KnownValues {
    return this.#known;
  }

  #fromCache(ref: string): { value: string; source: ResolvedFrom } {
    const entry = this.#cache.get(ref);
    if (entry?.burnedByUs && !this.#expired(entry)) return { value: entry.value, source: 'cache' };
    this.#cache.delete(ref);
    throw new SecretNotFoundError(ref);
  }

  #expired(entry: Cached): boolean {
    return entry.expiresAt !== null && this.#clock.now() >= entry.expiresAt;
  }
}
