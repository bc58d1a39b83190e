import { createPublicKey, type KeyObject, randomBytes } from 'node:crypto';
import { assertBytes, fromHex, toHex } from '@warden/core';
import {
  isStrictPoint,
  privateKeyFromSeed,
  publicKeyObject,
  rawPublicKey,
  signEd25519,
  verifyWithKey,
} from './ed25519.js';
import { DecodeError } from './errors.js';

const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_V1_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const PKCS8_V2_PREFIX = Buffer.from('3051020101300506032b657004220420', 'hex');
const PKCS8_V2_PUB = Buffer.from('812100', 'hex');

/** An Ed25519 public key (Tenuo algorithm id 1). Small-order and non-canonical keys cannot be constructed. */
export class PublicKey {
  readonly #bytes: Uint8Array;
  #keyObject: KeyObject | undefined;

  private constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  /** From the 32 raw key bytes; rejects weak (small-order) and non-canonical keys with `invalid_key`. */
  static fromBytes(bytes: Uint8Array): PublicKey {
    assertBytes(bytes, 'publicKey');
    if (bytes.length !== 32) throw new DecodeError('invalid_key_length', 'public key must be 32 bytes');
    if (!isStrictPoint(bytes)) throw new DecodeError('invalid_key', 'public key is weak or not canonical');
    return new PublicKey(Uint8Array.from(bytes));
  }

  /** From 64 hex characters. */
  static fromHex(hex: string): PublicKey {
    return PublicKey.fromBytes(fromHex(hex, 'publicKey'));
  }

  /** From an SPKI PEM (`-----BEGIN PUBLIC KEY-----`). */
  static fromPem(pem: string): PublicKey {
    let der: Buffer;
    try {
      der = createPublicKey({ key: pem, format: 'pem' }).export({ format: 'der', type: 'spki' });
    } catch {
      throw new DecodeError('invalid_key', 'not an Ed25519 public key PEM');
    }
    if (der.length !== 44 || !der.subarray(0, 12).equals(SPKI_PREFIX)) {
      throw new DecodeError('unsupported_algorithm', 'only Ed25519 public keys are supported');
    }
    return PublicKey.fromBytes(der.subarray(12));
  }

  /** A copy of the 32 key bytes. */
  get bytes(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }

  /** The key bytes without a copy; callers must not modify them. */
  get rawBytes(): Uint8Array {
    return this.#bytes;
  }

  toHex(): string {
    return toHex(this.#bytes);
  }

  /** SPKI PEM. */
  toPem(): string {
    const der = Buffer.concat([SPKI_PREFIX, this.#bytes]);
    return createPublicKey({ key: der, format: 'der', type: 'spki' })
      .export({ format: 'pem', type: 'spki' })
      .toString();
  }

  equals(other: PublicKey): boolean {
    return Buffer.compare(this.#bytes, other.#bytes) === 0;
  }

  /** Strict Ed25519 verification of `signature` over `message`; false on any failure. */
  verify(message: Uint8Array, signature: Uint8Array): boolean {
    this.#keyObject ??= publicKeyObject(this.#bytes);
    return verifyWithKey(this.#keyObject, message, signature);
  }

  toString(): string {
    return `PublicKey(${this.toHex()})`;
  }

  toJSON(): string {
    return this.toHex();
  }
}

/**
 * An Ed25519 signing key. The seed lives in a Buffer that `zeroize()` wipes;
 * the OpenSSL key object cannot be wiped from JavaScript, so it is dropped and
 * left to the garbage collector.
 */
export class Keypair {
  #seed: Buffer | undefined;
  #privateKey: KeyObject | undefined;
  /** The public half. */
  readonly publicKey: PublicKey;

  private constructor(seed: Buffer) {
    this.#seed = seed;
    this.#privateKey = privateKeyFromSeed(seed);
    this.publicKey = PublicKey.fromBytes(rawPublicKey(this.#privateKey));
  }

  /** A fresh random key. */
  static generate(): Keypair {
    return new Keypair(randomBytes(32));
  }

  /** From a 32-byte RFC 8032 seed, as bytes or 64 hex characters. The input is copied, not kept. */
  static fromSeed(seed: Uint8Array | string): Keypair {
    const bytes = typeof seed === 'string' ? fromHex(seed, 'seed') : seed;
    assertBytes(bytes, 'seed', 32);
    return new Keypair(Buffer.from(bytes));
  }

  /**
   * From a PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`): v1, as OpenSSL writes
   * it, or v2 with the public key, as ed25519-dalek (Tenuo) writes it; for v2
   * the embedded public key must match the seed.
   */
  static fromPem(pem: string): Keypair {
    const blocks = [
      ...String(pem).matchAll(/-----BEGIN PRIVATE KEY-----([\s\S]*?)-----END PRIVATE KEY-----/g),
    ];
    if (blocks.length !== 1) throw new DecodeError('invalid_key', 'expected one PRIVATE KEY PEM block');
    const der = Buffer.from((blocks[0]?.[1] ?? '').replace(/\s+/g, ''), 'base64');
    try {
      if (der.length === 48 && der.subarray(0, 16).equals(PKCS8_V1_PREFIX)) {
        return new Keypair(Buffer.from(der.subarray(16)));
      }
      if (
        der.length === 83 &&
        der.subarray(0, 16).equals(PKCS8_V2_PREFIX) &&
        der.subarray(48, 51).equals(PKCS8_V2_PUB)
      ) {
        const k = new Keypair(Buffer.from(der.subarray(16, 48)));
        if (Buffer.compare(k.publicKey.rawBytes, der.subarray(51)) !== 0) {
          k.zeroize();
          throw new DecodeError('invalid_key', 'private key PEM holds a mismatched public key');
        }
        return k;
      }
    } finally {
      der.fill(0);
    }
    throw new DecodeError('invalid_key', 'not an Ed25519 PKCS#8 private key');
  }

  #key(): KeyObject {
    if (this.#privateKey === undefined) throw new TypeError('keypair has been zeroized');
    return this.#privateKey;
  }

  /** A copy of the 32-byte seed. Handle with care; zero it when done. */
  secretBytes(): Uint8Array {
    if (this.#seed === undefined) throw new TypeError('keypair has been zeroized');
    return Uint8Array.from(this.#seed);
  }

  /**
   * PKCS#8 v1 PEM, the form OpenSSL and Node read; Tenuo (ed25519-dalek)
   * reads it too. Contains the secret: handle like the key itself.
   */
  toPem(): string {
    const der = Buffer.concat([PKCS8_V1_PREFIX, this.secretBytes()]);
    const body = der.toString('base64').replace(/.{1,64}/g, '$&\n');
    der.fill(0);
    return `-----BEGIN PRIVATE KEY-----\n${body}-----END PRIVATE KEY-----\n`;
  }

  /** Ed25519 signature over exactly `message` (callers add domain prefixes). */
  sign(message: Uint8Array): Uint8Array {
    return signEd25519(this.#key(), message);
  }

  /** Overwrite the seed with zeros and drop the key; later use throws. */
  zeroize(): void {
    this.#seed?.fill(0);
    this.#seed = undefined;
    this.#privateKey = undefined;
  }

  get zeroized(): boolean {
    return this.#seed === undefined;
  }

  toString(): string {
    return `Keypair(${this.publicKey.toHex()})`;
  }

  toJSON(): { publicKey: string } {
    return { publicKey: this.publicKey.toHex() };
  }
}
