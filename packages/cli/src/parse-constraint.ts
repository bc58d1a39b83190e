import {
  Cidr,
  type Constraint,
  Contains,
  Exact,
  NotOneOf,
  OneOf,
  Pattern,
  Range,
  Regex,
  Shlex,
  Subpath,
  Subset,
  UrlPattern,
  UrlSafe,
  Wildcard,
} from '@warden/warrant';
import { asUsage, usage } from './errors.js';

/** One `--constraint` after parsing: the argument it applies to and its constraint. */
export interface ParsedConstraint {
  arg: string;
  constraint: Constraint;
}

type Factory = (value: string) => Constraint;

const list = (value: string): string[] => {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => s.length === 0)) throw usage('invalid_constraint', 'list values must not be empty');
  return items;
};

const noValue = (name: string, make: () => Constraint): Factory => {
  return (value) => {
    if (value !== '') throw usage('invalid_constraint', `${name} takes no value`);
    return make();
  };
};

/** A Regex whose pattern is known to compile (the factory compiles eagerly, as Tenuo's CLI checks). */
function checkedRegex(pattern: string): Constraint {
  return Regex(pattern);
}

/** Parses `MIN..MAX`, `..MAX` or `MIN..`; bounds are inclusive, as in Tenuo's CLI. */
export function parseRange(value: string): Constraint {
  const parts = value.split('..');
  if (parts.length !== 2) throw usage('invalid_constraint', 'Range takes MIN..MAX, ..MAX or MIN..');
  const [min, max] = parts.map((p) => {
    const t = p.trim();
    if (t === '') return undefined;
    const n = Number(t);
    if (!Number.isFinite(n)) throw usage('invalid_constraint', 'Range bounds must be finite numbers');
    return n;
  });
  return Range({ min, max });
}

/**
 * Constraint types by normalized name (lowercase, `_` and `-` dropped), so
 * Tenuo's `pattern:` and Warden's `Pattern:` both work.
 */
const FACTORIES: ReadonlyMap<string, Factory> = new Map<string, Factory>([
  ['exact', (v) => Exact(v)],
  ['pattern', (v) => Pattern(v)],
  ['regex', checkedRegex],
  ['range', parseRange],
  ['oneof', (v) => OneOf(list(v))],
  ['notoneof', (v) => NotOneOf(list(v))],
  ['contains', (v) => Contains(list(v))],
  ['subset', (v) => Subset(list(v))],
  ['cidr', (v) => Cidr(v)],
  ['urlpattern', (v) => UrlPattern(v)],
  ['urlsafe', (v) => (v === '' ? UrlSafe() : UrlSafe({ allowDomains: list(v) }))],
  ['subpath', (v) => Subpath(v)],
  ['shlex', (v) => Shlex(list(v))],
  ['wildcard', noValue('Wildcard', Wildcard)],
]);

/** Types that make sense without a value, so `arg=Wildcard` is not read as the glob "Wildcard". */
const VALUELESS = new Set(['wildcard', 'urlsafe']);

/** The constraint type names `--constraint` accepts, for help text. */
export const CONSTRAINT_TYPES =
  'Exact, Pattern, Regex, Range, OneOf, NotOneOf, Contains, Subset, Cidr, UrlPattern, UrlSafe, Subpath, Shlex, Wildcard';

const normalize = (name: string): string => name.toLowerCase().replace(/[-_]/g, '');

/**
 * Parses one `--constraint` in Tenuo's CLI syntax `ARG=TYPE:VALUE`, with the
 * type name case-insensitive. Without a `:` the value is a glob (Tenuo's
 * default), except the value-less types `ARG=Wildcard` and `ARG=UrlSafe`.
 * Only the first `=` and the first `:` split, so values may contain both.
 * @example parseConstraint('path=Pattern:/data/*')  // { arg: 'path', constraint: Pattern('/data/*') }
 * @example parseConstraint('amount=range:0..100')    // Range between 0 and 100, inclusive
 * @example parseConstraint('url=UrlSafe:api.example.com,*.example.org')
 */
export function parseConstraint(spec: string): ParsedConstraint {
  const eq = spec.indexOf('=');
  if (eq < 0) throw usage('invalid_constraint', `--constraint '${spec}' must look like ARG=TYPE:VALUE`);
  const arg = spec.slice(0, eq).trim();
  if (arg === '') throw usage('invalid_constraint', `--constraint '${spec}' has no argument name`);
  const rest = spec.slice(eq + 1);
  const colon = rest.indexOf(':');
  let typeName: string;
  let value: string;
  if (colon < 0) {
    [typeName, value] = VALUELESS.has(normalize(rest.trim())) ? [rest.trim(), ''] : ['pattern', rest];
  } else {
    [typeName, value] = [rest.slice(0, colon).trim(), rest.slice(colon + 1)];
  }
  const factory = FACTORIES.get(normalize(typeName));
  if (factory === undefined) {
    throw usage(
      'invalid_constraint',
      `--constraint for '${arg}': unknown type '${typeName}' (one of ${CONSTRAINT_TYPES}; write ${arg}=Pattern:... for a glob containing ':')`,
    );
  }
  try {
    return { arg, constraint: asUsage(() => factory(value), 'invalid_constraint') };
  } catch (err) {
    const message = err instanceof Error ? err.message : 'invalid value';
    throw usage('invalid_constraint', `--constraint for '${arg}': ${message}`);
  }
}

/** Tenuo's `--constraint-json` value: `{"path": {"pattern": "..."}, "n": {"min": 0, "max": 9}, ...}`. */
function fromTenuoJson(arg: string, v: unknown): Constraint {
  if (typeof v === 'string') return Pattern(v);
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new TypeError('expected a string or an object');
  const o = v as Record<string, unknown>;
  const text = (key: string): string => {
    if (typeof o[key] !== 'string') throw new TypeError(`${key} must be a string`);
    return o[key] as string;
  };
  if ('exact' in o) return Exact(text('exact'));
  if ('pattern' in o) return Pattern(text('pattern'));
  if ('regex' in o) return checkedRegex(text('regex'));
  if ('min' in o || 'max' in o) {
    const bound = (key: string): number | undefined => {
      const b = o[key];
      if (b === undefined || b === null) return undefined;
      if (typeof b !== 'number') throw new TypeError(`${key} must be a number`);
      return b;
    };
    return Range({ min: bound('min'), max: bound('max') });
  }
  if ('enum' in o) {
    if (!Array.isArray(o.enum) || !o.enum.every((x) => typeof x === 'string'))
      throw new TypeError('enum must be an array of strings');
    return OneOf(o.enum);
  }
  throw new TypeError(`no known constraint key for '${arg}' (exact, pattern, regex, min/max, enum)`);
}

/** Parses one `--constraint-json` object (Tenuo's form) into constraints, in key order. */
export function parseConstraintJson(json: string): ParsedConstraint[] {
  let obj: unknown;
  try {
    obj = JSON.parse(json);
  } catch {
    throw usage('invalid_constraint', '--constraint-json is not valid JSON');
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw usage('invalid_constraint', '--constraint-json must be a JSON object of argument -> constraint');
  }
  return Object.entries(obj).map(([arg, v]) => {
    try {
      return { arg, constraint: asUsage(() => fromTenuoJson(arg, v), 'invalid_constraint') };
    } catch (err) {
      throw usage(
        'invalid_constraint',
        `--constraint-json for '${arg}': ${err instanceof Error ? err.message : 'invalid'}`,
      );
    }
  });
}

/**
 * Collects parsed constraints into the object the warrant builders take.
 * An argument constrained twice is refused: Tenuo's CLI lets the last one
 * win, which silently drops a restriction the user typed.
 */
export function toConstraintRecord(
  parsed: readonly ParsedConstraint[],
  flag = '--constraint',
): Record<string, Constraint> {
  const out: Record<string, Constraint> = Object.create(null);
  for (const { arg, constraint } of parsed) {
    if (Object.hasOwn(out, arg))
      throw usage('invalid_constraint', `${flag}: argument '${arg}' is constrained twice`);
    out[arg] = constraint;
  }
  return out;
}

/** Parses every `--constraint` and `--constraint-json` value into one record. */
export function parseConstraints(
  specs: readonly string[],
  jsons: readonly string[] = [],
  flag = '--constraint',
): Record<string, Constraint> {
  return toConstraintRecord([...specs.map(parseConstraint), ...jsons.flatMap(parseConstraintJson)], flag);
}
