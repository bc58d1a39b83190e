/** Where the master key comes from: the environment, a named file, or the data dir's generated key file. */
import { join } from 'node:path';
import { SealError } from './errors.js';
import { MasterKey } from './master-key.js';
import { MASTER_KEY_FILE_NAME, readMasterKeyFile, readOrCreateMasterKeyFile } from './master-key-file.js';

/** Environment variables holding the key itself, in order of precedence (Sirr's name is an alias). */
export const MASTER_KEY_ENV = ['WARDEN_MASTER_KEY', 'SIRR_MASTER_KEY'] as const;
/** Environment variables naming a key file, in order of precedence. */
export const MASTER_KEY_FILE_ENV = ['WARDEN_MASTER_KEY_FILE', 'SIRR_MASTER_KEY_FILE'] as const;

export interface LoadMasterKeyOptions {
  /** The data dir; the default key file is `<dataDir>/master.key`. */
  dataDir: string;
  /** Defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  /**
   * Whether to generate `<dataDir>/master.key` when no key is configured and
   * the file is absent (default true). Pass false once a keyring exists: a
   * fresh key could never open it, so a missing key is `master_key_missing`.
   */
  generate?: boolean;
}

export interface LoadedMasterKey {
  key: MasterKey;
  /** `env`: a variable; `file`: an existing key file; `generated`: the key file was created just now. */
  source: 'env' | 'file' | 'generated';
  /** The variable name or the file path (never the key), for a startup log line. */
  origin: string;
}

/**
 * Loads the master key, first match wins: `WARDEN_MASTER_KEY`,
 * `SIRR_MASTER_KEY`, the file named by `WARDEN_MASTER_KEY_FILE` or
 * `SIRR_MASTER_KEY_FILE`, then `<dataDir>/master.key` (generated when absent
 * and `generate` is true). A variable that is set but empty is an error, not
 * "unset": silently generating a key there would hide a deployment mistake.
 */
export async function loadMasterKey(options: LoadMasterKeyOptions): Promise<LoadedMasterKey> {
  const env = options.env ?? process.env;
  for (const name of MASTER_KEY_ENV) {
    const value = env[name];
    if (value !== undefined) return { key: MasterKey.parse(value, name), source: 'env', origin: name };
  }
  for (const name of MASTER_KEY_FILE_ENV) {
    const path = env[name];
    if (path === undefined) continue;
    if (path.trim() === '') throw new SealError('invalid_master_key', `${name} is set but empty`);
    try {
      return { key: await readMasterKeyFile(path), source: 'file', origin: path };
    } catch (err) {
      if (isNotFound(err)) {
        throw new SealError('master_key_missing', `${name} names ${path}, which does not exist`);
      }
      throw err;
    }
  }
  const path = join(options.dataDir, MASTER_KEY_FILE_NAME);
  if (options.generate === false) {
    try {
      return { key: await readMasterKeyFile(path), source: 'file', origin: path };
    } catch (err) {
      if (isNotFound(err)) {
        throw new SealError(
          'master_key_missing',
          `no master key: the keyring exists but neither ${MASTER_KEY_ENV[0]} nor ${path} is there; restore the key that created it`,
        );
      }
      throw err;
    }
  }
  const { key, created } = await readOrCreateMasterKeyFile(path);
  return { key, source: created ? 'generated' : 'file', origin: path };
}

function isNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === 'ENOENT';
}
