import { CborFloat, type CborValue, sortedTextMap } from '../cbor/value.js';
import { ConstraintError } from '../errors.js';

/**
 * A value a constraint compares against, Tenuo's `ConstraintValue`: text,
 * integer (i64), float, boolean, list, object or null. Integers and floats
 * are different values (`Exact(5)` does not match `5.0`); a JavaScript
 * number is an integer when it is a safe integer, otherwise a float; wrap an
 * integral number in {@link Float} to make it a float.
 */
export type ConstraintValue =
  | string
  | number
  | bigint
  | CborFloat
  | boolean
  | null
  | readonly ConstraintValue[]
  | { readonly [key: string]: ConstraintValue };

/** Marks a number as a float (`Float(5)` is 5.0, not the integer 5). */
export function Float(value: number): CborFloat {
  if (typeof value !== 'number') throw new TypeError('Float() takes a number');
  return new CborFloat(value);
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** Normalizes a JavaScript value into a ConstraintValue; `undefined` is refused. */
export function toConstraintValue(value: unknown, depth = 0): ConstraintValue {
  if (depth > 64) throw new ConstraintError('value_too_large', 'value nests too deeply');
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value === 0 ? 0 : value; // -0 is the integer 0, as in JSON
    return new CborFloat(value);
  }
  if (typeof value === 'bigint') {
    if (value < I64_MIN || value > I64_MAX)
      throw new ConstraintError('invalid_constraint', 'integer outside i64');
    return Number.isSafeInteger(Number(value)) && BigInt(Number(value)) === value ? Number(value) : value;
  }
  if (value instanceof CborFloat) return value;
  if (Array.isArray(value)) return value.map((v) => toConstraintValue(v, depth + 1));
  if (typeof value === 'object' && isPlainObject(value)) {
    const out = objectValue();
    for (const [k, v] of Object.entries(value)) out[k] = toConstraintValue(v, depth + 1);
    return out;
  }
  throw new TypeError('value cannot be used as a constraint value');
}

/**
 * A fresh object value. Null-prototype, so an own `__proto__` key (JSON.parse
 * makes those) is an ordinary key instead of rewiring the prototype and
 * vanishing from comparisons.
 */
function objectValue(): Record<string, ConstraintValue> {
  return Object.create(null) as Record<string, ConstraintValue>;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** True for Tenuo's Integer variant. */
export function isInteger(v: ConstraintValue): v is number | bigint {
  return typeof v === 'number' || typeof v === 'bigint';
}

/** Range's view of a value: integers and floats as f64; anything else is not a number. */
export function asNumber(v: ConstraintValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof CborFloat) return v.value;
  return undefined;
}

function isObject(v: ConstraintValue): v is { readonly [key: string]: ConstraintValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof CborFloat);
}

/** Tenuo's derived `PartialEq`: same variant and equal content; floats by IEEE `==`. */
export function valueEquals(a: ConstraintValue, b: ConstraintValue): boolean {
  if (isInteger(a)) return isInteger(b) && BigInt(a) === BigInt(b);
  if (a instanceof CborFloat) return b instanceof CborFloat && a.value === b.value;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => valueEquals(x, b[i] as ConstraintValue));
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every(
      (k) => Object.hasOwn(b, k) && valueEquals(a[k] as ConstraintValue, b[k] as ConstraintValue),
    );
  }
  return a === b;
}

/** True when `list` contains `v` by {@link valueEquals}. */
export function valueIn(v: ConstraintValue, list: readonly ConstraintValue[]): boolean {
  return list.some((x) => valueEquals(v, x));
}

/** The CBOR form Tenuo writes (objects as maps in bytewise key order). */
export function valueToCbor(v: ConstraintValue): CborValue {
  if (Array.isArray(v)) return v.map(valueToCbor);
  if (isObject(v)) return sortedTextMap(Object.entries(v).map(([k, x]) => [k, valueToCbor(x)] as const));
  return v as CborValue;
}

/**
 * A decoded CBOR value as a ConstraintValue, following serde's untagged rules
 * in Tenuo: a uint above i64::MAX becomes a float; a byte string holding
 * UTF-8 becomes text; anything else that has no variant is an error.
 */
export function valueFromCbor(c: CborValue): ConstraintValue {
  if (typeof c === 'bigint') return c > I64_MAX ? new CborFloat(Number(c)) : c;
  if (c instanceof Uint8Array) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(c);
    } catch {
      throw new ConstraintError('invalid_constraint', 'byte string is not a constraint value');
    }
  }
  if (Array.isArray(c)) return c.map(valueFromCbor);
  if (c instanceof Map) {
    const out = objectValue();
    for (const [k, v] of c) {
      if (typeof k !== 'string') throw new ConstraintError('invalid_constraint', 'object keys must be text');
      out[k] = valueFromCbor(v);
    }
    return out;
  }
  return c as ConstraintValue;
}

/** A short description of a value's kind for error messages (never the value itself). */
export function kindOf(v: ConstraintValue): string {
  if (v === null) return 'null';
  if (isInteger(v)) return 'integer';
  if (v instanceof CborFloat) return 'float';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'object';
  return typeof v;
}
