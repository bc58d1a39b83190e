import type { CborValue } from '../cbor/value.js';
import { ConstraintError } from '../errors.js';
import { Constraint } from './constraint.js';
import { compileGlob, type Glob } from './glob.js';
import { compileRustRegex } from './rust-regex/index.js';
import { shlexMatches } from './shlex.js';
import { normalizeSubpathRoot, subpathContains } from './subpath.js';
import type { ConstraintValue } from './value.js';

/**
 * A text argument matching a glob (Rust `glob` 0.3 semantics: `*` crosses
 * `/`, `?`, `[a-z]`, `[!x]`, anchored to the whole string).
 */
export class PatternConstraint extends Constraint {
  readonly type = 'Pattern';
  readonly typeId = 2;
  readonly pattern: string;
  #glob: Glob | undefined;

  /** `checked` compiles now (an invalid glob throws); decoded patterns compile lazily, as in Tenuo. */
  constructor(pattern: string, checked = true) {
    super();
    if (typeof pattern !== 'string') throw new TypeError('Pattern takes a string');
    this.pattern = pattern;
    if (checked) this.#glob = compileGlob(pattern);
  }

  /** The compiled glob; throws `invalid_constraint` for a malformed pattern (Tenuo compiles lazily too). */
  get glob(): Glob {
    this.#glob ??= compileGlob(this.pattern);
    return this.#glob;
  }

  matches(value: ConstraintValue): boolean {
    const glob = this.glob;
    return typeof value === 'string' && glob.matches(value);
  }

  protected body(): CborValue {
    return new Map([['pattern', this.pattern]]);
  }

  describe(): string {
    return `Pattern(${JSON.stringify(this.pattern)})`;
  }
}

/** A text argument in which the regular expression (Rust `regex` syntax, unanchored) finds a match. */
export class RegexConstraint extends Constraint {
  readonly type = 'Regex';
  readonly typeId = 5;
  readonly pattern: string;
  #compiled: { test(text: string): boolean } | undefined;

  /** `checked` compiles now (an invalid regex throws); decoded regexes compile lazily, as in Tenuo. */
  constructor(pattern: string, checked = true) {
    super();
    if (typeof pattern !== 'string') throw new TypeError('Regex takes a string');
    this.pattern = pattern;
    if (checked) this.#compiled = compileRustRegex(pattern);
  }

  matches(value: ConstraintValue): boolean {
    const compiled = this.#compiled ?? compileRustRegex(this.pattern);
    this.#compiled = compiled;
    return typeof value === 'string' && compiled.test(value);
  }

  protected body(): CborValue {
    return new Map([['pattern', this.pattern]]);
  }

  describe(): string {
    return `Regex(${JSON.stringify(this.pattern)})`;
  }
}

/** Options of a Subpath. */
export interface SubpathOptions {
  /** Compare case-insensitively when false (default true). */
  caseSensitive?: boolean;
  /** Whether the root itself is allowed (default true). */
  allowEqual?: boolean;
}

/** A filesystem path that, after lexical normalization, lies under `root` (no symlinks are consulted). */
export class SubpathConstraint extends Constraint {
  readonly type = 'Subpath';
  readonly typeId = 17;
  readonly root: string;
  readonly caseSensitive: boolean;
  readonly allowEqual: boolean;

  /** `checked` false keeps a decoded root exactly as received, as Tenuo's decoder does. */
  constructor(root: string, options: SubpathOptions = {}, checked = true) {
    super();
    if (typeof root !== 'string') throw new TypeError('Subpath takes a root path string');
    this.caseSensitive = options.caseSensitive ?? true;
    this.allowEqual = options.allowEqual ?? true;
    this.root = checked ? normalizeSubpathRoot(root, this.caseSensitive) : root;
  }

  matches(value: ConstraintValue): boolean {
    return typeof value === 'string' && subpathContains(this, value);
  }

  protected body(): CborValue {
    return new Map<CborValue, CborValue>([
      ['root', this.root],
      ['case_sensitive', this.caseSensitive],
      ['allow_equal', this.allowEqual],
    ]);
  }

  describe(): string {
    return `Subpath(${JSON.stringify(this.root)})`;
  }
}

/** A shell command line with no shell metacharacters whose program is in `allow`. */
export class ShlexConstraint extends Constraint {
  readonly type = 'Shlex';
  readonly typeId = 128;
  readonly allow: readonly string[];

  constructor(allow: readonly string[]) {
    super();
    if (!Array.isArray(allow) || !allow.every((a) => typeof a === 'string')) {
      throw new TypeError('Shlex takes an array of program names');
    }
    if (allow.length === 0)
      throw new ConstraintError('invalid_constraint', 'Shlex needs at least one program');
    this.allow = [...allow];
  }

  matches(value: ConstraintValue): boolean {
    return typeof value === 'string' && shlexMatches(this.allow, value);
  }

  protected body(): CborValue {
    return new Map([['allow', [...this.allow]]]);
  }

  describe(): string {
    return `Shlex(${JSON.stringify(this.allow)})`;
  }
}
