/**
 * Raw secp256k1 private keys (Ethereum, Bitcoin): `0x` and 64 hex digits, a
 * valid scalar (0 < k < n). Almost every 64-hex number is a valid scalar, so
 * this also matches transaction hashes and 0x-prefixed SHA-256 digests; it is
 * kept (low confidence) because a leaked wallet key cannot be rotated. Bare
 * 64-hex strings without `0x` (hashes everywhere) are not matched.
 */
import { WORD } from '../chars.js';
import { type TokenSpec, tokenDetector } from '../scan.js';
import type { Detector } from '../types.js';

/** The order n of the secp256k1 group (SEC 2, §2.4.1). */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** A valid scalar that also looks random: a key uses nearly all 16 hex digits, curve constants like 0xffff…, 0x8e38e38e… do not. */
function isScalar(token: string): boolean {
  const k = BigInt(`0x${token.slice(2)}`);
  return k > 0n && k < SECP256K1_N && new Set(token.slice(2).toLowerCase()).size >= 12;
}

const SECP256K1: TokenSpec = {
  id: 'secp256k1-private-key',
  confidence: 'low',
  prefixes: ['0x'],
  pattern: '0x[0-9a-fA-F]{64}',
  before: WORD,
  after: WORD,
  maxLength: 66,
  validate: isScalar,
};

export const secp256k1PrivateKey: Detector = tokenDetector(SECP256K1);
