// Paths (extraction.rs `CompiledPath`): dot paths compiled to segments and walked through argument values.
import type { ConstraintValue } from '../constraints/value.js';
import { isValueObject, U64_MAX } from './values.js';

export type Segment =
  | { readonly t: 'field'; readonly name: string }
  | { readonly t: 'index'; readonly i: bigint }
  | { readonly t: 'wild' };

export function compilePath(path: string): Segment[] {
  return path.split('.').map((s): Segment => {
    if (s === '*') return { t: 'wild' };
    // Rust `usize::from_str`: optional '+', ASCII digits, at most u64::MAX; anything else is a field name.
    if (/^\+?[0-9]+$/.test(s)) {
      const i = BigInt(s.startsWith('+') ? s.slice(1) : s);
      if (i <= U64_MAX) return { t: 'index', i };
    }
    return { t: 'field', name: s };
  });
}

/** `extract_compiled_recursive`: an index never matches an object key, a wildcard only walks lists. */
export function extractPath(
  value: ConstraintValue,
  segs: readonly Segment[],
  at: number,
): ConstraintValue | undefined {
  const seg = segs[at];
  if (seg === undefined) return value;
  if (seg.t === 'wild') {
    if (!Array.isArray(value)) return undefined;
    const out: ConstraintValue[] = [];
    for (const item of value as readonly ConstraintValue[]) {
      const v = extractPath(item, segs, at + 1);
      if (v !== undefined) out.push(v);
    }
    return out.length === 0 ? undefined : Object.freeze(out);
  }
  if (seg.t === 'index') {
    if (!Array.isArray(value) || seg.i >= BigInt(value.length)) return undefined;
    return extractPath((value as readonly ConstraintValue[])[Number(seg.i)] as ConstraintValue, segs, at + 1);
  }
  if (!isValueObject(value) || !Object.hasOwn(value, seg.name)) return undefined;
  return extractPath(value[seg.name] as ConstraintValue, segs, at + 1);
}
