/** Sealing one value under one data key, bound to its record by the AAD. */
import type { SealedValue } from '../store/types.js';
import { isKeyVersion, sealAad } from './aad.js';
import { gcmOpen, gcmSeal } from './aes-gcm.js';
import type { SealContext } from './types.js';

/** Seals `plaintext` under `dataKey` (version `keyVersion`); `ciphertext` is `AES-GCM ciphertext ‖ 16-byte tag`. */
export function sealValue(
  dataKey: Uint8Array,
  keyVersion: number,
  plaintext: Uint8Array,
  context: SealContext,
): SealedValue {
  if (!(plaintext instanceof Uint8Array)) throw new TypeError('plaintext must be a Uint8Array');
  const { nonce, ciphertext } = gcmSeal(dataKey, plaintext, sealAad(context, keyVersion));
  return { ciphertext, nonce, keyVersion };
}

/** Opens a sealed value with the data key of its version; `undefined` when it does not authenticate. */
export function openValue(
  dataKey: Uint8Array,
  sealed: SealedValue,
  context: SealContext,
): Buffer | undefined {
  if (!isKeyVersion(sealed.keyVersion)) return undefined;
  if (!(sealed.nonce instanceof Uint8Array) || !(sealed.ciphertext instanceof Uint8Array)) return undefined;
  let aad: Buffer;
  try {
    aad = sealAad(context, sealed.keyVersion);
  } catch {
    return undefined;
  }
  return gcmOpen(dataKey, sealed.nonce, sealed.ciphertext, aad);
}
