/** Encryption at rest: master key, keyring, sealer and rotation. What the server and `warden rotate-key` use. */
export { KEYRING_LABEL, keyringAad, SEAL_LABEL, sealAad } from './aad.js';
export { SealError, type SealErrorCode } from './errors.js';
export type { KeyringStore } from './keyring.js';
export { MasterKey } from './master-key.js';
export { MASTER_KEY_FILE_NAME, readMasterKeyFile, readOrCreateMasterKeyFile } from './master-key-file.js';
export {
  type LoadedMasterKey,
  type LoadMasterKeyOptions,
  loadMasterKey,
  MASTER_KEY_ENV,
  MASTER_KEY_FILE_ENV,
} from './master-key-source.js';
export {
  DEFAULT_BATCH_SIZE,
  keyringStatus,
  type ReencryptOptions,
  type ReencryptReport,
  type RewrapReport,
  type RotateReport,
  reencryptStale,
  rewrapMasterKey,
  rotateDataKey,
} from './rotate.js';
export { KeyringSealer, openSealer } from './sealer.js';
export { type Encryption, type OpenEncryptionOptions, openEncryption } from './setup.js';
export type { SealContext, Sealer } from './types.js';
