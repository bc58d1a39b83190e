/**
 * Additional authenticated data (AES-GCM AAD) of sealed values and wrapped
 * data keys. Every field is length-prefixed (u32 big-endian length, then the
 * bytes), so no two different field lists share an encoding: a ciphertext
 * cannot be moved to another org, key, record or key version and still open.
 */
import type { SealContext } from './types.js';

/** Domain label of a sealed value (a secret or a webhook signing secret). */
export const SEAL_LABEL = 'warden-seal-v1';
/** Domain label of a data key wrapped under the master key. */
export const KEYRING_LABEL = 'warden-keyring-v1';

/** The largest key version a u32 field can carry. */
export const MAX_KEY_VERSION = 0xffff_ffff;

/** Org field: 0x00 for Sirr's public bucket, 0x01 followed by the org id otherwise. */
const PUBLIC_ORG = Buffer.from([0x00]);
const ORG_PREFIX = Buffer.from([0x01]);

/** Asserts a key version is an integer in 1..2^32-1. */
export function assertKeyVersion(version: number, what = 'key version'): void {
  if (!Number.isSafeInteger(version) || version < 1 || version > MAX_KEY_VERSION) {
    throw new RangeError(`${what} must be an integer from 1 to ${MAX_KEY_VERSION}`);
  }
}

/** True when `version` is a valid key version (no throw; for data read back from a store). */
export function isKeyVersion(version: unknown): version is number {
  return (
    typeof version === 'number' && Number.isSafeInteger(version) && version >= 1 && version <= MAX_KEY_VERSION
  );
}

/** UTF-8 of a string that must be well-formed (a lone surrogate would encode like U+FFFD and alias another name). */
function text(value: string, what: string): Buffer {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string`);
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.toString('utf8') !== value) throw new TypeError(`${what} must be well-formed Unicode`);
  return bytes;
}

function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
}

function encodeFields(fields: Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const field of fields) parts.push(u32(field.length), field);
  return Buffer.concat(parts);
}

/**
 * AAD of a sealed value:
 * `lp("warden-seal-v1") ‖ lp(kind) ‖ lp(org) ‖ lp(key) ‖ lp(recordId) ‖ lp(u32be(version))`
 * where `lp(x) = u32be(len(x)) ‖ x` and `org` is `0x00` (public bucket) or `0x01 ‖ utf8(orgId)`.
 */
export function sealAad(context: SealContext, keyVersion: number): Buffer {
  if (context.kind !== 'secret' && context.kind !== 'webhook') {
    throw new TypeError("seal context kind must be 'secret' or 'webhook'");
  }
  assertKeyVersion(keyVersion);
  const org =
    context.orgId === null
      ? PUBLIC_ORG
      : Buffer.concat([ORG_PREFIX, text(context.orgId, 'seal context orgId')]);
  return encodeFields([
    Buffer.from(SEAL_LABEL, 'utf8'),
    Buffer.from(context.kind, 'utf8'),
    org,
    text(context.key, 'seal context key'),
    text(context.recordId, 'seal context recordId'),
    u32(keyVersion),
  ]);
}

/** AAD of a wrapped data key: `lp("warden-keyring-v1") ‖ lp(u32be(version))`. */
export function keyringAad(version: number): Buffer {
  assertKeyVersion(version);
  return encodeFields([Buffer.from(KEYRING_LABEL, 'utf8'), u32(version)]);
}
