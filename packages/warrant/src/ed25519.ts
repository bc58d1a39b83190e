import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

/**
 * Ed25519 over node:crypto (OpenSSL), made strict in the sense of
 * ed25519-dalek's `verify_strict`: OpenSSL accepts a signature forged under a
 * small-order public key, so keys and signatures are screened here first.
 */

/** Group order L, little-endian; a canonical signature has S < L (RFC 8032 §5.1.7). */
const L = Uint8Array.from(
  Buffer.from('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010', 'hex'),
);
/** Field prime p = 2^255 - 19, little-endian. */
const P = Uint8Array.from(Buffer.from(`ed${'ff'.repeat(30)}7f`, 'hex'));

/**
 * Encodings (sign bit cleared) of every point of small order, canonical or not:
 * y = 0 and 1, the two order-8 y values, p-1, and the non-canonical p and p+1.
 * These are fixed curve constants (the same list libsodium screens against).
 */
const SMALL_ORDER_Y = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
].map((h) => Buffer.from(h, 'hex'));

/** Little-endian `a < b` for equal-length byte strings. */
function lessThanLE(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = a.length - 1; i >= 0; i--) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x !== y) return x < y;
  }
  return false;
}

/** True when the 32-byte point encoding has a canonical y (< p) and is not of small order. */
export function isStrictPoint(encoded: Uint8Array): boolean {
  if (encoded.length !== 32) return false;
  const y = Uint8Array.from(encoded);
  y[31] = (y[31] as number) & 0x7f;
  // y >= p is a non-canonical encoding; p and p+1 are in the small-order list, larger ones rejected here.
  if (!lessThanLE(y, P)) return false;
  for (const bad of SMALL_ORDER_Y) if (Buffer.compare(bad, y) === 0) return false;
  return true;
}

/** True when S (the second half of the signature) is below the group order. */
export function isCanonicalSignature(signature: Uint8Array): boolean {
  return signature.length === 64 && lessThanLE(signature.subarray(32), L);
}

const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Public KeyObjects are cached by key bytes: building one costs more than the verify it serves. */
const publicKeyCache = new Map<string, KeyObject>();
const PUBLIC_KEY_CACHE_LIMIT = 4096;

/** A public KeyObject for raw key bytes (cached across calls). */
export function publicKeyObject(key: Uint8Array): KeyObject {
  const id = Buffer.from(key).toString('latin1');
  let obj = publicKeyCache.get(id);
  if (obj === undefined) {
    obj = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, key]), format: 'der', type: 'spki' });
    if (publicKeyCache.size >= PUBLIC_KEY_CACHE_LIMIT) publicKeyCache.clear();
    publicKeyCache.set(id, obj);
  }
  return obj;
}

/**
 * Strict Ed25519 verification. Never throws: any malformed input is `false`.
 * Rejects small-order or non-canonical public keys and R, and S >= L, before
 * OpenSSL sees the signature; OpenSSL then checks the cofactorless equation.
 */
export function verifyStrict(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    if (publicKey.length !== 32 || signature.length !== 64) return false;
    if (!isStrictPoint(publicKey) || !isStrictPoint(signature.subarray(0, 32))) return false;
    if (!isCanonicalSignature(signature)) return false;
    return verify(null, message, publicKeyObject(publicKey), signature);
  } catch {
    return false;
  }
}

/**
 * Verification under a key already known to be strict (a `PublicKey`):
 * screens R and S, then lets OpenSSL check the equation. False on any failure.
 */
export function verifyWithKey(key: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    if (
      signature.length !== 64 ||
      !isStrictPoint(signature.subarray(0, 32)) ||
      !isCanonicalSignature(signature)
    )
      return false;
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}

/** A private KeyObject from a 32-byte RFC 8032 seed. */
export function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  const der = Buffer.concat([PKCS8_PREFIX, seed]);
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } finally {
    der.fill(0);
  }
}

/** The raw 32-byte public key of a private KeyObject. */
export function rawPublicKey(privateKey: KeyObject): Uint8Array {
  const der = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return Uint8Array.from(der.subarray(der.length - 32));
}

/** Deterministic Ed25519 signature (RFC 8032). */
export function signEd25519(privateKey: KeyObject, message: Uint8Array): Uint8Array {
  return new Uint8Array(sign(null, message, privateKey));
}
