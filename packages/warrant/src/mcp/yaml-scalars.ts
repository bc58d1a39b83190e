// serde_yaml 0.9 scalar rules: how a plain YAML scalar resolves to null, bool, integer, float or text.
import { CborFloat } from '../cbor/value.js';
import type { ConstraintValue } from '../constraints/value.js';
import { configError } from './errors.js';
import { I64_MAX, I64_MIN, I128_MAX, I128_MIN, integerValue, U64_MAX, U128_MAX } from './values.js';

export function yamlIsNull(text: string): boolean {
  return text === '' || text === 'null' || text === 'Null' || text === 'NULL' || text === '~';
}

export function yamlBool(text: string): boolean | undefined {
  if (text === 'true' || text === 'True' || text === 'TRUE') return true;
  if (text === 'false' || text === 'False' || text === 'FALSE') return false;
  return undefined;
}

/** YAML 1.2: a leading zero followed by more digits is text, not a number. */
function digitsButNotNumber(text: string): boolean {
  const s = text.startsWith('-') || text.startsWith('+') ? text.slice(1) : text;
  return s.length > 1 && s.startsWith('0') && /^[0-9]+$/.test(s.slice(1));
}

const RADIX = [
  ['0x', 16, /^[0-9a-fA-F]+$/],
  ['0o', 8, /^[0-7]+$/],
  ['0b', 2, /^[01]+$/],
] as const;

function radixValue(digits: string, radix: number): bigint {
  const prefix = radix === 16 ? '0x' : radix === 8 ? '0o' : '0b';
  return BigInt(prefix + digits);
}

/** serde_yaml `parse_unsigned_int`, for a bound of u64 or u128. */
function yamlUnsigned(text: string, max: bigint): bigint | undefined {
  const un = text.startsWith('+') ? text.slice(1) : text;
  for (const [prefix, radix, digits] of RADIX) {
    if (!un.startsWith(prefix)) continue;
    const rest = un.slice(prefix.length);
    if (rest.startsWith('+') || rest.startsWith('-')) return undefined;
    if (digits.test(rest)) {
      const v = radixValue(rest, radix);
      if (v <= max) return v;
    }
  }
  if (un.startsWith('+') || un.startsWith('-')) return undefined;
  if (digitsButNotNumber(text)) return undefined;
  if (!/^[0-9]+$/.test(un)) return undefined;
  const v = BigInt(un);
  return v <= max ? v : undefined;
}

/** serde_yaml `parse_negative_int`, for a bound of i64 or i128 (it also accepts non-negative decimals). */
function yamlNegative(text: string, min: bigint, max: bigint): bigint | undefined {
  for (const [prefix, radix, digits] of RADIX) {
    if (!text.startsWith(`-${prefix}`)) continue;
    const rest = text.slice(prefix.length + 1);
    if (digits.test(rest)) {
      const v = -radixValue(rest, radix);
      if (v >= min) return v;
    }
  }
  if (digitsButNotNumber(text)) return undefined;
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const v = BigInt(text.startsWith('+') ? text.slice(1) : text);
  return v >= min && v <= max ? v : undefined;
}

/** serde_yaml `parse_f64` (Rust `f64::from_str`, finite only, plus the YAML infinities and NaN). */
function yamlFloat(text: string): number | undefined {
  let un = text;
  if (text.startsWith('+')) {
    un = text.slice(1);
    if (un.startsWith('+') || un.startsWith('-')) return undefined;
  }
  if (un === '.inf' || un === '.Inf' || un === '.INF') return Number.POSITIVE_INFINITY;
  if (text === '-.inf' || text === '-.Inf' || text === '-.INF') return Number.NEGATIVE_INFINITY;
  if (text === '.nan' || text === '.NaN' || text === '.NAN') return Number.NaN;
  if (!/^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(un)) return undefined;
  const f = Number(un);
  return Number.isFinite(f) ? f : undefined;
}

/**
 * A plain YAML scalar read into `serde_json::Value` and then Tenuo's
 * `json_to_constraint_value`: null, bool, u64, i64 (wider integers are a
 * serde_json range error), float (non-finite becomes null), else text.
 */
export function yamlPlainValue(text: string, where: string): ConstraintValue {
  if (yamlIsNull(text)) return null;
  const b = yamlBool(text);
  if (b !== undefined) return b;
  const int =
    yamlUnsigned(text, U64_MAX) ??
    yamlNegative(text, I64_MIN, I64_MAX) ??
    yamlUnsigned(text, U128_MAX) ??
    yamlNegative(text, I128_MIN, I128_MAX);
  if (int !== undefined) {
    if (int < I64_MIN || int > U64_MAX) throw configError(`${where}: number out of range`);
    return integerValue(int);
  }
  if (!digitsButNotNumber(text)) {
    const f = yamlFloat(text);
    if (f !== undefined) return Number.isFinite(f) ? new CborFloat(f) : null;
  }
  return text;
}
