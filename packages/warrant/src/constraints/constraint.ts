import type { CborValue } from '../cbor/value.js';
import type { ConstraintValue } from './value.js';

/** Tenuo v1 constraint type ids (tenuo-core `constraints.rs`). */
export const TYPE_IDS = {
  Exact: 1,
  Pattern: 2,
  Range: 3,
  OneOf: 4,
  Regex: 5,
  NotOneOf: 7,
  Cidr: 8,
  UrlPattern: 9,
  Contains: 10,
  Subset: 11,
  All: 12,
  Any: 13,
  Not: 14,
  Cel: 15,
  Wildcard: 16,
  Subpath: 17,
  UrlSafe: 18,
  Shlex: 128,
} as const;

/** The name of a constraint type, or `Unknown` for a type id Warden does not know. */
export type ConstraintType = keyof typeof TYPE_IDS | 'Unknown';

/**
 * A constraint on one tool argument. Immutable. `matches` answers whether a
 * value is allowed; it throws a `ConstraintError` (a denial) when the value
 * cannot be evaluated at all (an unparsable IP for a Cidr, an unsupported
 * type), as Tenuo does.
 */
export abstract class Constraint {
  /** The type name, e.g. `"Pattern"`. */
  abstract readonly type: ConstraintType;
  /** The wire type id. */
  abstract readonly typeId: number;

  /** Whether `value` satisfies the constraint. */
  abstract matches(value: ConstraintValue): boolean;

  /** The constraint's CBOR value (without the type id). */
  protected abstract body(): CborValue;

  /** The wire form `[type_id, value]`. */
  toCbor(): CborValue {
    return [this.typeId, this.body()];
  }

  /** A readable description for `inspect` and logs. Constraint definitions are policy, not secrets. */
  abstract describe(): string;

  toString(): string {
    return this.describe();
  }

  toJSON(): { type: ConstraintType; value: string } {
    return { type: this.type, value: this.describe() };
  }
}
