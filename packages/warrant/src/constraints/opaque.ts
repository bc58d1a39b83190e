import type { CborValue } from '../cbor/value.js';
import { ConstraintError } from '../errors.js';
import { Constraint } from './constraint.js';
import type { ConstraintValue } from './value.js';

/**
 * A CEL expression. Warden decodes and re-encodes CEL constraints byte for
 * byte but does not evaluate CEL: every evaluation is denied with
 * `unsupported_constraint`, and narrowing accepts only an expression that is
 * identical after whitespace removal (what Tenuo does without its `cel` feature).
 */
export class CelConstraint extends Constraint {
  readonly type = 'Cel';
  readonly typeId = 15;
  readonly expression: string;
  readonly parentExpression: string | undefined;

  constructor(expression: string, parentExpression?: string) {
    super();
    if (typeof expression !== 'string') throw new TypeError('Cel takes an expression string');
    this.expression = expression;
    this.parentExpression = parentExpression;
  }

  matches(_value: ConstraintValue): boolean {
    throw new ConstraintError(
      'unsupported_constraint',
      'CEL constraints are not supported by Warden; denied',
    );
  }

  protected body(): CborValue {
    const body = new Map<CborValue, CborValue>([['expression', this.expression]]);
    if (this.parentExpression !== undefined) body.set('parent_expression', this.parentExpression);
    return body;
  }

  describe(): string {
    return `Cel(${JSON.stringify(this.expression)})`;
  }
}

/** A constraint of a type id Warden does not know. Kept byte for byte; never matches. */
export class UnknownConstraint extends Constraint {
  readonly type = 'Unknown';
  readonly typeId: number;
  /** The raw CBOR value as received (a byte string or an array of small integers, or absent). */
  readonly payload: CborValue;

  constructor(typeId: number, payload: CborValue) {
    super();
    this.typeId = typeId;
    this.payload = payload;
  }

  matches(_value: ConstraintValue): boolean {
    throw new ConstraintError('unknown_constraint_type', 'unknown constraint type; denied');
  }

  protected body(): CborValue {
    return this.payload;
  }

  describe(): string {
    return `Unknown(${this.typeId})`;
  }
}
