import { WardenError } from '@warden/core';

/**
 * Tenuo wire error codes (tenuo-core `ErrorCode`), as snake_case names, with
 * their numeric value. Warden uses the same names so a failure reads the same
 * on either side; codes Tenuo lacks are listed after them with `0`.
 */
export const WARRANT_ERROR_CODES = {
  unsupported_envelope_version: 1000,
  invalid_envelope_structure: 1001,
  signature_invalid: 1100,
  signature_algorithm_mismatch: 1101,
  unsupported_algorithm: 1102,
  invalid_key_length: 1103,
  invalid_signature_length: 1104,
  unsupported_payload_version: 1200,
  invalid_payload_structure: 1201,
  malformed_cbor: 1202,
  unknown_payload_field: 1203,
  missing_required_field: 1204,
  warrant_expired: 1300,
  warrant_not_yet_valid: 1301,
  issued_in_future: 1302,
  ttl_exceeded: 1303,
  invalid_issuer: 1400,
  parent_hash_mismatch: 1401,
  depth_exceeded: 1402,
  depth_violation: 1403,
  chain_too_long: 1404,
  chain_broken: 1405,
  untrusted_root: 1406,
  tool_not_authorized: 1500,
  constraint_violation: 1501,
  invalid_attenuation: 1502,
  capability_expansion: 1503,
  unknown_constraint_type: 1504,
  pop_signature_invalid: 1600,
  pop_expired: 1601,
  pop_challenge_invalid: 1602,
  warrant_revoked: 1800,
  srl_invalid: 1801,
  srl_version_rollback: 1802,
  warrant_too_large: 1900,
  chain_too_large: 1901,
  too_many_tools: 1902,
  too_many_constraints: 1903,
  extension_too_large: 1904,
  value_too_large: 1905,
  reserved_extension_key: 2000,
  invalid_extension_value: 2001,
  reserved_tool_name: 2100,
  // Warden's own codes (no Tenuo equivalent).
  unsupported_constraint: 0,
  invalid_constraint: 0,
  constraint_error: 0,
  clearance_violation: 0,
  self_issuance: 0,
  pop_missing: 0,
  pop_replayed: 0,
  invalid_key: 0,
  invalid_warrant_type: 0,
  chain_empty: 0,
  chain_cycle: 0,
  invalid_encoding: 0,
  invalid_config: 0,
  no_warrant_in_context: 0,
} as const;

/** Every stable code a warrant error can carry. */
export type WarrantErrorCode = keyof typeof WARRANT_ERROR_CODES;

/** Base of every error @warden/warrant throws. `code` is stable; `message` never holds warrant bytes or argument values. */
export class WarrantError extends WardenError {
  declare readonly code: WarrantErrorCode;
  /** Tenuo's numeric wire code, or 0 where Tenuo has none. */
  readonly tenuoCode: number;

  constructor(code: WarrantErrorCode, message: string, options?: { status?: number; cause?: unknown }) {
    super(code, message, { status: options?.status ?? 400, cause: options?.cause });
    this.tenuoCode = WARRANT_ERROR_CODES[code];
  }
}

/** Bytes that are not a well-formed warrant, stack, key or revocation list. */
export class DecodeError extends WarrantError {}

/** A signature or key that does not verify. */
export class SignatureError extends WarrantError {}

/** A chain that breaks one of the delegation rules (linkage, depth, expiry, narrowing). */
export class ChainError extends WarrantError {}

/** An attenuation that would widen its parent; thrown by `attenuate()` and by chain verification. */
export class AttenuationError extends WarrantError {}

/** A call the warrant does not allow (tool, constraints, expiry, revocation). */
export class AuthorizationError extends WarrantError {
  constructor(code: WarrantErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, { status: 403, cause: options?.cause });
  }
}

/** A missing, wrong, stale or replayed proof-of-possession signature. */
export class PopError extends AuthorizationError {}

/** A constraint that cannot be built or evaluated (invalid glob, regex, CIDR, URL; unsupported type). */
export class ConstraintError extends WarrantError {}
