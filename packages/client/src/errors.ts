import { WardenError } from '@warden/core';

/**
 * Codes a `VaultError` can carry. The server's own stable codes pass through
 * unchanged; when a response has no `code` (a Sirr v1 server, a proxy), one is
 * derived from the status. The client's own failures have status 0.
 */
export type VaultErrorCode =
  | 'invalid_request'
  | 'unauthorized'
  | 'payment_required'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'sealed'
  | 'secret_exists'
  | 'not_patchable'
  | 'invalid_key'
  | 'value_too_large'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'server_error'
  | 'unavailable'
  | 'network_error'
  | 'timeout'
  | 'aborted'
  | 'invalid_response'
  | 'redirect_refused'
  | 'pull_incomplete'
  // Any other code the server defines; `string & {}` keeps editor completion of the names above.
  | (string & {});

/** The code a response without a `code` field gets, by status. */
export function codeForStatus(status: number): VaultErrorCode {
  switch (status) {
    case 400:
    case 422:
      return 'invalid_request';
    case 401:
      return 'unauthorized';
    case 402:
      return 'payment_required';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 410:
      return 'sealed';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    case 503:
      return 'unavailable';
    default:
      return status >= 500 ? 'server_error' : 'invalid_request';
  }
}

/**
 * A request to the vault failed: refused by the server (`status` is the HTTP
 * status, `code` its stable code), or never answered (`status` 0, `code`
 * `network_error`, `timeout` or `aborted`). The message never contains the
 * token or a secret value: the client redacts both from whatever the server
 * said before quoting it.
 */
export class VaultError extends WardenError {
  declare readonly code: VaultErrorCode;
  /** The server's `Retry-After`, in seconds, when it sent one (429, 503). */
  readonly retryAfter: number | undefined;

  constructor(
    code: VaultErrorCode,
    message: string,
    options?: { status?: number; cause?: unknown; retryAfter?: number | undefined },
  ) {
    super(code, message, { status: options?.status ?? 0, cause: options?.cause });
    this.retryAfter = options?.retryAfter;
  }
}

/**
 * The secret exists but its reads are exhausted and it was created with
 * `delete: false`, so it stays sealed (HTTP 410) instead of being burned.
 * Thrown by `patch` and any other call the server answers 410; never by
 * `get`/`getBytes`, which return `null` for a sealed secret as for a burned
 * one (`head` tells them apart).
 */
export class SecretSealedError extends VaultError {
  constructor(
    message = 'secret is sealed: reads exhausted',
    options?: { code?: VaultErrorCode; cause?: unknown },
  ) {
    super(options?.code ?? 'sealed', message, { status: 410, cause: options?.cause });
  }
}
