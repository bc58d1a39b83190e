/**
 * The master key: 32 random bytes that wrap the keyring's data keys. It is
 * held in a Buffer that `dispose()` zeroes; it never prints (inspect and JSON
 * show a placeholder) and no error message ever contains it or the text it was
 * parsed from.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';
import { SealError } from './errors.js';

export const MASTER_KEY_LENGTH = 32;

const HEX_64 = /^[0-9a-fA-F]{64}$/;
// 32 bytes are 43 base64 characters and one '=' of padding, which may be left out.
const BASE64_32 = /^[A-Za-z0-9+/]{43}=?$/;
const BASE64URL_32 = /^[A-Za-z0-9_-]{43}=?$/;

const material = new WeakMap<MasterKey, Buffer>();

/** A 32-byte master key. Copies what it is given; `dispose()` zeroes its copy. */
export class MasterKey {
  private constructor(bytes: Buffer) {
    material.set(this, bytes);
  }

  /** A fresh random master key. */
  static generate(): MasterKey {
    return new MasterKey(randomBytes(MASTER_KEY_LENGTH));
  }

  /** Copies 32 bytes; throws `invalid_master_key` on another length or an all-zero key. */
  static fromBytes(bytes: Uint8Array, what = 'master key'): MasterKey {
    if (!(bytes instanceof Uint8Array) || bytes.length !== MASTER_KEY_LENGTH) {
      throw new SealError('invalid_master_key', `${what} must be 32 bytes`);
    }
    const copy = Buffer.alloc(MASTER_KEY_LENGTH);
    copy.set(bytes);
    if (copy.every((b) => b === 0)) {
      throw new SealError('invalid_master_key', `${what} must not be all zeros`);
    }
    return new MasterKey(copy);
  }

  /**
   * Parses 32 bytes written as 64 hex characters, base64 or base64url (padding
   * optional); surrounding whitespace is ignored. Anything else throws
   * `invalid_master_key` naming `what` (e.g. the variable), never the value.
   * The text itself is a JS string and cannot be wiped; prefer a key file.
   */
  static parse(text: string, what = 'master key'): MasterKey {
    const trimmed = typeof text === 'string' ? text.trim() : '';
    let decoded: Buffer | undefined;
    if (HEX_64.test(trimmed)) decoded = Buffer.from(trimmed, 'hex');
    else if (BASE64_32.test(trimmed)) decoded = canonical(trimmed, 'base64');
    else if (BASE64URL_32.test(trimmed)) decoded = canonical(trimmed, 'base64url');
    if (decoded?.length !== MASTER_KEY_LENGTH) {
      decoded?.fill(0);
      throw new SealError(
        'invalid_master_key',
        `${what} must be 32 bytes written as 64 hex characters or as base64/base64url (the value is not shown)`,
      );
    }
    try {
      return MasterKey.fromBytes(decoded, what);
    } finally {
      decoded.fill(0);
    }
  }

  /** Constant-time equality with another master key. */
  equals(other: MasterKey): boolean {
    return timingSafeEqual(masterKeyBytes(this), masterKeyBytes(other));
  }

  /** An independent copy (its own buffer to dispose). */
  clone(): MasterKey {
    return MasterKey.fromBytes(masterKeyBytes(this));
  }

  /** Zeroes the key; any later use throws. */
  dispose(): void {
    const bytes = material.get(this);
    bytes?.fill(0);
    material.delete(this);
  }

  /** Whether `dispose()` has been called. */
  get disposed(): boolean {
    return !material.has(this);
  }

  toJSON(): string {
    return '[MasterKey]';
  }

  toString(): string {
    return '[MasterKey]';
  }

  [inspect.custom](): string {
    return 'MasterKey <redacted>';
  }
}

/** Decodes base64 or base64url and insists the text is the canonical encoding (no stray trailing bits). */
function canonical(text: string, encoding: 'base64' | 'base64url'): Buffer | undefined {
  const decoded = Buffer.from(text, encoding);
  const strip = (s: string) => s.replace(/=+$/, '');
  if (strip(decoded.toString(encoding)) === strip(text)) return decoded;
  decoded.fill(0);
  return undefined;
}

/** The key bytes, for the seal module only (not exported from the package). Throws once disposed. */
export function masterKeyBytes(key: MasterKey): Buffer {
  const bytes = material.get(key);
  if (bytes === undefined) throw new TypeError('master key has been disposed');
  return bytes;
}
