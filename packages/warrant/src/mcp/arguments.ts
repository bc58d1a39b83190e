// Tool arguments -> frozen ConstraintValue tree (the serde_json::Value Tenuo sees).
import { CborFloat } from '../cbor/value.js';
import type { ConstraintValue } from '../constraints/value.js';
import { encodingError } from './errors.js';
import { MCP_LIMITS } from './limits.js';
import { frozenObject, I64_MIN, integerValue, isPlainObject, LONE_SURROGATE, U64_MAX } from './values.js';

/**
 * One JS leaf as Tenuo would see it after JSON: safe integers are integers,
 * other numbers floats, bigints follow Tenuo's i64/u64 rule (beyond u64 they
 * are floats, as serde_json parses them), CborFloat stays a float.
 */
export function leafValue(v: unknown): ConstraintValue | undefined {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'string') return LONE_SURROGATE.test(v) ? undefined : v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return undefined;
    // -0 is 0 here: JSON.stringify(-0) sends "0".
    if (Number.isSafeInteger(v)) return v === 0 ? 0 : v;
    return new CborFloat(v);
  }
  if (typeof v === 'bigint') {
    if (v < I64_MIN || v > U64_MAX) return new CborFloat(Number(v));
    return integerValue(v);
  }
  if (v instanceof CborFloat) return Number.isFinite(v.value) ? v : undefined;
  return undefined;
}

export function normalizeArgument(v: unknown, depth: number, budget: { nodes: number }): ConstraintValue {
  // In-process callers can pass shared sub-objects, which would otherwise expand exponentially.
  if (++budget.nodes > MCP_LIMITS.maxArgumentNodes) throw encodingError('MCP arguments are too large');
  if (Array.isArray(v)) {
    if (depth + 1 > MCP_LIMITS.maxArgumentDepth) throw encodingError('MCP arguments nest too deeply');
    const out: ConstraintValue[] = [];
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      if (item === undefined) throw encodingError('MCP arguments are not JSON: undefined list element');
      out.push(normalizeArgument(item, depth + 1, budget));
    }
    return Object.freeze(out);
  }
  if (isPlainObject(v)) {
    if (depth + 1 > MCP_LIMITS.maxArgumentDepth) throw encodingError('MCP arguments nest too deeply');
    const entries: [string, ConstraintValue][] = [];
    for (const key of Object.keys(v)) {
      const item = v[key];
      // JSON.stringify drops undefined properties, so the wire never carries them.
      if (item === undefined) continue;
      if (LONE_SURROGATE.test(key))
        throw encodingError('MCP arguments are not JSON: unpaired surrogate in a key');
      entries.push([key, normalizeArgument(item, depth + 1, budget)]);
    }
    return frozenObject(entries);
  }
  const leaf = leafValue(v);
  if (leaf === undefined) throw encodingError(`MCP arguments are not JSON: unsupported ${typeof v} value`);
  return leaf;
}
