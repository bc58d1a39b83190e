import { WardenError } from '@warden/core';

/** Every stable code an error of @warden/secrets carries; `switch (err.code)` narrows on it. */
export type SecretsErrorCode =
  | 'secret_not_found'
  | 'secrets_read_only'
  | 'invalid_manifest'
  | 'scope_secrets_missing'
  | 'scope_start_failed'
  | 'invalid_scope_state';

/** Base of every error @warden/secrets throws. Messages name refs and secret names, never values. */
export class SecretsError extends WardenError {
  declare readonly code: SecretsErrorCode;

  constructor(code: SecretsErrorCode, message: string, options?: { status?: number; cause?: unknown }) {
    super(code, message, options);
  }
}

/** Refs longer than this are cut in messages: a ref is a name, and a name has no business being long. */
const MAX_REF_IN_MESSAGE = 128;

function quoted(ref: string): string {
  const cut = ref.length > MAX_REF_IN_MESSAGE ? `${ref.slice(0, MAX_REF_IN_MESSAGE)}...` : ref;
  return JSON.stringify(cut);
}

/** There is no secret under `ref` (absent, expired, burned, revoked). Names the ref, never a value. */
export class SecretNotFoundError extends SecretsError {
  declare readonly code: 'secret_not_found';
  /** The ref that was not found. */
  readonly ref: string;

  constructor(ref: string, options?: { cause?: unknown }) {
    super('secret_not_found', `secret not found: ${quoted(ref)}`, { status: 404, cause: options?.cause });
    this.ref = ref;
  }
}

/** The backend cannot store (the environment, for one). */
export class SecretsReadOnlyError extends SecretsError {
  declare readonly code: 'secrets_read_only';
  /** The ref a store was attempted under. */
  readonly ref: string;

  constructor(backend: string, ref: string) {
    super('secrets_read_only', `${backend} is read-only: cannot store ${quoted(ref)}`, { status: 405 });
    this.ref = ref;
  }
}
