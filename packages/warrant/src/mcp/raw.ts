// Config documents as a Raw tree, and plain JS objects read into one with serde_json semantics.
import { configError } from './errors.js';
import { MCP_LIMITS } from './limits.js';
import { isPlainObject } from './values.js';

/** A config node: YAML scalars keep their text and style, JS leaves keep their value. */
export type Raw =
  | { readonly kind: 'scalar'; readonly text: string; readonly plain: boolean }
  | { readonly kind: 'leaf'; readonly value: unknown }
  | { readonly kind: 'map'; readonly entries: ReadonlyArray<readonly [string, Raw]> }
  | { readonly kind: 'seq'; readonly items: readonly Raw[] };

export function objectToRaw(v: unknown, depth: number, budget: { nodes: number }): Raw {
  // Shared sub-objects are walked each time, so a small DAG could otherwise expand exponentially.
  if (++budget.nodes > MCP_LIMITS.maxObjectNodes) throw configError('config too large');
  if (Array.isArray(v) || isPlainObject(v)) {
    // Also stops cycles.
    if (depth + 1 > MCP_LIMITS.maxYamlDepth) throw configError('config nests too deeply');
    if (Array.isArray(v)) {
      const items: Raw[] = [];
      for (let i = 0; i < v.length; i++) items.push(objectToRaw(v[i], depth + 1, budget));
      return { kind: 'seq', items };
    }
    const entries: [string, Raw][] = [];
    for (const key of Object.keys(v)) {
      // A missing field and an undefined one mean the same thing to a JS caller.
      if (v[key] !== undefined) entries.push([key, objectToRaw(v[key], depth + 1, budget)]);
    }
    return { kind: 'map', entries };
  }
  return { kind: 'leaf', value: v };
}
