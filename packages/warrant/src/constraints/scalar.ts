import { CborFloat, type CborValue } from '../cbor/value.js';
import { ConstraintError } from '../errors.js';
import { Constraint } from './constraint.js';
import {
  asNumber,
  type ConstraintValue,
  toConstraintValue,
  valueEquals,
  valueIn,
  valueToCbor,
} from './value.js';

const text = (v: ConstraintValue) =>
  JSON.stringify(v, (_k, x) => (x instanceof CborFloat ? x.value : typeof x === 'bigint' ? x.toString() : x));

/** The argument must equal `value` (type included: the integer 5 is not the float 5.0). */
export class ExactConstraint extends Constraint {
  readonly type = 'Exact';
  readonly typeId = 1;
  readonly value: ConstraintValue;

  constructor(value: unknown) {
    super();
    this.value = toConstraintValue(value);
  }

  matches(value: ConstraintValue): boolean {
    return valueEquals(this.value, value);
  }

  protected body(): CborValue {
    return new Map([['value', valueToCbor(this.value)]]);
  }

  describe(): string {
    return `Exact(${text(this.value)})`;
  }
}

/** The argument must be one of `values`. */
export class OneOfConstraint extends Constraint {
  readonly type = 'OneOf';
  readonly typeId = 4;
  readonly values: readonly ConstraintValue[];

  constructor(values: readonly unknown[]) {
    super();
    if (!Array.isArray(values)) throw new TypeError('OneOf takes an array of values');
    this.values = values.map((v) => toConstraintValue(v));
  }

  matches(value: ConstraintValue): boolean {
    return valueIn(value, this.values);
  }

  protected body(): CborValue {
    return new Map([['values', this.values.map(valueToCbor)]]);
  }

  describe(): string {
    return `OneOf(${text(this.values)})`;
  }
}

/** The argument must be none of `excluded` (any other value, of any type, passes). */
export class NotOneOfConstraint extends Constraint {
  readonly type = 'NotOneOf';
  readonly typeId = 7;
  readonly excluded: readonly ConstraintValue[];

  constructor(excluded: readonly unknown[]) {
    super();
    if (!Array.isArray(excluded)) throw new TypeError('NotOneOf takes an array of values');
    this.excluded = excluded.map((v) => toConstraintValue(v));
  }

  matches(value: ConstraintValue): boolean {
    return !valueIn(value, this.excluded);
  }

  protected body(): CborValue {
    return new Map([['excluded', this.excluded.map(valueToCbor)]]);
  }

  describe(): string {
    return `NotOneOf(${text(this.excluded)})`;
  }
}

/** Options of a Range; bounds are floats on the wire, `undefined` is unbounded. */
export interface RangeOptions {
  min?: number | undefined;
  max?: number | undefined;
  minInclusive?: boolean;
  maxInclusive?: boolean;
}

/** A numeric argument (integer or float) within bounds. */
export class RangeConstraint extends Constraint {
  readonly type = 'Range';
  readonly typeId = 3;
  readonly min: number | undefined;
  readonly max: number | undefined;
  readonly minInclusive: boolean;
  readonly maxInclusive: boolean;

  constructor(options: RangeOptions, checked = true) {
    super();
    this.min = options.min;
    this.max = options.max;
    this.minInclusive = options.minInclusive ?? true;
    this.maxInclusive = options.maxInclusive ?? true;
    // Tenuo's Range::new refuses NaN bounds and min > max; decoded ranges are taken as written.
    if (checked) {
      for (const b of [this.min, this.max]) {
        if (b !== undefined && (typeof b !== 'number' || Number.isNaN(b))) {
          throw new ConstraintError('invalid_constraint', 'range bounds must be numbers');
        }
      }
      if (this.min !== undefined && this.max !== undefined && this.min > this.max) {
        throw new ConstraintError('invalid_constraint', 'range min exceeds max');
      }
    }
  }

  matches(value: ConstraintValue): boolean {
    return this.containsNumber(asNumber(value));
  }

  /** Tenuo's `contains_value` on an already-numeric value. */
  containsNumber(n: number | undefined): boolean {
    if (n === undefined || Number.isNaN(n)) return false;
    if (this.min !== undefined && (this.minInclusive ? n < this.min : n <= this.min)) return false;
    if (this.max !== undefined && (this.maxInclusive ? n > this.max : n >= this.max)) return false;
    return true;
  }

  protected body(): CborValue {
    const bound = (b: number | undefined) => (b === undefined ? null : new CborFloat(b));
    return new Map<CborValue, CborValue>([
      ['min', bound(this.min)],
      ['max', bound(this.max)],
      ['min_inclusive', this.minInclusive],
      ['max_inclusive', this.maxInclusive],
    ]);
  }

  describe(): string {
    const lo = this.min === undefined ? '(-inf' : `${this.minInclusive ? '[' : '('}${this.min}`;
    const hi = this.max === undefined ? '+inf)' : `${this.max}${this.maxInclusive ? ']' : ')'}`;
    return `Range${lo}, ${hi}`;
  }
}

/** A list argument that contains every value of `required`. */
export class ContainsConstraint extends Constraint {
  readonly type = 'Contains';
  readonly typeId = 10;
  readonly required: readonly ConstraintValue[];

  constructor(required: readonly unknown[]) {
    super();
    if (!Array.isArray(required)) throw new TypeError('Contains takes an array of values');
    this.required = required.map((v) => toConstraintValue(v));
  }

  matches(value: ConstraintValue): boolean {
    if (!Array.isArray(value)) return false;
    const list = value as readonly ConstraintValue[];
    return this.required.every((r) => valueIn(r, list));
  }

  protected body(): CborValue {
    return new Map([['required', this.required.map(valueToCbor)]]);
  }

  describe(): string {
    return `Contains(${text(this.required)})`;
  }
}

/** A list argument whose every element is in `allowed` (the empty list passes). */
export class SubsetConstraint extends Constraint {
  readonly type = 'Subset';
  readonly typeId = 11;
  readonly allowed: readonly ConstraintValue[];

  constructor(allowed: readonly unknown[]) {
    super();
    if (!Array.isArray(allowed)) throw new TypeError('Subset takes an array of values');
    this.allowed = allowed.map((v) => toConstraintValue(v));
  }

  matches(value: ConstraintValue): boolean {
    if (!Array.isArray(value)) return false;
    return (value as readonly ConstraintValue[]).every((v) => valueIn(v, this.allowed));
  }

  protected body(): CborValue {
    return new Map([['allowed', this.allowed.map(valueToCbor)]]);
  }

  describe(): string {
    return `Subset(${text(this.allowed)})`;
  }
}

/** Any value, but the argument must be present. */
export class WildcardConstraint extends Constraint {
  readonly type = 'Wildcard';
  readonly typeId = 16;

  matches(_value: ConstraintValue): boolean {
    return true;
  }

  protected body(): CborValue {
    return null;
  }

  describe(): string {
    return 'Wildcard()';
  }
}
