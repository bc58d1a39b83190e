/**
 * The keyring: versioned 32-byte data keys, each wrapped under the master key
 * (key-wrap.ts) and persisted through `VaultStore.loadKeyring`/`saveKeyring`.
 * Values are sealed under the active version; older versions stay so that
 * values not yet re-encrypted still open. In memory the keys are unwrapped,
 * in Buffers that `dispose()` zeroes.
 */
import { randomBytes } from 'node:crypto';
import type { StoredKeyring, VaultStore } from '../store/types.js';
import { isKeyVersion } from './aad.js';
import { KEY_LENGTH } from './aes-gcm.js';
import { SealError } from './errors.js';
import { unwrapDataKey, wrapDataKey } from './key-wrap.js';
import type { MasterKey } from './master-key.js';

/** The part of `VaultStore` the keyring and rotation use. */
export type KeyringStore = Pick<
  VaultStore,
  'loadKeyring' | 'saveKeyring' | 'findStaleSealed' | 'resealRecord'
>;

/** Compare-and-set attempts before giving up with `keyring_conflict`. */
export const KEYRING_CAS_ATTEMPTS = 8;

/** Validates a stored keyring; returns its wrapped keys by version. Throws `keyring_corrupt`. */
export function parseStoredKeyring(stored: StoredKeyring): Map<number, Uint8Array> {
  const corrupt = (why: string) => new SealError('keyring_corrupt', `stored keyring is malformed: ${why}`);
  if (typeof stored !== 'object' || stored === null) throw corrupt('not an object');
  if (!isKeyVersion(stored.activeVersion)) throw corrupt('bad active version');
  if (typeof stored.keys !== 'object' || stored.keys === null) throw corrupt('no keys');
  const out = new Map<number, Uint8Array>();
  for (const [name, wrapped] of Object.entries(stored.keys)) {
    const version = Number(name);
    if (!isKeyVersion(version) || String(version) !== name) throw corrupt('bad key version');
    if (!(wrapped instanceof Uint8Array)) throw corrupt('wrapped key is not bytes');
    out.set(version, wrapped);
  }
  if (!out.has(stored.activeVersion)) throw corrupt('active version has no key');
  return out;
}

/** Unwraps every listed version or throws `master_key_mismatch` (zeroing what it unwrapped). */
export function unwrapAll(master: MasterKey, wrapped: Map<number, Uint8Array>): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  for (const [version, blob] of wrapped) {
    const key = unwrapDataKey(master, version, blob);
    if (key === undefined) {
      for (const k of out.values()) k.fill(0);
      throw new SealError(
        'master_key_mismatch',
        `the master key does not open data key version ${version} of the stored keyring (wrong master key?)`,
      );
    }
    out.set(version, key);
  }
  return out;
}

/** Unwrapped data keys by version, and the active version. */
export class Keyring {
  readonly #keys = new Map<number, Buffer>();
  #active = 0;

  /** The version new values are sealed under. */
  get activeVersion(): number {
    return this.#active;
  }

  /** The highest version held. */
  get latestVersion(): number {
    return Math.max(0, ...this.#keys.keys());
  }

  /** Versions held, ascending. */
  get versions(): number[] {
    return [...this.#keys.keys()].sort((a, b) => a - b);
  }

  /** The data key of a version (internal to the seal module). */
  dataKey(version: number): Buffer | undefined {
    return this.#keys.get(version);
  }

  /**
   * Takes in a stored keyring: unwraps the versions not yet held (all or
   * none), then adopts the stored active version. Versions already held are
   * not unwrapped again, so a process keeps working after the master key was
   * re-wrapped under a new one until it restarts.
   */
  absorb(stored: StoredKeyring, master: MasterKey): void {
    const wrapped = parseStoredKeyring(stored);
    for (const version of this.#keys.keys()) wrapped.delete(version);
    for (const [version, key] of unwrapAll(master, wrapped)) this.#keys.set(version, key);
    this.#active = stored.activeVersion;
  }

  /** Adds a freshly created data key (takes ownership of the buffer) and makes it active. */
  addActive(version: number, dataKey: Buffer): void {
    this.#keys.get(version)?.fill(0);
    this.#keys.set(version, dataKey);
    this.#active = version;
  }

  /** Zeroes every data key. */
  dispose(): void {
    for (const key of this.#keys.values()) key.fill(0);
    this.#keys.clear();
    this.#active = 0;
  }
}

/** A fresh random data key. */
export function generateDataKey(): Buffer {
  return randomBytes(KEY_LENGTH);
}

/**
 * Loads the keyring from the store and unwraps it under `master`; when the
 * store has none and `create` is true (the default), creates version 1 with a
 * compare-and-set on "no keyring yet", so processes starting at once end up
 * with the same keyring (the losers load the winner's).
 */
export async function openKeyring(
  store: KeyringStore,
  master: MasterKey,
  options: { create?: boolean } = {},
): Promise<Keyring> {
  for (let attempt = 0; attempt < KEYRING_CAS_ATTEMPTS; attempt++) {
    const stored = await store.loadKeyring();
    const keyring = new Keyring();
    if (stored !== undefined) {
      try {
        keyring.absorb(stored, master);
      } catch (err) {
        keyring.dispose();
        throw err;
      }
      return keyring;
    }
    if (options.create === false) throw new SealError('keyring_missing', 'the store holds no keyring yet');
    const dataKey = generateDataKey();
    const first: StoredKeyring = { activeVersion: 1, keys: { 1: wrapDataKey(master, 1, dataKey) } };
    if (await store.saveKeyring(first, undefined)) {
      keyring.addActive(1, dataKey);
      return keyring;
    }
    dataKey.fill(0);
  }
  throw new SealError('keyring_conflict', 'the keyring kept changing while it was being created');
}
