/**
 * The three forms of a scope secret's reference, and the checks on names and
 * TTLs that the constructor and the manifest share. Each check reports
 * through `fail`, so the constructor throws `TypeError`/`RangeError` for a
 * programming mistake and the manifest a `ManifestError` for bad input.
 */

/** A parsed reference. */
export type SecretRef =
  | { kind: 'literal'; value: string }
  | { kind: 'env'; name: string; ref: string }
  | { kind: 'vault'; key: string; ref: string };

const ENV_REF = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const VAULT_PREFIX = 'vault:';
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;

/** The longest TTL, 10 years (the vault's bound too). */
export const MAX_SCOPE_TTL = 315_360_000;

/**
 * `${VAR}` (the whole string) is an environment variable, `vault:KEY` a key
 * of the backend; anything else is a literal value. `${...}` inside a longer
 * string is not interpolated: it is part of a literal.
 */
export function parseRef(ref: string): SecretRef {
  const env = ENV_REF.exec(ref);
  if (env?.[1] !== undefined) return { kind: 'env', name: env[1], ref };
  if (ref.startsWith(VAULT_PREFIX)) return { kind: 'vault', key: ref.slice(VAULT_PREFIX.length), ref };
  return { kind: 'literal', value: ref };
}

export type Fail = (message: string, kind?: 'type' | 'range') => never;

/** A secret name: a letter or `_`, then letters, digits, `_`, `.`, `-`; at most 128 characters. */
export function isSecretName(name: unknown): name is string {
  return typeof name === 'string' && NAME.test(name);
}

export function checkName(name: unknown, where: string, fail: Fail): asserts name is string {
  if (!isSecretName(name))
    fail(`${where}: a secret name must match ${NAME.source} (letters, digits, _ . -)`, 'type');
}

/** A reference: a non-empty string; `vault:` needs a key and `${` must be a well-formed variable. */
export function checkRef(ref: unknown, where: string, fail: Fail): asserts ref is string {
  if (typeof ref !== 'string' || ref === '') fail(`${where}: must be a non-empty string`, 'type');
  const parsed = parseRef(ref);
  if (parsed.kind === 'vault' && parsed.key.trim() === '') fail(`${where}: vault: needs a key`, 'type');
  // A literal that starts like a variable is almost certainly a typo ("${OPENAI_KEY" or "${1X}").
  if (parsed.kind === 'literal' && ref.startsWith('${'))
    fail(`${where}: malformed \${VAR} reference (want \${NAME} with A-Z, 0-9, _)`, 'type');
}

/** A TTL: whole seconds from 1 to 10 years. */
export function checkTtl(ttl: unknown, where: string, fail: Fail): asserts ttl is number {
  if (typeof ttl !== 'number' || !Number.isSafeInteger(ttl) || ttl < 1 || ttl > MAX_SCOPE_TTL)
    fail(`${where}: a TTL must be whole seconds from 1 to ${MAX_SCOPE_TTL}`, 'range');
}

/** Throws `TypeError` or `RangeError`: the constructor's `fail`. */
export const failMisuse: Fail = (message, kind) => {
  throw kind === 'range' ? new RangeError(message) : new TypeError(message);
};
