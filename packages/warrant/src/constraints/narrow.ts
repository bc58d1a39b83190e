import { AttenuationError, WarrantError } from '../errors.js';
import { AllConstraint, AnyConstraint, NotConstraint } from './composite.js';
import type { Constraint } from './constraint.js';
import type { ConstraintSet } from './constraint-set.js';
import { patternNarrows } from './glob.js';
import { CidrConstraint, UrlPatternConstraint, UrlSafeConstraint } from './network.js';
import { CelConstraint } from './opaque.js';
import {
  ContainsConstraint,
  ExactConstraint,
  NotOneOfConstraint,
  OneOfConstraint,
  RangeConstraint,
  SubsetConstraint,
} from './scalar.js';
import { shlexNarrows } from './shlex.js';
import { subpathNarrows } from './subpath.js';
import { PatternConstraint, RegexConstraint, ShlexConstraint, SubpathConstraint } from './text.js';
import { asNumber, type ConstraintValue, valueIn } from './value.js';

/**
 * Whether `child` allows nothing that `parent` forbids: Tenuo's
 * `validate_attenuation` table (fact sheet §5.3), with Warden's stricter
 * pattern rule (the child's parsed glob must be a sub-language of the
 * parent's, not only textually similar). Pairs not listed are rejected.
 */
export function constraintNarrows(parent: Constraint, child: Constraint): boolean {
  try {
    return narrows(parent, child);
  } catch (err) {
    // An evaluation error while comparing (an unparsable IP, say) is a rejection.
    if (err instanceof WarrantError) return false;
    throw err;
  }
}

function exactValue(child: Constraint): ConstraintValue | undefined {
  return child instanceof ExactConstraint ? child.value : undefined;
}

function narrows(parent: Constraint, child: Constraint): boolean {
  if (parent.type === 'Wildcard') return true;
  if (child.type === 'Wildcard') return false;
  const exact = exactValue(child);
  const hasExact = child instanceof ExactConstraint;

  if (parent instanceof ExactConstraint) return hasExact && parent.matches(exact as ConstraintValue);
  if (parent instanceof PatternConstraint) {
    if (child instanceof PatternConstraint) return patternNarrows(parent.pattern, child.pattern);
    return hasExact && typeof exact === 'string' && parent.matches(exact);
  }
  if (parent instanceof RegexConstraint) {
    if (child instanceof RegexConstraint) return child.pattern === parent.pattern;
    return hasExact && typeof exact === 'string' && parent.matches(exact);
  }
  if (parent instanceof OneOfConstraint) {
    if (child instanceof OneOfConstraint) return child.values.every((v) => valueIn(v, parent.values));
    return hasExact && valueIn(exact as ConstraintValue, parent.values);
  }
  if (parent instanceof NotOneOfConstraint) {
    return child instanceof NotOneOfConstraint && parent.excluded.every((v) => valueIn(v, child.excluded));
  }
  if (parent instanceof RangeConstraint) {
    if (child instanceof RangeConstraint) return rangeNarrows(parent, child);
    if (!hasExact) return false;
    const n = asNumber(exact as ConstraintValue);
    return n !== undefined && parent.containsNumber(n);
  }
  if (parent instanceof CidrConstraint) {
    if (child instanceof CidrConstraint) return parent.narrowsTo(child);
    return hasExact && typeof exact === 'string' && parent.matches(exact);
  }
  if (parent instanceof UrlPatternConstraint) {
    if (child instanceof UrlPatternConstraint) return parent.narrowsTo(child);
    return hasExact && typeof exact === 'string' && parent.matches(exact);
  }
  if (parent instanceof UrlSafeConstraint) {
    if (child instanceof UrlSafeConstraint) return parent.narrowsTo(child);
    return hasExact && typeof exact === 'string' && parent.matches(exact);
  }
  if (parent instanceof SubpathConstraint) {
    if (child instanceof SubpathConstraint) return subpathNarrows(parent, child);
    return hasExact && typeof exact === 'string' && parent.matches(exact);
  }
  if (parent instanceof ShlexConstraint) {
    if (child instanceof ShlexConstraint) return shlexNarrows(parent.allow, child.allow);
    return hasExact && typeof exact === 'string' && parent.matches(exact);
  }
  if (parent instanceof ContainsConstraint) {
    return child instanceof ContainsConstraint && parent.required.every((v) => valueIn(v, child.required));
  }
  if (parent instanceof SubsetConstraint) {
    return child instanceof SubsetConstraint && child.allowed.every((v) => valueIn(v, parent.allowed));
  }
  if (parent instanceof AllConstraint) {
    return (
      child instanceof AllConstraint &&
      parent.constraints.every((p) => child.constraints.some((c) => narrows(p, c)))
    );
  }
  if (parent instanceof AnyConstraint) {
    return (
      child instanceof AnyConstraint &&
      child.constraints.every((c) => parent.constraints.some((p) => narrows(p, c)))
    );
  }
  if (parent instanceof NotConstraint) {
    // Not(P) -> Not(C) holds when C allows at least what P allows: the direction reverses.
    return child instanceof NotConstraint && narrows(child.constraint, parent.constraint);
  }
  if (parent instanceof CelConstraint) {
    // Without a CEL engine only an expression identical after whitespace removal narrows (Tenuo without `cel`).
    return (
      child instanceof CelConstraint &&
      stripWhitespace(child.expression) === stripWhitespace(parent.expression)
    );
  }
  return false;
}

function stripWhitespace(s: string): string {
  return s.replace(/\s+/gu, '');
}

function rangeNarrows(parent: RangeConstraint, child: RangeConstraint): boolean {
  if (Number.isNaN(child.min) || Number.isNaN(child.max)) return false; // Warden: NaN bounds never narrow
  if (parent.min !== undefined) {
    if (child.min === undefined || child.min < parent.min) return false;
    if (child.min === parent.min && !parent.minInclusive && child.minInclusive) return false;
  }
  if (parent.max !== undefined) {
    if (child.max === undefined || child.max > parent.max) return false;
    if (child.max === parent.max && !parent.maxInclusive && child.maxInclusive) return false;
  }
  return true;
}

/**
 * Tenuo's ConstraintSet narrowing: `allow_unknown` may not turn on; every
 * parent key must be in the child and narrowed; a non-empty parent admits no
 * new keys. Throws an `AttenuationError` naming the argument.
 */
export function checkConstraintSetNarrows(parent: ConstraintSet, child: ConstraintSet, where: string): void {
  if (child.allowUnknown && !parent.allowUnknown) {
    throw new AttenuationError('capability_expansion', `${where}: allow_unknown cannot be enabled`);
  }
  for (const [name, p] of parent.constraints) {
    const c = child.constraints.get(name);
    if (c === undefined)
      throw new AttenuationError('capability_expansion', `${where}: constraint on '${name}' dropped`);
    if (!constraintNarrows(p, c)) {
      throw new AttenuationError(
        'capability_expansion',
        `${where}: constraint on '${name}' is wider than its parent's`,
      );
    }
  }
  if (parent.constraints.size > 0) {
    for (const name of child.constraints.keys()) {
      if (!parent.constraints.has(name)) {
        throw new AttenuationError('capability_expansion', `${where}: constraint on '${name}' not in parent`);
      }
    }
  }
}
