// Hints: Warden-only enforcement of `type` and `allowed_values`.
import { CborFloat } from '../cbor/value.js';
import type { ConstraintValue } from '../constraints/value.js';
import type { McpValueType } from './types.js';
import { isValueObject } from './values.js';

export const VALUE_TYPES: readonly McpValueType[] = [
  'string',
  'integer',
  'float',
  'number',
  'boolean',
  'list',
  'object',
];

function hasType(v: ConstraintValue, t: McpValueType): boolean {
  switch (t) {
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' || typeof v === 'bigint';
    case 'float':
    case 'number':
      // JSON clients cannot always keep 2.0 a float, so an integer satisfies `float`; no value is converted.
      return typeof v === 'number' || typeof v === 'bigint' || v instanceof CborFloat;
    case 'boolean':
      return typeof v === 'boolean';
    case 'list':
      return Array.isArray(v);
    case 'object':
      return isValueObject(v);
  }
}

/** Checks the values a rule yields: below each `*` the check applies per element. */
export function typeOk(v: ConstraintValue, t: McpValueType, wildcards: number): boolean {
  if (wildcards > 0 && Array.isArray(v))
    return (v as readonly ConstraintValue[]).every((x) => typeOk(x, t, wildcards - 1));
  return hasType(v, t);
}

/** Every text reachable through lists must be allowed; any other leaf fails. */
export function allowedOk(v: ConstraintValue, allowed: ReadonlySet<string>, depth: number): boolean {
  if (Array.isArray(v))
    return depth < 128 && (v as readonly ConstraintValue[]).every((x) => allowedOk(x, allowed, depth + 1));
  return typeof v === 'string' && allowed.has(v);
}
