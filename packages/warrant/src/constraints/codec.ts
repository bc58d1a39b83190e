import { CborFloat, type CborValue } from '../cbor/value.js';
import { DecodeError, WarrantError } from '../errors.js';
import { AllConstraint, AnyConstraint, NotConstraint } from './composite.js';
import type { Constraint } from './constraint.js';
import { ConstraintSet, MAX_CONSTRAINTS_PER_TOOL } from './constraint-set.js';
import { CidrConstraint, UrlPatternConstraint, UrlSafeConstraint } from './network.js';
import { CelConstraint, UnknownConstraint } from './opaque.js';
import {
  ContainsConstraint,
  ExactConstraint,
  NotOneOfConstraint,
  OneOfConstraint,
  RangeConstraint,
  SubsetConstraint,
  WildcardConstraint,
} from './scalar.js';
import { PatternConstraint, RegexConstraint, ShlexConstraint, SubpathConstraint } from './text.js';
import { valueFromCbor } from './value.js';

/** Deepest All/Any/Not nesting accepted (Tenuo's limit). */
export const MAX_CONSTRAINT_NESTING = 32;

function bad(message: string): never {
  throw new DecodeError('invalid_payload_structure', `invalid constraint: ${message}`);
}

/** A struct body: a text-keyed map. Unknown fields are ignored, as serde does for Tenuo's structs. */
function struct(v: CborValue | undefined): ReadonlyMap<CborValue, CborValue> {
  if (!(v instanceof Map)) bad('expected a map');
  return v;
}

function field(m: ReadonlyMap<CborValue, CborValue>, name: string): CborValue {
  const v = m.get(name);
  if (v === undefined) bad(`missing field ${name}`);
  return v;
}

function list(v: CborValue): readonly CborValue[] {
  if (!Array.isArray(v)) bad('expected an array');
  return v;
}

function text(v: CborValue | undefined): string {
  if (typeof v !== 'string') bad('expected text');
  return v;
}

function bool(v: CborValue | undefined, fallback?: boolean): boolean {
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'boolean') bad('expected a boolean');
  return v;
}

/** Range bounds must be CBOR floats (ciborium's `deserialize_f64` refuses integer heads); null is unbounded. */
function bound(v: CborValue | undefined): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (!(v instanceof CborFloat)) bad('range bounds must be floats');
  return v.value;
}

function textList(v: CborValue | undefined): string[] {
  return list(v ?? bad('expected an array')).map(text);
}

function optionalTextList(v: CborValue | undefined): string[] | undefined {
  return v === undefined || v === null ? undefined : textList(v);
}

/** Decodes `[type_id, value]`. */
export function decodeConstraint(c: CborValue, depth = 0): Constraint {
  if (depth > MAX_CONSTRAINT_NESTING) bad('nesting too deep');
  const arr = list(c);
  if (arr.length < 1 || arr.length > 2) bad('expected [type_id, value]');
  const id = arr[0];
  if (typeof id !== 'number' || id < 0 || id > 255) bad('type id must fit in a byte');
  const v = arr[1];
  try {
    return decodeBody(id, v, depth);
  } catch (err) {
    // Construction errors (an unparsable CIDR, say) are decode errors here: Tenuo fails the decode too.
    if (err instanceof WarrantError && !(err instanceof DecodeError)) bad('invalid value');
    throw err;
  }
}

function decodeBody(id: number, v: CborValue | undefined, depth: number): Constraint {
  const nested = (x: CborValue) => decodeConstraint(x, depth + 1);
  switch (id) {
    case 1:
      return new ExactConstraint(valueFromCbor(field(struct(v), 'value')));
    case 2:
      return new PatternConstraint(text(field(struct(v), 'pattern')), false);
    case 3: {
      const m = struct(v);
      return new RangeConstraint(
        {
          min: bound(m.get('min')),
          max: bound(m.get('max')),
          minInclusive: bool(m.get('min_inclusive')),
          maxInclusive: bool(m.get('max_inclusive')),
        },
        false,
      );
    }
    case 4:
      return new OneOfConstraint(list(field(struct(v), 'values')).map(valueFromCbor));
    case 5:
      return new RegexConstraint(text(field(struct(v), 'pattern')), false);
    case 7:
      return new NotOneOfConstraint(list(field(struct(v), 'excluded')).map(valueFromCbor));
    case 8:
      return new CidrConstraint(text(v));
    case 9:
      return new UrlPatternConstraint(text(v));
    case 10:
      return new ContainsConstraint(list(field(struct(v), 'required')).map(valueFromCbor));
    case 11:
      return new SubsetConstraint(list(field(struct(v), 'allowed')).map(valueFromCbor));
    case 12:
      return new AllConstraint(list(field(struct(v), 'constraints')).map(nested));
    case 13:
      return new AnyConstraint(list(field(struct(v), 'constraints')).map(nested));
    case 14:
      return new NotConstraint(nested(field(struct(v), 'constraint')));
    case 15: {
      const m = struct(v);
      const parent = m.get('parent_expression');
      return new CelConstraint(
        text(field(m, 'expression')),
        parent === undefined || parent === null ? undefined : text(parent),
      );
    }
    case 16:
      if (v !== null && v !== undefined) bad('Wildcard takes no value');
      return new WildcardConstraint();
    case 17: {
      const m = struct(v);
      return new SubpathConstraint(
        text(field(m, 'root')),
        { caseSensitive: bool(m.get('case_sensitive'), true), allowEqual: bool(m.get('allow_equal'), true) },
        false,
      );
    }
    case 18: {
      const m = struct(v);
      const ports = m.get('allow_ports');
      return new UrlSafeConstraint({
        schemes: m.has('schemes') ? textList(m.get('schemes')) : ['http', 'https'],
        allowDomains: optionalTextList(m.get('allow_domains')),
        denyDomains: optionalTextList(m.get('deny_domains')),
        allowPorts:
          ports === undefined || ports === null
            ? undefined
            : list(ports).map((p) =>
                typeof p === 'number' && p >= 0 && p <= 65535 ? p : bad('port out of range'),
              ),
        blockPrivate: bool(m.get('block_private'), true),
        blockLoopback: bool(m.get('block_loopback'), true),
        blockMetadata: bool(m.get('block_metadata'), true),
        blockReserved: bool(m.get('block_reserved'), true),
        blockInternalTlds: bool(m.get('block_internal_tlds'), false),
      });
    }
    case 128:
      return new ShlexConstraint(textList(field(struct(v), 'allow')));
    default: {
      // Tenuo decodes an unknown id only when its value is a byte string or an array of small integers.
      const opaque =
        v === undefined ||
        v instanceof Uint8Array ||
        (Array.isArray(v) && v.every((b) => typeof b === 'number' && b >= 0 && b <= 255));
      if (!opaque) bad('unknown constraint type with a structured value');
      return new UnknownConstraint(id, v ?? null);
    }
  }
}

/** Decodes a ConstraintSet map: `constraints` is required, `allow_unknown` defaults to false. */
export function decodeConstraintSet(c: CborValue): ConstraintSet {
  const m = struct(c);
  const inner = field(m, 'constraints');
  if (!(inner instanceof Map)) bad('constraints must be a map');
  if (inner.size > MAX_CONSTRAINTS_PER_TOOL) {
    throw new DecodeError('too_many_constraints', 'too many constraints for one tool');
  }
  const out = new Map<string, Constraint>();
  for (const [k, v] of inner) out.set(text(k), decodeConstraint(v));
  return new ConstraintSet(out, bool(m.get('allow_unknown'), false));
}
