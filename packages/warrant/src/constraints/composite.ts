import type { CborValue } from '../cbor/value.js';
import { Constraint } from './constraint.js';
import type { ConstraintValue } from './value.js';

function assertConstraints(list: readonly unknown[], what: string): readonly Constraint[] {
  if (!Array.isArray(list) || !list.every((c) => c instanceof Constraint)) {
    throw new TypeError(`${what} takes an array of constraints`);
  }
  return [...list];
}

/** Every nested constraint must match (the empty All matches everything). */
export class AllConstraint extends Constraint {
  readonly type = 'All';
  readonly typeId = 12;
  readonly constraints: readonly Constraint[];

  constructor(constraints: readonly Constraint[]) {
    super();
    this.constraints = assertConstraints(constraints, 'All');
  }

  matches(value: ConstraintValue): boolean {
    // An evaluation error in any clause propagates (a denial), as in Tenuo.
    for (const c of this.constraints) if (!c.matches(value)) return false;
    return true;
  }

  protected body(): CborValue {
    return new Map([['constraints', this.constraints.map((c) => c.toCbor())]]);
  }

  describe(): string {
    return `All(${this.constraints.map((c) => c.describe()).join(', ')})`;
  }
}

/** At least one nested constraint must match (the empty Any matches nothing). */
export class AnyConstraint extends Constraint {
  readonly type = 'Any';
  readonly typeId = 13;
  readonly constraints: readonly Constraint[];

  constructor(constraints: readonly Constraint[]) {
    super();
    this.constraints = assertConstraints(constraints, 'Any');
  }

  matches(value: ConstraintValue): boolean {
    for (const c of this.constraints) if (c.matches(value)) return true;
    return false;
  }

  protected body(): CborValue {
    return new Map([['constraints', this.constraints.map((c) => c.toCbor())]]);
  }

  describe(): string {
    return `Any(${this.constraints.map((c) => c.describe()).join(', ')})`;
  }
}

/** The nested constraint must not match. */
export class NotConstraint extends Constraint {
  readonly type = 'Not';
  readonly typeId = 14;
  readonly constraint: Constraint;

  constructor(constraint: Constraint) {
    super();
    if (!(constraint instanceof Constraint)) throw new TypeError('Not takes a constraint');
    this.constraint = constraint;
  }

  matches(value: ConstraintValue): boolean {
    return !this.constraint.matches(value);
  }

  protected body(): CborValue {
    return new Map([['constraint', this.constraint.toCbor()]]);
  }

  describe(): string {
    return `Not(${this.constraint.describe()})`;
  }
}
