import { type CborValue, sortedTextMap } from '../cbor/value.js';
import { AuthorizationError, ConstraintError, WarrantError } from '../errors.js';
import { Constraint } from './constraint.js';
import type { ConstraintValue } from './value.js';

/** Most constraints one tool may carry (Tenuo's decode limit). */
export const MAX_CONSTRAINTS_PER_TOOL = 64;

/**
 * The constraints of one tool: argument name -> constraint. Closed-world: when
 * at least one constraint is set, an argument without a constraint is denied
 * unless `allowUnknown`. Every constrained argument must be present.
 */
export class ConstraintSet {
  readonly constraints: ReadonlyMap<string, Constraint>;
  readonly allowUnknown: boolean;

  constructor(
    constraints: Record<string, Constraint> | ReadonlyMap<string, Constraint> = {},
    allowUnknown = false,
  ) {
    const entries = constraints instanceof Map ? [...constraints] : Object.entries(constraints);
    if (entries.length > MAX_CONSTRAINTS_PER_TOOL) {
      throw new ConstraintError('too_many_constraints', 'too many constraints for one tool');
    }
    for (const [name, c] of entries) {
      if (typeof name !== 'string' || !(c instanceof Constraint)) {
        throw new TypeError('constraints must map argument names to Constraint objects');
      }
    }
    this.constraints = new Map(entries);
    this.allowUnknown = allowUnknown;
  }

  /** An empty set: any arguments. */
  static readonly EMPTY = new ConstraintSet();

  get size(): number {
    return this.constraints.size;
  }

  /**
   * Throws `AuthorizationError('constraint_violation')` naming the first
   * argument that is missing, unexpected or out of bounds (never its value).
   */
  check(args: ReadonlyMap<string, ConstraintValue>): void {
    if (this.constraints.size > 0 && !this.allowUnknown) {
      for (const name of args.keys()) {
        if (!this.constraints.has(name)) {
          throw new AuthorizationError('constraint_violation', `argument '${safeName(name)}' is not allowed`);
        }
      }
    }
    for (const [name, constraint] of this.constraints) {
      const value = args.get(name);
      if (value === undefined) {
        throw new AuthorizationError('constraint_violation', `argument '${safeName(name)}' is required`);
      }
      let ok: boolean;
      try {
        ok = constraint.matches(value);
      } catch (err) {
        if (err instanceof WarrantError) {
          throw new AuthorizationError(
            err.code === 'unsupported_constraint' || err.code === 'unknown_constraint_type'
              ? err.code
              : 'constraint_violation',
            `argument '${safeName(name)}' could not be evaluated: ${err.message}`,
            { cause: err },
          );
        }
        throw err;
      }
      if (!ok)
        throw new AuthorizationError(
          'constraint_violation',
          `argument '${safeName(name)}' violates its constraint`,
        );
    }
  }

  /** Boolean form of {@link check}. */
  matches(args: ReadonlyMap<string, ConstraintValue>): boolean {
    try {
      this.check(args);
      return true;
    } catch (err) {
      if (err instanceof WarrantError) return false;
      throw err;
    }
  }

  toCbor(): CborValue {
    const map = new Map<CborValue, CborValue>([
      ['constraints', sortedTextMap([...this.constraints].map(([k, c]) => [k, c.toCbor()] as const))],
    ]);
    if (this.allowUnknown) map.set('allow_unknown', true);
    return map;
  }

  toJSON(): { constraints: Record<string, unknown>; allowUnknown: boolean } {
    return {
      constraints: Object.fromEntries([...this.constraints].map(([k, c]) => [k, c.toJSON()])),
      allowUnknown: this.allowUnknown,
    };
  }
}

/** Argument names are policy, not values; still, cap and sanitize them before they reach a message. */
function safeName(name: string): string {
  const clean = name.replace(/[^\w.-]/g, '?');
  return clean.length > 64 ? `${clean.slice(0, 64)}...` : clean;
}
