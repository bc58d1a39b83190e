import type { OrgScope, SealedValue } from '../store/types.js';

/** What a sealed value is bound to (the AES-GCM additional data): moving a ciphertext to another record fails to open. */
export interface SealContext {
  kind: 'secret' | 'webhook';
  orgId: OrgScope;
  key: string;
  recordId: string;
}

/** Encryption at rest: AES-256-GCM under the keyring's active data key. */
export interface Sealer {
  /** Seals under the active key version with a fresh random 96-bit nonce. */
  seal(plaintext: Uint8Array, context: SealContext): SealedValue;
  /**
   * Opens a sealed value; reloads the keyring once when the key version is
   * unknown (another process rotated). Throws a `WardenError` with code
   * `seal_open_failed` when the value does not authenticate.
   */
  open(sealed: SealedValue, context: SealContext): Promise<Uint8Array>;
  /** The version new values are sealed under. */
  readonly activeVersion: number;
}
