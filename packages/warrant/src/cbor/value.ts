/**
 * The CBOR data model Warden encodes and decodes. It keeps what Tenuo's bytes
 * depend on and JavaScript would lose: integers and floats are distinct types
 * (`1864` and `f95640` are different warrants), maps keep insertion order
 * (Tenuo writes struct fields in declaration order, not sorted), and integers
 * beyond 2^53 stay exact as `bigint`.
 */
export type CborValue =
  | number // an integer (always a safe integer); floats are CborFloat
  | bigint // an integer outside the safe range
  | CborFloat
  | string
  | Uint8Array
  | boolean
  | null
  | readonly CborValue[]
  | CborMap;

/** A CBOR map. Encoded in insertion order. */
export type CborMap = ReadonlyMap<CborValue, CborValue>;

/** A floating-point number; encoded in the shortest width that keeps its value exactly (Tenuo's rule). */
export class CborFloat {
  constructor(readonly value: number) {}
}

/** Compare two strings by their UTF-8 bytes, the order of Rust's `BTreeMap<String, _>`. */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** A text-keyed map in Rust `BTreeMap<String, _>` order (bytewise UTF-8), as Tenuo writes tools, constraints and extensions. */
export function sortedTextMap<V extends CborValue>(
  entries: Iterable<readonly [string, V]>,
): Map<CborValue, CborValue> {
  const list = [...entries].sort((x, y) => compareUtf8(x[0], y[0]));
  return new Map(list);
}

/** A byte string written the way serde writes `Vec<u8>`/`[u8; N]`: an array of small unsigned integers. */
export function byteArray(bytes: Uint8Array): number[] {
  return Array.from(bytes);
}
