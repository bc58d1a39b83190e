// Shared value helpers: integer bounds, Tenuo's integer mapping, frozen objects in Rust key order.
import { CborFloat, compareUtf8 } from '../cbor/value.js';
import type { ConstraintValue } from '../constraints/value.js';

export const I64_MIN = -(2n ** 63n);
export const I64_MAX = 2n ** 63n - 1n;
export const U64_MAX = 2n ** 64n - 1n;
export const I128_MIN = -(2n ** 127n);
export const I128_MAX = 2n ** 127n - 1n;
export const U128_MAX = 2n ** 128n - 1n;
// With the `u` flag a surrogate pair is one code point, so this only finds lone halves.
export const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Tenuo's integer mapping (`json_to_constraint_value`): i64 stays an integer, a u64 above i64::MAX becomes text. */
export function integerValue(v: bigint): ConstraintValue {
  if (v >= I64_MIN && v <= I64_MAX) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : v;
  }
  return v.toString();
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function isValueObject(v: ConstraintValue): v is { readonly [key: string]: ConstraintValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof CborFloat);
}

const ANY_SURROGATE = /[\uD800-\uDFFF]/;

/** UTF-8 byte order (Rust `String` order); UTF-16 code-unit order agrees unless a surrogate is involved. */
function keyOrder(a: string, b: string): number {
  if (ANY_SURROGATE.test(a) || ANY_SURROGATE.test(b)) return compareUtf8(a, b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds a frozen object in Rust `BTreeMap` key order; defineProperty keeps `__proto__` an ordinary key. */
export function frozenObject(entries: [string, ConstraintValue][]): ConstraintValue {
  entries.sort((a, b) => keyOrder(a[0], b[0]));
  const out: Record<string, ConstraintValue> = {};
  for (const [k, v] of entries) {
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: false, configurable: false });
  }
  return Object.freeze(out);
}
