import { WardenError } from '@warden/core';

/** Every stable code an encryption-at-rest failure can carry. */
export type SealErrorCode =
  /** A sealed value did not authenticate: tampered, moved to another record, or its key is unknown. */
  | 'seal_open_failed'
  /** `WARDEN_MASTER_KEY` (or a key file) is not 32 bytes as hex, base64 or base64url. */
  | 'invalid_master_key'
  /** No master key while a keyring already exists (a fresh one could never open it), or a named key file is absent. */
  | 'master_key_missing'
  /** The master key file is readable by group or others, or is not a regular file. */
  | 'insecure_master_key_file'
  /** The master key does not unwrap the stored keyring (wrong key, or the keyring was re-wrapped). */
  | 'master_key_mismatch'
  /** The stored keyring is malformed. */
  | 'keyring_corrupt'
  /** A keyring operation needs a keyring and the store has none. */
  | 'keyring_missing'
  /** The keyring kept changing under a compare-and-set; gave up after several attempts. */
  | 'keyring_conflict';

/**
 * Base of every error the seal module throws. Messages are fixed and never
 * contain key material, a value, or the text a key was parsed from.
 */
export class SealError extends WardenError {
  declare readonly code: SealErrorCode;

  constructor(code: SealErrorCode, message: string, options?: { cause?: unknown }) {
    // A value the server cannot open, or a key it cannot load, is the server's fault, never the caller's.
    super(code, message, { status: 500, cause: options?.cause });
  }
}

/** The one message of `seal_open_failed`: says nothing about which check failed. */
export function openFailed(cause?: unknown): SealError {
  return new SealError(
    'seal_open_failed',
    'sealed value failed to open',
    cause === undefined ? undefined : { cause },
  );
}
