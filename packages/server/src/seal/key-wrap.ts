/**
 * A data key wrapped under the master key, as the keyring stores it:
 * `0x01 ‖ nonce (12) ‖ AES-256-GCM(dataKey) (32) ‖ tag (16)`, 61 bytes, with
 * AAD `lp("warden-keyring-v1") ‖ lp(u32be(version))` so a wrapped key cannot
 * be swapped to another version.
 */
import { keyringAad } from './aad.js';
import { gcmOpen, gcmSeal, KEY_LENGTH, NONCE_LENGTH, TAG_LENGTH } from './aes-gcm.js';
import { type MasterKey, masterKeyBytes } from './master-key.js';

const FORMAT_V1 = 0x01;
export const WRAPPED_KEY_LENGTH = 1 + NONCE_LENGTH + KEY_LENGTH + TAG_LENGTH;

/** Wraps a 32-byte data key of `version` under the master key. */
export function wrapDataKey(master: MasterKey, version: number, dataKey: Uint8Array): Uint8Array {
  if (dataKey.length !== KEY_LENGTH) throw new RangeError('data key must be 32 bytes');
  const { nonce, ciphertext } = gcmSeal(masterKeyBytes(master), dataKey, keyringAad(version));
  return Buffer.concat([Buffer.from([FORMAT_V1]), nonce, ciphertext]);
}

/** Unwraps a data key; `undefined` when the blob is malformed or does not open under this master key and version. */
export function unwrapDataKey(master: MasterKey, version: number, wrapped: Uint8Array): Buffer | undefined {
  if (!(wrapped instanceof Uint8Array) || wrapped.length !== WRAPPED_KEY_LENGTH || wrapped[0] !== FORMAT_V1) {
    return undefined;
  }
  const nonce = wrapped.subarray(1, 1 + NONCE_LENGTH);
  const sealed = wrapped.subarray(1 + NONCE_LENGTH);
  const key = gcmOpen(masterKeyBytes(master), nonce, sealed, keyringAad(version));
  if (key !== undefined && key.length !== KEY_LENGTH) {
    key.fill(0);
    return undefined;
  }
  return key;
}
