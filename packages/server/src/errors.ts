import { WardenError } from '@warden/core';

/**
 * Stable error codes of the HTTP API. The `error` message next to a code keeps
 * Sirr v1's wording where Sirr's clients show it; the code is Warden's.
 */
export type ApiErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'key_not_allowed'
  | 'not_found'
  | 'org_not_found'
  | 'principal_not_found'
  | 'role_not_found'
  | 'key_not_found'
  | 'webhook_not_found'
  | 'route_not_found'
  | 'sealed'
  | 'secret_exists'
  | 'not_patchable'
  | 'org_has_principals'
  | 'principal_has_keys'
  | 'role_in_use'
  | 'webhook_limit'
  | 'key_name_taken'
  | 'invalid_key'
  | 'invalid_value'
  | 'value_too_large'
  | 'invalid_max_reads'
  | 'invalid_ttl'
  | 'invalid_webhook_url'
  | 'invalid_allowed_keys'
  | 'invalid_name'
  | 'invalid_metadata'
  | 'invalid_permissions'
  | 'invalid_role'
  | 'invalid_validity'
  | 'invalid_query'
  | 'invalid_body'
  | 'invalid_json'
  | 'invalid_path'
  | 'body_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'shutting_down'
  | 'seal_open_failed'
  | 'internal_error';

/** An error that becomes the HTTP response `{ error, code }` with `status`. */
export class ApiError extends WardenError {
  declare readonly code: ApiErrorCode;
  /** Extra response headers (e.g. `Retry-After`). */
  readonly headers: Record<string, string> | undefined;

  constructor(status: number, code: ApiErrorCode, message: string, headers?: Record<string, string>) {
    super(code, message, { status });
    this.headers = headers;
  }
}

/** Builds an `ApiError`; the message is a fixed string that never quotes a value or a token. */
export function apiError(status: number, code: ApiErrorCode, message: string): ApiError {
  return new ApiError(status, code, message);
}

// Sirr v1's exact texts (notes §1.2, §4): its clients surface them to users.
export const UNAUTHORIZED = 'unauthorized — valid API key required for this endpoint';
export const FORBIDDEN = 'insufficient permissions';

/** The 401 every missing or unknown token gets. */
export const unauthorized = (message = UNAUTHORIZED): ApiError => apiError(401, 'unauthorized', message);
/** The 403 of an authenticated caller who may not do this. */
export const forbidden = (): ApiError => apiError(403, 'forbidden', FORBIDDEN);
/** The 404 of an absent (or expired, or other-org) secret. */
export const secretNotFound = (): ApiError => apiError(404, 'not_found', 'not found or expired');
/** The 404 of an org the caller cannot see, whether or not it exists. */
export const orgNotFound = (): ApiError => apiError(404, 'org_not_found', 'org not found');
/** The 404 of a principal that is gone, or not in the path's org. */
export const principalNotFound = (): ApiError => apiError(404, 'principal_not_found', 'principal not found');
