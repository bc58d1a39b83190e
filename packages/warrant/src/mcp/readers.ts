// Typed readers over Raw: serde's reading of structs, maps, lists, strings, booleans and `default` values.
import type { ConstraintValue } from '../constraints/value.js';
import { leafValue } from './arguments.js';
import { configError, q } from './errors.js';
import type { Raw } from './raw.js';
import { frozenObject } from './values.js';
import { yamlBool, yamlIsNull, yamlPlainValue } from './yaml-scalars.js';

/** Option<T>: missing, a plain YAML null, or JS null/undefined. */
export function isNone(raw: Raw | undefined): boolean {
  if (raw === undefined) return true;
  if (raw.kind === 'scalar') return raw.plain && yamlIsNull(raw.text);
  return raw.kind === 'leaf' && (raw.value === null || raw.value === undefined);
}

export function readString(raw: Raw, where: string): string {
  // serde_yaml reads any scalar as a string (`version: 1` is "1"); serde_json wants a string.
  if (raw.kind === 'scalar') return raw.text;
  if (raw.kind === 'leaf' && typeof raw.value === 'string') return raw.value;
  throw configError(`${where} must be a string`);
}

export function readOptString(raw: Raw | undefined, where: string): string | undefined {
  return raw === undefined || isNone(raw) ? undefined : readString(raw, where);
}

export function readBool(raw: Raw, where: string): boolean {
  if (raw.kind === 'scalar' && raw.plain) {
    const b = yamlBool(raw.text);
    if (b !== undefined) return b;
  }
  if (raw.kind === 'leaf' && typeof raw.value === 'boolean') return raw.value;
  throw configError(`${where} must be true or false`);
}

export function readMap(raw: Raw, where: string): ReadonlyArray<readonly [string, Raw]> {
  if (raw.kind === 'map') return raw.entries;
  // serde_yaml reads an empty plain scalar (`key:`) as an empty map or list.
  if (raw.kind === 'scalar' && raw.plain && raw.text === '') return [];
  throw configError(`${where} must be a map`);
}

export function readSeq(raw: Raw, where: string): readonly Raw[] {
  if (raw.kind === 'seq') return raw.items;
  if (raw.kind === 'scalar' && raw.plain && raw.text === '') return [];
  throw configError(`${where} must be a list`);
}

export function readStruct(
  raw: Raw,
  where: string,
  known: readonly string[],
  unknown: string[],
): Map<string, Raw> {
  const out = new Map<string, Raw>();
  for (const [k, v] of readMap(raw, where)) {
    // Tenuo's structs do not deny unknown fields; they are ignored (and reported by validate()).
    if (known.includes(k)) out.set(k, v);
    else unknown.push(`${where}.${q(k)}`);
  }
  return out;
}

export function required(fields: Map<string, Raw>, key: string, where: string): Raw {
  const raw = fields.get(key);
  if (raw === undefined) throw configError(`${where}: missing field '${key}'`);
  return raw;
}

export function readValue(raw: Raw, where: string): ConstraintValue {
  switch (raw.kind) {
    case 'scalar':
      return raw.plain ? yamlPlainValue(raw.text, where) : raw.text;
    case 'leaf': {
      const v = leafValue(raw.value);
      if (v === undefined) throw configError(`${where} is not a JSON value`);
      return v;
    }
    case 'seq':
      return Object.freeze(raw.items.map((item) => readValue(item, where)));
    case 'map':
      return frozenObject(raw.entries.map(([k, v]) => [k, readValue(v, where)]));
  }
}
