// Fixed error messages and the ConstraintError constructors for compile-time and match-time failures.
import { ConstraintError } from '../../errors.js';

export const SYNTAX = 'regex is not valid Rust regex syntax';
export const UNSUPPORTED = 'regex uses a feature this implementation does not support';
export const TOO_BIG = 'regex pattern exceeds the size limit';

export function invalid(message: string): ConstraintError {
  return new ConstraintError('invalid_constraint', message);
}

export function matchError(message: string): ConstraintError {
  return new ConstraintError('constraint_error', message);
}
