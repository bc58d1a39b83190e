import { resolveNow } from '@warden/core';
import type { ConstraintValue } from './constraints/value.js';
import { AuthorizationError } from './errors.js';
import { APPROVAL_GATES_EXTENSION } from './payload.js';
import { normalizeArgs, type PopVerifyOptions, type ToolArgs, verifyPop } from './pop.js';
import type { Warrant } from './warrant.js';

/**
 * Authorizes one call against a single (leaf) warrant, in Tenuo's order:
 * expiry (`now >= expires_at` is expired), type, tool (exact, then `*`),
 * proof-of-possession, constraints. Returns true or throws.
 */
export function authorizeWarrant(
  warrant: Warrant,
  tool: string,
  args: ToolArgs,
  signature: Uint8Array | undefined,
  options?: PopVerifyOptions,
): true {
  const now = resolveNow(options);
  const normalized = normalizeArgs(args);
  checkLeafBeforePop(warrant, tool, now);
  verifyPop(warrant, tool, normalized, signature, { ...options, now });
  checkConstraints(warrant, tool, normalized);
  return true;
}

export function checkLeafBeforePop(warrant: Warrant, tool: string, now: number): void {
  if (typeof tool !== 'string' || tool.length === 0) throw new TypeError('tool must be a non-empty string');
  if (now >= warrant.expiresAt) throw new AuthorizationError('warrant_expired', 'warrant has expired');
  if (warrant.type !== 'execution') {
    throw new AuthorizationError('invalid_warrant_type', 'only execution warrants authorize calls');
  }
  if (warrant.constraintsFor(tool) === undefined) {
    throw new AuthorizationError('tool_not_authorized', 'tool is not granted by the warrant');
  }
  // Warden does not evaluate Tenuo's approval gates; a warrant that carries them is denied rather than waved through.
  if (warrant.payload.extensions.has(APPROVAL_GATES_EXTENSION)) {
    throw new AuthorizationError(
      'unsupported_constraint',
      'approval gates are not supported by Warden; denied',
    );
  }
}

/** Checks the call's arguments against the warrant's constraints for `tool`. */
export function checkConstraints(
  warrant: Warrant,
  tool: string,
  args: ReadonlyMap<string, ConstraintValue>,
): void {
  const set = warrant.constraintsFor(tool);
  if (set === undefined)
    throw new AuthorizationError('tool_not_authorized', 'tool is not granted by the warrant');
  set.check(args);
}
