/** What the server calls at start: the master key, then the keyring, then a sealer. */
import type { KeyringStore } from './keyring.js';
import { type LoadedMasterKey, loadMasterKey } from './master-key-source.js';
import { type KeyringSealer, openSealer } from './sealer.js';

export interface OpenEncryptionOptions {
  /** The store (after `init()`). */
  store: KeyringStore;
  /** The data dir; `<dataDir>/master.key` is the default key file. */
  dataDir: string;
  /** Defaults to `process.env`. */
  env?: Record<string, string | undefined>;
}

export interface Encryption {
  sealer: KeyringSealer;
  /** Where the master key came from; `generated` means the key file was created now (log its path, tell the operator to back it up). */
  masterKeySource: LoadedMasterKey['source'];
  /** The variable name or file path of the master key (never the key). */
  masterKeyOrigin: string;
}

/**
 * Loads the master key (see `loadMasterKey`), generating the key file only
 * when the store holds no keyring yet, then opens or creates the keyring.
 * Throws a `SealError` (`invalid_master_key`, `insecure_master_key_file`,
 * `master_key_missing`, `master_key_mismatch`, `keyring_corrupt`) that the
 * server reports as a startup failure. The master key is wiped once the
 * sealer holds its own copy.
 */
export async function openEncryption(options: OpenEncryptionOptions): Promise<Encryption> {
  const exists = (await options.store.loadKeyring()) !== undefined;
  const loaded = await loadMasterKey({
    dataDir: options.dataDir,
    generate: !exists,
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  try {
    const sealer = await openSealer(options.store, loaded.key);
    return { sealer, masterKeySource: loaded.source, masterKeyOrigin: loaded.origin };
  } finally {
    loaded.key.dispose();
  }
}
