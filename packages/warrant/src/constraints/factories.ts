/**
 * Constraint constructors named and shaped as in Tenuo's Python SDK, callable
 * without `new`: `Pattern('staging-*')`, `Range.max(10000)`, `OneOf([...])`.
 */
import { AllConstraint, AnyConstraint, NotConstraint } from './composite.js';
import type { Constraint } from './constraint.js';
import { CidrConstraint, UrlPatternConstraint, UrlSafeConstraint } from './network.js';
import { CelConstraint } from './opaque.js';
import {
  ContainsConstraint,
  ExactConstraint,
  NotOneOfConstraint,
  OneOfConstraint,
  RangeConstraint,
  type RangeOptions,
  SubsetConstraint,
  WildcardConstraint,
} from './scalar.js';
import {
  PatternConstraint,
  RegexConstraint,
  ShlexConstraint,
  SubpathConstraint,
  type SubpathOptions,
} from './text.js';
import type { UrlSafeOptions } from './url-safe.js';

/** Exactly this value. @example Exact('staging-web') */
export const Exact = (value: unknown): ExactConstraint => new ExactConstraint(value);
/** A glob: `*`, `?`, `[a-z]`. @example Pattern('staging-*') */
export const Pattern = (pattern: string): PatternConstraint => new PatternConstraint(pattern);
/** A Rust-syntax regular expression (unanchored). @example Regex('^prod-[a-z]+$') */
export const Regex = (pattern: string): RegexConstraint => new RegexConstraint(pattern);
/** One of these values. @example OneOf(['staging', 'production']) */
export const OneOf = (values: readonly unknown[]): OneOfConstraint => new OneOfConstraint(values);
/** None of these values. @example NotOneOf(['prod']) */
export const NotOneOf = (excluded: readonly unknown[]): NotOneOfConstraint =>
  new NotOneOfConstraint(excluded);
/** A list containing all of these. @example Contains(['approved']) */
export const Contains = (required: readonly unknown[]): ContainsConstraint =>
  new ContainsConstraint(required);
/** A list drawn only from these. @example Subset(['read', 'write']) */
export const Subset = (allowed: readonly unknown[]): SubsetConstraint => new SubsetConstraint(allowed);
/** An IP inside this network. @example Cidr('10.0.0.0/8') */
export const Cidr = (cidr: string): CidrConstraint => new CidrConstraint(cidr);
/** A URL matching the pattern. @example UrlPattern('https://*.example.com/api/*') */
export const UrlPattern = (pattern: string): UrlPatternConstraint => new UrlPatternConstraint(pattern);
/** An SSRF-safe URL. @example UrlSafe({ allowDomains: ['api.example.com'] }) */
export const UrlSafe = (options?: Partial<UrlSafeOptions>): UrlSafeConstraint =>
  new UrlSafeConstraint(options);
/** A path under `root` after normalization. @example Subpath('/home/agent/workspace') */
export const Subpath = (root: string, options?: SubpathOptions): SubpathConstraint =>
  new SubpathConstraint(root, options);
/** A metacharacter-free command whose program is allowed. @example Shlex(['ls', 'cat']) */
export const Shlex = (allow: readonly string[]): ShlexConstraint => new ShlexConstraint(allow);
/** Any value; the argument must be present. @example Wildcard() */
export const Wildcard = (): WildcardConstraint => new WildcardConstraint();
/** All of these. @example All([Range.min(0), Range.max(100)]) */
export const All = (constraints: readonly Constraint[]): AllConstraint => new AllConstraint(constraints);
/** Any of these. @example Any([Pattern('/public/*'), Pattern('/shared/*')]) */
export const Any = (constraints: readonly Constraint[]): AnyConstraint => new AnyConstraint(constraints);
/** Not this. @example Not(Pattern('/secret/*')) */
export const Not = (constraint: Constraint): NotConstraint => new NotConstraint(constraint);
/** A CEL expression: encoded for interoperability, but always denied (Warden has no CEL engine). */
export const Cel = (expression: string): CelConstraint => new CelConstraint(expression);

/** A numeric range. @example Range.max(10000), Range.between(0, 100), Range({ min: 0, maxInclusive: false, max: 1 }) */
export const Range = Object.assign((options: RangeOptions): RangeConstraint => new RangeConstraint(options), {
  /** At most `max` (inclusive unless `inclusive` is false). */
  max: (max: number, inclusive = true) => new RangeConstraint({ max, maxInclusive: inclusive }),
  /** At least `min` (inclusive unless `inclusive` is false). */
  min: (min: number, inclusive = true) => new RangeConstraint({ min, minInclusive: inclusive }),
  /** Between `min` and `max`, both inclusive. */
  between: (min: number, max: number) => new RangeConstraint({ min, max }),
});
