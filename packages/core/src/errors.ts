/**
 * The one error base of Warden. Every failure that crosses a package boundary
 * is a `WardenError` with a stable string `code`; callers switch on the code,
 * never on the message. Messages are fixed strings chosen by the thrower and
 * must never contain a secret value, a token or a warrant's bytes.
 */
export class WardenError extends Error {
  /** Stable, machine-readable error code (snake_case). */
  readonly code: string;
  /** HTTP status to use when the error crosses the wire. */
  readonly status: number;

  constructor(code: string, message: string, options?: { status?: number; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options?.status ?? 400;
  }

  /** A JSON form safe to return to a client or write to a log. */
  toJSON(): { error: string; code: string } {
    return { error: this.message, code: this.code };
  }
}

/** Type guard that also narrows on a specific code. */
export function isWardenError(value: unknown, code?: string): value is WardenError {
  return value instanceof WardenError && (code === undefined || value.code === code);
}
