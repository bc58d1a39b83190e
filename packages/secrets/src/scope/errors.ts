import { SecretsError } from '../resolve/errors.js';

/**
 * A manifest was refused: not YAML, too large, hostile (aliases, several
 * documents), or not the expected shape. The message names the key or the
 * line and column, and never quotes the text (a literal secret may be in it).
 */
export class ManifestError extends SecretsError {
  declare readonly code: 'invalid_manifest';

  constructor(message: string) {
    super('invalid_manifest', `invalid secret manifest: ${message}`);
  }
}

/** A secret of a scope that could not be resolved, by scope name and ref (never a value). */
export interface UnresolvedSecret {
  /** The scope's name for it. */
  readonly name: string;
  /** Its reference: `${VAR}` or `vault:KEY`. */
  readonly ref: string;
  /** `missing`, or the code of the error that stopped it (e.g. `network_error`). */
  readonly reason: string;
}

/**
 * `SecretScope.start` failed. `scope_secrets_missing`: some refs have no
 * value (all listed, in one error); `scope_start_failed`: a backend failed
 * otherwise (`cause` holds its errors). Nothing resolved is kept.
 */
export class ScopeStartError extends SecretsError {
  declare readonly code: 'scope_secrets_missing' | 'scope_start_failed';
  /** Every secret that could not be resolved. */
  readonly unresolved: readonly UnresolvedSecret[];

  constructor(unresolved: readonly UnresolvedSecret[], cause?: unknown) {
    const missingOnly = unresolved.every((u) => u.reason === 'missing');
    const list = unresolved
      .map((u) => (u.reason === 'missing' ? `${u.name} (${u.ref})` : `${u.name} (${u.ref}: ${u.reason})`))
      .join(', ');
    super(
      missingOnly ? 'scope_secrets_missing' : 'scope_start_failed',
      missingOnly
        ? `secret scope cannot start: ${unresolved.length} secret(s) missing: ${list}`
        : `secret scope cannot start: ${unresolved.length} secret(s) unresolved: ${list}`,
      { status: 500, cause },
    );
    this.unresolved = Object.freeze(unresolved.map((u) => Object.freeze({ ...u })));
  }

  /** The refs (`${VAR}`, `vault:KEY`) that could not be resolved. */
  get missing(): readonly string[] {
    return this.unresolved.map((u) => u.ref);
  }
}

/** A scope method was called in a state that does not allow it (`start` twice, `rotate` after `stop`). */
export class ScopeStateError extends SecretsError {
  declare readonly code: 'invalid_scope_state';

  constructor(message: string) {
    super('invalid_scope_state', message, { status: 409 });
  }
}
