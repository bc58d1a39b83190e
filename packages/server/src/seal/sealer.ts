/** The server's `Sealer`: AES-256-GCM under the keyring's active data key. */
import type { SealedValue } from '../store/types.js';
import { openFailed } from './errors.js';
import { type Keyring, type KeyringStore, openKeyring } from './keyring.js';
import type { MasterKey } from './master-key.js';
import { openValue, sealValue } from './seal-value.js';
import type { SealContext, Sealer } from './types.js';

/**
 * Seals with the active data key; opens with the key of the value's version.
 * Holds its own copy of the master key to unwrap versions another process
 * adds (rotation); `dispose()` zeroes it and every data key.
 */
export class KeyringSealer implements Sealer {
  readonly #store: KeyringStore;
  readonly #master: MasterKey;
  readonly #keyring: Keyring;
  #reloading: Promise<void> | undefined;

  /** Takes ownership of `keyring` and of `master` (pass a copy you do not dispose). */
  constructor(store: KeyringStore, master: MasterKey, keyring: Keyring) {
    this.#store = store;
    this.#master = master;
    this.#keyring = keyring;
  }

  get activeVersion(): number {
    return this.#keyring.activeVersion;
  }

  seal(plaintext: Uint8Array, context: SealContext): SealedValue {
    const version = this.#keyring.activeVersion;
    const key = this.#keyring.dataKey(version);
    if (key === undefined) throw new TypeError('sealer has been disposed');
    return sealValue(key, version, plaintext, context);
  }

  async open(sealed: SealedValue, context: SealContext): Promise<Uint8Array> {
    let key = this.#keyring.dataKey(sealed.keyVersion);
    // Only a version above every one held can be new (versions only grow), so a
    // forged small version costs no store round trip.
    if (
      key === undefined &&
      Number.isSafeInteger(sealed.keyVersion) &&
      sealed.keyVersion > this.#keyring.latestVersion
    ) {
      try {
        await this.reload();
      } catch (err) {
        throw openFailed(err);
      }
      key = this.#keyring.dataKey(sealed.keyVersion);
    }
    const plaintext = key === undefined ? undefined : openValue(key, sealed, context);
    if (plaintext === undefined) throw openFailed();
    return plaintext;
  }

  /**
   * Reloads the keyring from the store: unwraps versions added by another
   * process and adopts its active version. Concurrent calls share one load.
   * The server may also call this on a timer so that every process starts
   * sealing under a new version soon after a rotation.
   */
  reload(): Promise<void> {
    if (this.#reloading === undefined) {
      const loading = this.#load();
      this.#reloading = loading;
      loading
        .finally(() => {
          if (this.#reloading === loading) this.#reloading = undefined;
        })
        .catch(() => undefined);
    }
    return this.#reloading;
  }

  async #load(): Promise<void> {
    const stored = await this.#store.loadKeyring();
    if (stored !== undefined) this.#keyring.absorb(stored, this.#master);
  }

  /** Zeroes the data keys and the master key copy; the sealer is unusable afterwards. */
  dispose(): void {
    this.#keyring.dispose();
    this.#master.dispose();
  }
}

/**
 * Opens (or, at first start, creates) the keyring and returns a sealer over
 * it. Copies `master`: the caller may dispose its own key right after.
 */
export async function openSealer(store: KeyringStore, master: MasterKey): Promise<KeyringSealer> {
  const keyring = await openKeyring(store, master);
  return new KeyringSealer(store, master.clone(), keyring);
}
