/** Boundary checks of the resolvers: misuse throws `TypeError` before any lookup. */

/** The longest ref a resolver accepts. */
export const MAX_REF_LENGTH = 1024;

/** A ref: a non-empty string of at most 1024 characters. */
export function assertRef(ref: unknown): asserts ref is string {
  if (typeof ref !== 'string' || ref === '' || ref.length > MAX_REF_LENGTH)
    throw new TypeError(`ref must be a non-empty string of at most ${MAX_REF_LENGTH} characters`);
}

/** A value to store: a non-empty string (an empty secret is never a credential). */
export function assertValue(value: unknown): asserts value is string {
  if (typeof value !== 'string' || value === '') throw new TypeError('value must be a non-empty string');
}

/** Text to redact. */
export function assertText(text: unknown): asserts text is string {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
}
