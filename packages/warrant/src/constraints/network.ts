import type { CborValue } from '../cbor/value.js';
import { type Cidr, cidrContainsIp, cidrNarrows, parseCidr } from './cidr.js';
import { Constraint } from './constraint.js';
import { parseUrlPattern, type UrlPattern, urlPatternMatches, urlPatternNarrows } from './url-pattern.js';
import { isUrlSafe, URL_SAFE_DEFAULTS, type UrlSafeOptions, urlSafeNarrows } from './url-safe.js';
import type { ConstraintValue } from './value.js';

/** A text IP address inside a network (`10.0.0.0/8`, `2001:db8::/32`). An unparsable IP is an error (a denial). */
export class CidrConstraint extends Constraint {
  readonly type = 'Cidr';
  readonly typeId = 8;
  /** The CIDR text as written (it travels as a bare string). */
  readonly cidr: string;
  readonly #parsed: Cidr;

  constructor(cidr: string) {
    super();
    if (typeof cidr !== 'string') throw new TypeError('Cidr takes a string');
    this.#parsed = parseCidr(cidr);
    this.cidr = cidr;
  }

  matches(value: ConstraintValue): boolean {
    return typeof value === 'string' && cidrContainsIp(this.#parsed, value);
  }

  /** Whether `child`'s whole network lies in this one. */
  narrowsTo(child: CidrConstraint): boolean {
    return cidrNarrows(this.#parsed, child.#parsed);
  }

  protected body(): CborValue {
    return this.cidr;
  }

  describe(): string {
    return `Cidr(${JSON.stringify(this.cidr)})`;
  }
}

/** A URL matching `scheme://host[:port]/path` with `*` wildcards for scheme, subdomains and path. */
export class UrlPatternConstraint extends Constraint {
  readonly type = 'UrlPattern';
  readonly typeId = 9;
  readonly pattern: string;
  readonly #parsed: UrlPattern;

  constructor(pattern: string) {
    super();
    if (typeof pattern !== 'string') throw new TypeError('UrlPattern takes a string');
    this.#parsed = parseUrlPattern(pattern);
    this.pattern = pattern;
  }

  matches(value: ConstraintValue): boolean {
    return typeof value === 'string' && urlPatternMatches(this.#parsed, value);
  }

  narrowsTo(child: UrlPatternConstraint): boolean {
    return urlPatternNarrows(this.#parsed, child.#parsed);
  }

  protected body(): CborValue {
    return this.pattern;
  }

  describe(): string {
    return `UrlPattern(${JSON.stringify(this.pattern)})`;
  }
}

/** A URL that is safe to fetch: no private, loopback, metadata or reserved targets (SSRF protection). */
export class UrlSafeConstraint extends Constraint {
  readonly type = 'UrlSafe';
  readonly typeId = 18;
  readonly options: UrlSafeOptions;

  constructor(options: Partial<UrlSafeOptions> = {}) {
    super();
    this.options = Object.freeze({ ...URL_SAFE_DEFAULTS, ...options });
  }

  matches(value: ConstraintValue): boolean {
    return typeof value === 'string' && isUrlSafe(this.options, value);
  }

  narrowsTo(child: UrlSafeConstraint): boolean {
    return urlSafeNarrows(this.options, child.options);
  }

  protected body(): CborValue {
    const o = this.options;
    const opt = (v: readonly (string | number)[] | undefined) => (v === undefined ? null : [...v]);
    return new Map<CborValue, CborValue>([
      ['schemes', [...o.schemes]],
      ['allow_domains', opt(o.allowDomains)],
      ['deny_domains', opt(o.denyDomains)],
      ['allow_ports', opt(o.allowPorts)],
      ['block_private', o.blockPrivate],
      ['block_loopback', o.blockLoopback],
      ['block_metadata', o.blockMetadata],
      ['block_reserved', o.blockReserved],
      ['block_internal_tlds', o.blockInternalTlds],
    ]);
  }

  describe(): string {
    return 'UrlSafe()';
  }
}
