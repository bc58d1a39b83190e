/**
 * AES-256-GCM with a fresh random 96-bit nonce and a 128-bit tag
 * (NIST SP 800-38D; random nonces keep the collision chance under 2^-32 for
 * up to 2^32 messages per key, which the keyring's rotation bounds).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const KEY_LENGTH = 32;
export const NONCE_LENGTH = 12;
export const TAG_LENGTH = 16;

/** Output of `gcmSeal`: the ciphertext carries its tag at the end (`ciphertext ‖ tag`). */
export interface GcmSealed {
  nonce: Buffer;
  ciphertext: Buffer;
}

/** Encrypts under `key` (32 bytes) with a fresh random nonce; `aad` is authenticated, not encrypted. */
export function gcmSeal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): GcmSealed {
  if (key.length !== KEY_LENGTH) throw new RangeError('AES-256-GCM key must be 32 bytes');
  const nonce = randomBytes(NONCE_LENGTH);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_LENGTH });
  cipher.setAAD(aad);
  const body = cipher.update(plaintext);
  const last = cipher.final();
  const ciphertext = Buffer.concat([body, last, cipher.getAuthTag()]);
  return { nonce, ciphertext };
}

/**
 * Decrypts and authenticates. Fails closed: returns `undefined` on a wrong
 * size, a bad tag or any other error, and never returns unauthenticated bytes.
 */
export function gcmOpen(
  key: Uint8Array,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  aad: Uint8Array,
): Buffer | undefined {
  if (key.length !== KEY_LENGTH || nonce.length !== NONCE_LENGTH || ciphertext.length < TAG_LENGTH) {
    return undefined;
  }
  const split = ciphertext.length - TAG_LENGTH;
  let body: Buffer | undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_LENGTH });
    decipher.setAAD(aad);
    decipher.setAuthTag(ciphertext.subarray(split));
    body = decipher.update(ciphertext.subarray(0, split));
    const last = decipher.final();
    if (last.length === 0) return body;
    const out = Buffer.concat([body, last]);
    body.fill(0);
    return out;
  } catch {
    // update() hands out bytes before final() checks the tag: they are unauthenticated, wipe them.
    body?.fill(0);
    return undefined;
  }
}
