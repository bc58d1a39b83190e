/**
 * Tenuo's MCP extraction config (tenuo-core `mcp.rs` + `extraction.rs`): a YAML
 * file that maps each MCP tool name to rules that pull constraint values out of
 * the tool call's `arguments` object, so a warrant can be checked against them.
 *
 * Loading follows serde_yaml 0.9 into Tenuo's structs (required and defaulted
 * fields, unknown keys ignored, every YAML scalar readable as text, YAML 1.2
 * plain-scalar resolution for `default`), and extraction follows `extraction.rs`
 * (dot paths, `*` wildcards yielding lists, integer/float/u64 mapping).
 */
import { Composer, type CST, type Document, isAlias, isMap, isScalar, isSeq, Lexer, Parser } from 'yaml';
import { CborFloat, compareUtf8 } from './cbor/value.js';
import type { ConstraintValue } from './constraints/value.js';
import { WarrantError, type WarrantErrorCode } from './errors.js';

/** Limits applied while loading, compiling and extracting. The first two are Tenuo's; the rest are Warden's. */
export const MCP_LIMITS = {
  /** Tenuo `MAX_TOOLS_COUNT`: tools per config (checked by `compile`). */
  maxTools: 200,
  /** Tenuo `wire::MAX_CONSTRAINTS_PER_TOOL`: extraction rules per tool (checked by `compile`). */
  maxConstraintsPerTool: 64,
  /** YAML text, in UTF-8 bytes. */
  maxYamlBytes: 1024 * 1024,
  /** Nesting of YAML collections (serde_yaml allows 128; nothing legitimate comes close to 64). */
  maxYamlDepth: 64,
  /** Alias (`*name`) references followed while reading a config, counting repeats. */
  maxYamlAliases: 64,
  /** Nodes reached through aliases (an alias bomb's expansion); direct nodes are bounded by the size cap. */
  maxYamlAliasedNodes: 10_000,
  /** Nodes in a {@link McpConfig.fromObject} input, counting shared sub-objects each time they are reached. */
  maxObjectNodes: 500_000,
  /** Containers nested in tool arguments: serde_json's recursion limit (128, exclusive). */
  maxArgumentDepth: 127,
  /** Values in one call's arguments, counting shared sub-objects each time they are reached. */
  maxArgumentNodes: 1_000_000,
} as const;

/** Tenuo `ExtractionSource` (serde lowercase names). Only `body` and `literal` can produce values for MCP. */
export type ExtractionSource = 'path' | 'query' | 'header' | 'body' | 'literal';

/** Type hints Warden can enforce for `type:` (Tenuo documents integer, float, boolean, string, list). */
export type McpValueType = 'string' | 'integer' | 'float' | 'number' | 'boolean' | 'list' | 'object';

/** One constraint's extraction rule (Tenuo `ExtractionRule`). */
export interface ExtractionRule {
  /** `from`: where the value comes from. */
  readonly from: ExtractionSource;
  /** `path`: dot path into the arguments (`a.b`, `items.0.id`, `items.*.id`) or the key for other sources. */
  readonly path: string;
  /** `description` */
  readonly description?: string;
  /** `required` (default false): a missing value fails extraction instead of falling back to `default`. */
  readonly required: boolean;
  /** `default`: used when the value is missing and the rule is not required; the value of a `literal` rule. */
  readonly default?: ConstraintValue;
  /** `type`: a hint in Tenuo; enforced by Warden unless compiled with `enforceHints: false`. */
  readonly valueType?: string;
  /** `allowed_values`: a hint in Tenuo; enforced by Warden unless compiled with `enforceHints: false`. */
  readonly allowedValues?: readonly string[];
}

/** One tool's configuration (Tenuo `ToolConfig`). */
export interface McpToolConfig {
  /** `description` (required by Tenuo's schema, may be empty). */
  readonly description: string;
  /** `constraints`: constraint name -> rule, in document order. */
  readonly constraints: ReadonlyMap<string, ExtractionRule>;
}

/** Global settings (Tenuo `McpSettings`). */
export interface McpSettings {
  /** `trusted_issuers`: hex public keys, kept as written (Tenuo does not check them here either). */
  readonly trustedIssuers: readonly string[];
}

/** Options for {@link McpConfig.compile}. */
export interface McpCompileOptions {
  /**
   * Enforce `type` and `allowed_values` (default true). Tenuo 0.2.3 parses both
   * but never checks them; pass false for exactly Tenuo's behaviour. When on,
   * an unknown `type` name or a `default` that breaks its own hints is a config
   * error, so a typo cannot silently switch a check off.
   */
  readonly enforceHints?: boolean;
}

/** How one rule was resolved; values are left out on purpose (they are in `constraints`). */
export interface ExtractionTrace {
  /** Constraint name. */
  readonly field: string;
  /** Rule source. */
  readonly source: ExtractionSource;
  /** Rule path. */
  readonly path: string;
  /** Whether the rule was required. */
  readonly required: boolean;
  /** `extracted`: found in the arguments (or a literal); `default`: fell back to `default`; `absent`: left out. */
  readonly outcome: 'extracted' | 'default' | 'absent';
}

/** Result of {@link CompiledMcpConfig.extractConstraints} (Tenuo `ExtractionResult` without the transport fields). */
export interface ExtractionResult {
  /** The tool the rules came from. */
  readonly tool: string;
  /** Constraint name -> extracted value, in config order. Values are frozen. */
  readonly constraints: Map<string, ConstraintValue>;
  /** One entry per rule, in config order. */
  readonly traces: readonly ExtractionTrace[];
}

/**
 * An extraction failure, with Tenuo `ExtractionError`'s fields. `code` is
 * `missing_required_field` (a required value, or the tool, is missing) or
 * `constraint_violation` (an enforced `type`/`allowed_values` hint failed).
 * The message names config fields only, never argument values.
 */
export class McpExtractionError extends WarrantError {
  /** Constraint name, or `tool` when the tool is not configured. */
  readonly field: string;
  /** Source of the failing rule. */
  readonly source: ExtractionSource;
  /** Path of the failing rule (empty for an unknown tool). */
  readonly path: string;
  /** Always true: optional fields never fail extraction. */
  readonly required: boolean;

  constructor(
    code: WarrantErrorCode,
    message: string,
    detail: { field: string; source: ExtractionSource; path: string; required: boolean },
  ) {
    super(code, message);
    this.field = detail.field;
    this.source = detail.source;
    this.path = detail.path;
    this.required = detail.required;
  }
}

/**
 * Tenuo's `to_jsonrpc_error`: every extraction failure is JSON-RPC `-32602`
 * (invalid params), with the error message after `Invalid params: `.
 */
export function extractionErrorToJsonRpc(error: McpExtractionError): { code: -32602; message: string } {
  return { code: -32602, message: `Invalid params: ${error.message}` };
}

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;
const I128_MIN = -(2n ** 127n);
const I128_MAX = 2n ** 127n - 1n;
const U128_MAX = 2n ** 128n - 1n;
// With the `u` flag a surrogate pair is one code point, so this only finds lone halves.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function configError(message: string, cause?: unknown): WarrantError {
  return new WarrantError('invalid_config', `invalid MCP config: ${message}`, { cause });
}

function encodingError(message: string): WarrantError {
  return new WarrantError('invalid_encoding', message);
}

/** Quotes a config-supplied name for a message: escaped, so a name cannot forge log lines, and bounded. */
function q(name: string): string {
  const short = name.length > 64 ? `${name.slice(0, 64)}…` : name;
  return JSON.stringify(short);
}

/** Tenuo's integer mapping (`json_to_constraint_value`): i64 stays an integer, a u64 above i64::MAX becomes text. */
function integerValue(v: bigint): ConstraintValue {
  if (v >= I64_MIN && v <= I64_MAX) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : v;
  }
  return v.toString();
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function isValueObject(v: ConstraintValue): v is { readonly [key: string]: ConstraintValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof CborFloat);
}

const ANY_SURROGATE = /[\uD800-\uDFFF]/;

/** UTF-8 byte order (Rust `String` order); UTF-16 code-unit order agrees unless a surrogate is involved. */
function keyOrder(a: string, b: string): number {
  if (ANY_SURROGATE.test(a) || ANY_SURROGATE.test(b)) return compareUtf8(a, b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds a frozen object in Rust `BTreeMap` key order; defineProperty keeps `__proto__` an ordinary key. */
function frozenObject(entries: [string, ConstraintValue][]): ConstraintValue {
  entries.sort((a, b) => keyOrder(a[0], b[0]));
  const out: Record<string, ConstraintValue> = {};
  for (const [k, v] of entries) {
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: false, configurable: false });
  }
  return Object.freeze(out);
}

// ---------------------------------------------------------------------------
// JSON text -> values, keeping 1 and 1.0 apart
// ---------------------------------------------------------------------------

/**
 * Parses JSON text the way serde_json reads Tenuo's tool arguments, keeping
 * what `JSON.parse` loses: an integer literal is a `number` (or `bigint` past
 * 2^53), a literal with `.` or an exponent is a {@link CborFloat}. Like
 * serde_json, `-0` and integers outside [i64::MIN, u64::MAX] are floats,
 * floats that overflow are errors, and nesting stops at 127 containers.
 * Stricter than serde_json: duplicate object keys and unpaired surrogates are
 * refused instead of last-one-wins / accepted-as-is.
 *
 * @throws WarrantError `invalid_encoding` for anything that is not such JSON.
 */
export function parseJsonPreservingNumbers(text: string): unknown {
  if (typeof text !== 'string') throw encodingError('JSON input must be a string');
  const parser = new JsonParser(text);
  parser.ws();
  const value = parser.value(0);
  parser.ws();
  if (parser.i !== text.length) parser.fail('trailing characters');
  return value;
}

const JSON_NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class JsonParser {
  i = 0;
  constructor(private readonly s: string) {}

  fail(what: string): never {
    throw encodingError(`invalid JSON: ${what} at offset ${this.i}`);
  }

  ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      this.i++;
    }
  }

  value(depth: number): unknown {
    const c = this.s[this.i];
    if (c === '{' || c === '[') {
      if (depth + 1 > MCP_LIMITS.maxArgumentDepth) this.fail('nesting too deep');
      return c === '{' ? this.object(depth + 1) : this.array(depth + 1);
    }
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    return this.fail(c === undefined ? 'unexpected end' : 'unexpected character');
  }

  object(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      if (this.s[this.i] !== '"') this.fail('expected a key');
      const key = this.string();
      if (Object.hasOwn(out, key)) this.fail('duplicate key');
      this.ws();
      if (this.s[this.i] !== ':') this.fail("expected ':'");
      this.i++;
      this.ws();
      Object.defineProperty(out, key, {
        value: this.value(depth),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return out;
      if (c !== ',') this.fail("expected ',' or '}'");
      this.ws();
    }
  }

  array(depth: number): unknown[] {
    const out: unknown[] = [];
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth));
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') this.fail("expected ',' or ']'");
      this.ws();
    }
  }

  string(): string {
    const s = this.s;
    let out = '';
    let start = ++this.i;
    for (;;) {
      if (this.i >= s.length) this.fail('unterminated string');
      const c = s.charCodeAt(this.i);
      if (c === 0x22) break;
      if (c < 0x20) this.fail('control character in string');
      if (c !== 0x5c) {
        this.i++;
        continue;
      }
      out += s.slice(start, this.i);
      const e = s[this.i + 1];
      this.i += 2;
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = s.slice(this.i, this.i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape');
          out += String.fromCharCode(Number.parseInt(hex, 16));
          this.i += 4;
          break;
        }
        default:
          this.fail('bad escape');
      }
      start = this.i;
    }
    out += s.slice(start, this.i);
    this.i++;
    // Checked on the decoded text so escaped and raw lone surrogates are both caught.
    if (LONE_SURROGATE.test(out)) this.fail('unpaired surrogate in string');
    return out;
  }

  number(): unknown {
    JSON_NUMBER.lastIndex = this.i;
    const m = JSON_NUMBER.exec(this.s);
    if (m === null || m[0] === '-') this.fail('bad number');
    const lit = m[0];
    this.i += lit.length;
    const isInteger = !/[.eE]/.test(lit);
    if (isInteger && lit !== '-0') {
      const v = BigInt(lit);
      if (v >= I64_MIN && v <= U64_MAX) {
        const n = Number(v);
        return Number.isSafeInteger(n) ? n : v;
      }
    }
    // serde_json parses -0 and out-of-range integers as f64 and refuses f64 overflow.
    const f = Number(lit);
    if (!Number.isFinite(f)) this.fail('number out of range');
    return new CborFloat(f);
  }
}

// ---------------------------------------------------------------------------
// Tool arguments -> frozen ConstraintValue tree (the serde_json::Value Tenuo sees)
// ---------------------------------------------------------------------------

/**
 * One JS leaf as Tenuo would see it after JSON: safe integers are integers,
 * other numbers floats, bigints follow Tenuo's i64/u64 rule (beyond u64 they
 * are floats, as serde_json parses them), CborFloat stays a float.
 */
function leafValue(v: unknown): ConstraintValue | undefined {
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

function normalizeArgument(v: unknown, depth: number, budget: { nodes: number }): ConstraintValue {
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

// ---------------------------------------------------------------------------
// Config documents: YAML (serde_yaml semantics) or plain objects (serde_json semantics)
// ---------------------------------------------------------------------------

/** A config node: YAML scalars keep their text and style, JS leaves keep their value. */
type Raw =
  | { readonly kind: 'scalar'; readonly text: string; readonly plain: boolean }
  | { readonly kind: 'leaf'; readonly value: unknown }
  | { readonly kind: 'map'; readonly entries: ReadonlyArray<readonly [string, Raw]> }
  | { readonly kind: 'seq'; readonly items: readonly Raw[] };

interface Budget {
  aliases: number;
  aliasedNodes: number;
}

/**
 * Tokenizes the YAML and rejects collection nesting beyond the limit before
 * anything is composed: the `yaml` composer recurses per level and, near stack
 * exhaustion, V8 can abort the whole process instead of throwing.
 */
function yamlTokens(text: string): CST.Token[] {
  // Cheap first pass: flow brackets are single lexemes, so runaway `[[[[` stops here without building a tree.
  let flow = 0;
  for (const lexeme of new Lexer().lex(text)) {
    if (lexeme === '[' || lexeme === '{') {
      if (++flow > MCP_LIMITS.maxYamlDepth) throw configError('YAML nests too deeply');
    } else if ((lexeme === ']' || lexeme === '}') && flow > 0) {
      flow--;
    }
  }
  const tokens = [...new Parser().parse(text)];
  const stack: [CST.Token | null | undefined, number][] = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [t, d] = stack.pop() as [CST.Token | null | undefined, number];
    if (t === null || t === undefined) continue;
    if (t.type === 'document') {
      stack.push([t.value, d]);
    } else if (t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection') {
      if (d + 1 > MCP_LIMITS.maxYamlDepth) throw configError('YAML nests too deeply');
      for (const item of t.items) stack.push([item.key, d + 1], [item.value, d + 1]);
    }
  }
  return tokens;
}

/**
 * Maps each alias to the node it names: the latest same-named anchor before it
 * in document order (pre-order, so `&a [*a]` refers to itself). One pass, where
 * `Alias.resolve` would rescan the whole document for every alias.
 */
function aliasTargets(root: unknown): Map<unknown, unknown> {
  const latest = new Map<string, unknown>();
  const targets = new Map<unknown, unknown>();
  // Recursion is bounded: yamlTokens has already limited collection nesting.
  const walk = (n: unknown): void => {
    if (isAlias(n)) {
      targets.set(n, latest.get(n.source));
    } else if (isScalar(n) || isMap(n) || isSeq(n)) {
      if (n.anchor) latest.set(n.anchor, n);
      if (isSeq(n)) for (const item of n.items) walk(item);
      else if (isMap(n)) {
        for (const pair of n.items) {
          walk(pair.key);
          walk(pair.value);
        }
      }
    }
  };
  walk(root);
  return targets;
}

function yamlToRaw(
  targets: Map<unknown, unknown>,
  node: unknown,
  depth: number,
  budget: Budget,
  viaAlias: boolean,
): Raw {
  if (viaAlias && ++budget.aliasedNodes > MCP_LIMITS.maxYamlAliasedNodes) {
    throw configError('YAML aliases expand too far');
  }
  if (isAlias(node)) {
    if (++budget.aliases > MCP_LIMITS.maxYamlAliases) throw configError('too many YAML aliases');
    const target = targets.get(node);
    if (target === undefined) throw configError('unresolved YAML alias');
    return yamlToRaw(targets, target, depth, budget, true);
  }
  // An empty node (`key:` with nothing after it) is an empty plain scalar, as in libyaml.
  if (node === null || node === undefined) return { kind: 'scalar', text: '', plain: true };
  if (isScalar(node)) {
    // Tags change serde_yaml's reading in ways configs never need; refuse them rather than guess.
    if (node.tag) throw configError('YAML tags are not supported');
    return { kind: 'scalar', text: String(node.value ?? ''), plain: node.type === 'PLAIN' };
  }
  if (isMap(node) || isSeq(node)) {
    if (node.tag) throw configError('YAML tags are not supported');
    // Aliases can re-enter ancestors, so depth is checked here as well as on the token stream.
    if (depth + 1 > MCP_LIMITS.maxYamlDepth) throw configError('YAML nests too deeply');
    if (isSeq(node))
      return {
        kind: 'seq',
        items: node.items.map((n) => yamlToRaw(targets, n, depth + 1, budget, viaAlias)),
      };
    const entries: [string, Raw][] = [];
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = yamlToRaw(targets, pair.key, depth + 1, budget, viaAlias);
      // serde reads map keys as strings: any scalar's text will do, a collection will not.
      if (key.kind !== 'scalar') throw configError('YAML map keys must be scalars');
      if (seen.has(key.text)) throw configError('duplicate YAML map key');
      seen.add(key.text);
      entries.push([key.text, yamlToRaw(targets, pair.value, depth + 1, budget, viaAlias)]);
    }
    return { kind: 'map', entries };
  }
  throw configError('unsupported YAML node');
}

function objectToRaw(v: unknown, depth: number, budget: { nodes: number }): Raw {
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

// --- serde_yaml 0.9 scalar rules ---------------------------------------------

function yamlIsNull(text: string): boolean {
  return text === '' || text === 'null' || text === 'Null' || text === 'NULL' || text === '~';
}

function yamlBool(text: string): boolean | undefined {
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
function yamlPlainValue(text: string, where: string): ConstraintValue {
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

// --- typed readers over Raw ----------------------------------------------------

/** Option<T>: missing, a plain YAML null, or JS null/undefined. */
function isNone(raw: Raw | undefined): boolean {
  if (raw === undefined) return true;
  if (raw.kind === 'scalar') return raw.plain && yamlIsNull(raw.text);
  return raw.kind === 'leaf' && (raw.value === null || raw.value === undefined);
}

function readString(raw: Raw, where: string): string {
  // serde_yaml reads any scalar as a string (`version: 1` is "1"); serde_json wants a string.
  if (raw.kind === 'scalar') return raw.text;
  if (raw.kind === 'leaf' && typeof raw.value === 'string') return raw.value;
  throw configError(`${where} must be a string`);
}

function readOptString(raw: Raw | undefined, where: string): string | undefined {
  return raw === undefined || isNone(raw) ? undefined : readString(raw, where);
}

function readBool(raw: Raw, where: string): boolean {
  if (raw.kind === 'scalar' && raw.plain) {
    const b = yamlBool(raw.text);
    if (b !== undefined) return b;
  }
  if (raw.kind === 'leaf' && typeof raw.value === 'boolean') return raw.value;
  throw configError(`${where} must be true or false`);
}

function readMap(raw: Raw, where: string): ReadonlyArray<readonly [string, Raw]> {
  if (raw.kind === 'map') return raw.entries;
  // serde_yaml reads an empty plain scalar (`key:`) as an empty map or list.
  if (raw.kind === 'scalar' && raw.plain && raw.text === '') return [];
  throw configError(`${where} must be a map`);
}

function readSeq(raw: Raw, where: string): readonly Raw[] {
  if (raw.kind === 'seq') return raw.items;
  if (raw.kind === 'scalar' && raw.plain && raw.text === '') return [];
  throw configError(`${where} must be a list`);
}

function readStruct(raw: Raw, where: string, known: readonly string[], unknown: string[]): Map<string, Raw> {
  const out = new Map<string, Raw>();
  for (const [k, v] of readMap(raw, where)) {
    // Tenuo's structs do not deny unknown fields; they are ignored (and reported by validate()).
    if (known.includes(k)) out.set(k, v);
    else unknown.push(`${where}.${q(k)}`);
  }
  return out;
}

function required(fields: Map<string, Raw>, key: string, where: string): Raw {
  const raw = fields.get(key);
  if (raw === undefined) throw configError(`${where}: missing field '${key}'`);
  return raw;
}

function readValue(raw: Raw, where: string): ConstraintValue {
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

const SOURCES: readonly ExtractionSource[] = ['path', 'query', 'header', 'body', 'literal'];
const CONFIG_FIELDS = ['version', 'settings', 'tools'] as const;
const SETTINGS_FIELDS = ['trusted_issuers'] as const;
const TOOL_FIELDS = ['description', 'constraints'] as const;
const RULE_FIELDS = ['from', 'path', 'description', 'required', 'default', 'type', 'allowed_values'] as const;

function readRule(raw: Raw, where: string, unknown: string[]): ExtractionRule {
  const f = readStruct(raw, where, RULE_FIELDS, unknown);
  const from = readString(required(f, 'from', where), `${where}.from`);
  if (!(SOURCES as readonly string[]).includes(from)) {
    throw configError(`${where}.from must be one of ${SOURCES.join(', ')}`);
  }
  const path = readString(required(f, 'path', where), `${where}.path`);
  const description = readOptString(f.get('description'), `${where}.description`);
  const req = f.get('required');
  const defaultRaw = f.get('default');
  const valueType = readOptString(f.get('type'), `${where}.type`);
  const allowedRaw = f.get('allowed_values');
  const allowedValues =
    allowedRaw === undefined || isNone(allowedRaw)
      ? undefined
      : Object.freeze(
          readSeq(allowedRaw, `${where}.allowed_values`).map((r) => readString(r, `${where}.allowed_values`)),
        );
  return Object.freeze({
    from: from as ExtractionSource,
    path,
    required: req === undefined ? false : readBool(req, `${where}.required`),
    ...(description === undefined ? {} : { description }),
    ...(defaultRaw === undefined || isNone(defaultRaw)
      ? {}
      : { default: readValue(defaultRaw, `${where}.default`) }),
    ...(valueType === undefined ? {} : { valueType }),
    ...(allowedValues === undefined ? {} : { allowedValues }),
  });
}

function readConfig(raw: Raw): McpConfig {
  const unknown: string[] = [];
  const top = readStruct(raw, 'config', CONFIG_FIELDS, unknown);
  const version = readString(required(top, 'version', 'config'), 'version');
  const settingsRaw = top.get('settings');
  let trustedIssuers: readonly string[] = [];
  if (settingsRaw !== undefined) {
    const s = readStruct(settingsRaw, 'settings', SETTINGS_FIELDS, unknown);
    const ti = s.get('trusted_issuers');
    if (ti !== undefined)
      trustedIssuers = readSeq(ti, 'settings.trusted_issuers').map((r) =>
        readString(r, 'settings.trusted_issuers'),
      );
  }
  const tools = new Map<string, McpToolConfig>();
  for (const [name, toolRaw] of readMap(required(top, 'tools', 'config'), 'tools')) {
    const where = `tools.${q(name)}`;
    const t = readStruct(toolRaw, where, TOOL_FIELDS, unknown);
    const description = readString(required(t, 'description', where), `${where}.description`);
    const constraints = new Map<string, ExtractionRule>();
    for (const [field, ruleRaw] of readMap(required(t, 'constraints', where), `${where}.constraints`)) {
      constraints.set(field, readRule(ruleRaw, `${where}.constraints.${q(field)}`, unknown));
    }
    tools.set(name, Object.freeze({ description, constraints }));
  }
  return new McpConfig(
    version,
    Object.freeze({ trustedIssuers: Object.freeze([...trustedIssuers]) }),
    tools,
    unknown,
  );
}

// ---------------------------------------------------------------------------
// Paths (extraction.rs `CompiledPath`)
// ---------------------------------------------------------------------------

type Segment =
  | { readonly t: 'field'; readonly name: string }
  | { readonly t: 'index'; readonly i: bigint }
  | { readonly t: 'wild' };

function compilePath(path: string): Segment[] {
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
function extractPath(
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

// ---------------------------------------------------------------------------
// Hints (Warden-only enforcement of `type` and `allowed_values`)
// ---------------------------------------------------------------------------

const VALUE_TYPES: readonly McpValueType[] = [
  'string',
  'integer',
  'float',
  'number',
  'boolean',
  'list',
  'object',
];

function hasType(v: ConstraintValue, t: McpValueType): boolean {
  switch (t) {
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' || typeof v === 'bigint';
    case 'float':
    case 'number':
      // JSON clients cannot always keep 2.0 a float, so an integer satisfies `float`; no value is converted.
      return typeof v === 'number' || typeof v === 'bigint' || v instanceof CborFloat;
    case 'boolean':
      return typeof v === 'boolean';
    case 'list':
      return Array.isArray(v);
    case 'object':
      return isValueObject(v);
  }
}

/** Checks the values a rule yields: below each `*` the check applies per element. */
function typeOk(v: ConstraintValue, t: McpValueType, wildcards: number): boolean {
  if (wildcards > 0 && Array.isArray(v))
    return (v as readonly ConstraintValue[]).every((x) => typeOk(x, t, wildcards - 1));
  return hasType(v, t);
}

/** Every text reachable through lists must be allowed; any other leaf fails. */
function allowedOk(v: ConstraintValue, allowed: ReadonlySet<string>, depth: number): boolean {
  if (Array.isArray(v))
    return depth < 128 && (v as readonly ConstraintValue[]).every((x) => allowedOk(x, allowed, depth + 1));
  return typeof v === 'string' && allowed.has(v);
}

// ---------------------------------------------------------------------------
// Public classes
// ---------------------------------------------------------------------------

/**
 * A parsed MCP extraction config (Tenuo `McpConfig`). YAML schema, with
 * Tenuo's serde field names:
 *
 * ```yaml
 * version: "1"                  # required, any scalar (read as text)
 * settings:                     # optional
 *   trusted_issuers: ["<hex>"]  # optional
 * tools:                        # required: MCP tool name -> tool
 *   read_file:
 *     description: "Read files" # required (may be empty)
 *     constraints:              # required: constraint name -> rule
 *       path:     { from: body, path: "path", required: true }
 *       max_size: { from: body, path: "maxSize", type: integer, default: 1048576 }
 *       ids:      { from: body, path: "items.*.id" }   # a list
 * ```
 *
 * Rule keys: `from` (body|literal|path|query|header, required), `path`
 * (required), `description`, `required` (false), `default`, `type`,
 * `allowed_values`. Unknown keys are ignored, as by Tenuo; {@link CompiledMcpConfig.validate} lists them.
 */
export class McpConfig {
  /** @internal Use {@link McpConfig.fromYaml} or {@link McpConfig.fromObject}. */
  constructor(
    /** `version`, as written. */
    readonly version: string,
    /** `settings` */
    readonly settings: McpSettings,
    /** `tools`, in document order. */
    readonly tools: ReadonlyMap<string, McpToolConfig>,
    /** Paths of keys the schema ignores (e.g. `tools."x".constraints."y".value_type`). */
    readonly ignoredKeys: readonly string[] = [],
  ) {}

  /**
   * Reads a YAML config as Tenuo's serde_yaml load does. Refuses, with
   * `invalid_config`: more than 1 MiB, several documents, YAML tags, duplicate
   * keys, nesting beyond 64, more than 64 alias uses or 10 000 nodes reached
   * through aliases (alias bombs), and anything Tenuo's schema refuses.
   */
  static fromYaml(text: string): McpConfig {
    if (typeof text !== 'string') throw configError('YAML input must be a string');
    if (Buffer.byteLength(text, 'utf8') > MCP_LIMITS.maxYamlBytes)
      throw configError('YAML larger than 1 MiB');
    if (LONE_SURROGATE.test(text)) throw configError('YAML is not valid UTF-8 text');
    const tokens = yamlTokens(text);
    let docs: Document[];
    try {
      // failsafe: every scalar stays text with its style, so serde_yaml's own resolution can be applied.
      const composer = new Composer({
        schema: 'failsafe',
        merge: false, // serde_yaml 0.9 has no merge keys: `<<` is an ordinary key there too
        uniqueKeys: true,
        strict: true,
      });
      docs = [...composer.compose(tokens, true, text.length)];
    } catch (e) {
      throw configError('YAML could not be parsed', e);
    }
    const doc = docs[0];
    if (doc === undefined || docs.length > 1) throw configError('expected exactly one YAML document');
    if (doc.errors.length > 0) throw configError('YAML syntax error', doc.errors[0]);
    if (doc.contents === null || doc.contents === undefined) throw configError('empty YAML document');
    return readConfig(
      yamlToRaw(aliasTargets(doc.contents), doc.contents, 0, { aliases: 0, aliasedNodes: 0 }, false),
    );
  }

  /**
   * Reads an already-parsed config (e.g. from JSON) with serde_json's
   * strictness: text fields must be strings, `required` a boolean, maps
   * plain objects; `null` or `undefined` leave an optional field unset.
   * Numbers in `default` follow {@link CompiledMcpConfig.extractConstraints}'s rules.
   */
  static fromObject(obj: unknown): McpConfig {
    return readConfig(objectToRaw(obj, 0, { nodes: 0 }));
  }

  /** Checks Tenuo's limits and prepares paths (Tenuo `CompiledMcpConfig::compile`). */
  compile(options?: McpCompileOptions): CompiledMcpConfig {
    return CompiledMcpConfig.compile(this, options);
  }
}

interface CompiledRule {
  readonly name: string;
  readonly rule: ExtractionRule;
  readonly segments: readonly Segment[];
  readonly wildcards: number;
  readonly valueType: McpValueType | undefined;
  readonly allowed: ReadonlySet<string> | undefined;
}

/** A compiled config: answers {@link CompiledMcpConfig.extractConstraints} for each MCP tool call. */
export class CompiledMcpConfig {
  readonly #tools: ReadonlyMap<string, readonly CompiledRule[]>;
  readonly #config: McpConfig;

  private constructor(config: McpConfig, tools: Map<string, CompiledRule[]>) {
    this.#config = config;
    this.#tools = tools;
  }

  /** Tenuo `CompiledMcpConfig::compile`: at most 200 tools and 64 rules per tool. */
  static compile(config: McpConfig, options?: McpCompileOptions): CompiledMcpConfig {
    const enforce = options?.enforceHints ?? true;
    if (config.tools.size > MCP_LIMITS.maxTools) {
      throw configError(`too many tools: ${config.tools.size} (maximum ${MCP_LIMITS.maxTools})`);
    }
    const tools = new Map<string, CompiledRule[]>();
    for (const [name, tool] of config.tools) {
      if (tool.constraints.size > MCP_LIMITS.maxConstraintsPerTool) {
        throw configError(
          `too many constraints for tool ${q(name)}: ${tool.constraints.size} (maximum ${MCP_LIMITS.maxConstraintsPerTool})`,
        );
      }
      const rules: CompiledRule[] = [];
      for (const [field, rule] of tool.constraints) {
        const segments = compilePath(rule.path);
        const wildcards = segments.filter((s) => s.t === 'wild').length;
        let valueType: McpValueType | undefined;
        let allowed: ReadonlySet<string> | undefined;
        if (enforce) {
          const where = `tool ${q(name)} field ${q(field)}`;
          if (rule.valueType !== undefined) {
            if (!(VALUE_TYPES as readonly string[]).includes(rule.valueType)) {
              throw configError(`${where}: unknown type (expected one of ${VALUE_TYPES.join(', ')})`);
            }
            valueType = rule.valueType as McpValueType;
          }
          if (rule.allowedValues !== undefined) allowed = new Set(rule.allowedValues);
          const d = rule.default;
          if (d !== undefined) {
            if (valueType !== undefined && !typeOk(d, valueType, wildcards)) {
              throw configError(`${where}: default does not match its type`);
            }
            if (allowed !== undefined && !allowedOk(d, allowed, 0)) {
              throw configError(`${where}: default is not in allowed_values`);
            }
          }
        }
        rules.push({ name: field, rule, segments, wildcards, valueType, allowed });
      }
      tools.set(name, rules);
    }
    return new CompiledMcpConfig(config, tools);
  }

  /** `settings` of the source config. */
  get settings(): McpSettings {
    return this.#config.settings;
  }

  /** Configured tool names, in document order. */
  get tools(): string[] {
    return [...this.#tools.keys()];
  }

  /** True when `toolName` has extraction rules. */
  hasTool(toolName: string): boolean {
    return this.#tools.has(toolName);
  }

  /**
   * Tenuo `validate()`: one warning per rule whose source cannot work for MCP
   * (same text as Tenuo), plus Warden's notes on ignored keys, defaults that a
   * required rule never uses, and literals without a value. Never throws.
   */
  validate(): string[] {
    const warnings: string[] = [];
    const debugName = { path: 'Path', query: 'Query', header: 'Header' } as const;
    for (const [tool, rules] of this.#tools) {
      for (const { name, rule } of rules) {
        if (rule.from === 'path' || rule.from === 'query' || rule.from === 'header') {
          warnings.push(
            `Tool '${tool}' field '${name}' uses ${debugName[rule.from]} source, which won't work in MCP (only body/literal supported)`,
          );
        }
        if (rule.required && rule.default !== undefined && rule.from !== 'literal') {
          warnings.push(`Tool '${tool}' field '${name}' is required, so its default is never used`);
        }
        if (rule.from === 'literal' && rule.default === undefined) {
          warnings.push(
            `Tool '${tool}' field '${name}' is a literal without a default, so it never has a value`,
          );
        }
      }
    }
    for (const key of this.#config.ignoredKeys) warnings.push(`Unknown key ${key} is ignored`);
    return warnings;
  }

  /**
   * Extracts the constraint values for one MCP tool call (Tenuo
   * `extract_constraints`). `args` is the call's `arguments` (undefined is
   * `{}`): values from {@link parseJsonPreservingNumbers}, or plain JS values
   * where a safe-integer number is an integer and any other number a float.
   * The whole of `args` must be JSON-representable (as Tenuo receives it).
   *
   * Per rule, in config order: `body` follows the dot path (`*` collects a list
   * and drops items without the rest of the path; no match, or an empty list,
   * is missing); `literal` yields `default`; `path`/`query`/`header` never match
   * in MCP. A missing value fails a required rule, otherwise `default` (if any)
   * is used. A JSON null is a value, not a missing one. Integers within i64 are
   * integers, larger u64 become decimal text, fractional numbers floats.
   *
   * @throws McpExtractionError `missing_required_field` (also for an unknown
   *   tool) or `constraint_violation` (enforced hints).
   * @throws WarrantError `invalid_encoding` when `args` is not JSON-representable.
   */
  extractConstraints(toolName: string, args: unknown): ExtractionResult {
    const rules = this.#tools.get(toolName);
    if (rules === undefined) {
      // The name comes from the caller, so it stays out of the message.
      throw new McpExtractionError('missing_required_field', 'tool not defined in MCP configuration', {
        field: 'tool',
        source: 'literal',
        path: '',
        required: true,
      });
    }
    const body = normalizeArgument(args === undefined ? {} : args, 0, { nodes: 0 });
    const constraints = new Map<string, ConstraintValue>();
    const traces: ExtractionTrace[] = [];
    for (const r of rules) {
      const { rule } = r;
      let value: ConstraintValue | undefined;
      if (rule.from === 'body') value = extractPath(body, r.segments, 0);
      else if (rule.from === 'literal') value = rule.default;
      let outcome: ExtractionTrace['outcome'] = 'extracted';
      if (value === undefined) {
        if (rule.required) {
          throw new McpExtractionError(
            'missing_required_field',
            `Missing required field ${q(r.name)} (from ${rule.from}, path: ${q(rule.path)})`,
            { field: r.name, source: rule.from, path: rule.path, required: true },
          );
        }
        value = rule.default;
        outcome = value === undefined ? 'absent' : 'default';
      }
      if (value !== undefined && outcome === 'extracted') this.#checkHints(r, value);
      if (value !== undefined) constraints.set(r.name, value);
      traces.push({ field: r.name, source: rule.from, path: rule.path, required: rule.required, outcome });
    }
    return { tool: toolName, constraints, traces };
  }

  #checkHints(r: CompiledRule, value: ConstraintValue): void {
    const detail = { field: r.name, source: r.rule.from, path: r.rule.path, required: true };
    if (r.valueType !== undefined && !typeOk(value, r.valueType, r.wildcards)) {
      throw new McpExtractionError(
        'constraint_violation',
        `Field ${q(r.name)} is not of type ${r.valueType}`,
        detail,
      );
    }
    if (r.allowed !== undefined && !allowedOk(value, r.allowed, 0)) {
      throw new McpExtractionError(
        'constraint_violation',
        `Field ${q(r.name)} is not one of its allowed_values`,
        detail,
      );
    }
  }
}
