import { WardenError } from '@warden/core';
import { WarrantError } from '@warden/warrant';

/** Process exit codes of `warden`; documented in `warden --help`. */
export const EXIT = {
  /** Success. */
  ok: 0,
  /** Bad flags, an unreadable file, a malformed `--constraint` or key: fix the invocation. */
  usage: 1,
  /** The warrant layer said no: decoding, signature, chain, attenuation or authorization failed. */
  failure: 2,
} as const;

/**
 * A failure caused by how the CLI was invoked. It carries a stable `code`
 * like every Warden error; its message names flags and paths, never a key,
 * a secret or a warrant's bytes.
 */
export class CliError extends WardenError {
  /** The process exit code this error maps to (1 unless stated). */
  readonly exitCode: number;

  constructor(code: string, message: string, options?: { exitCode?: number; cause?: unknown }) {
    super(code, message, { cause: options?.cause });
    this.exitCode = options?.exitCode ?? EXIT.usage;
  }
}

/** A usage error (exit 1) with a stable code. */
export function usage(code: string, message: string): CliError {
  return new CliError(code, message);
}

/** What the CLI reports for a thrown value: stable code, safe message, exit code. */
export interface Failure {
  code: string;
  error: string;
  exitCode: number;
  /** Tenuo's numeric wire code, for warrant errors that have one. */
  tenuoCode?: number;
}

/**
 * Classifies a thrown value. Warrant errors are verification failures (2);
 * the builders' TypeError/RangeError mean a flag value the library refused
 * (1). Anything else is reported without its message, which might quote input.
 */
export function toFailure(err: unknown): Failure {
  if (err instanceof CliError) return { code: err.code, error: err.message, exitCode: err.exitCode };
  if (err instanceof WarrantError) {
    return {
      code: err.code,
      error: err.message,
      exitCode: EXIT.failure,
      ...(err.tenuoCode !== 0 && { tenuoCode: err.tenuoCode }),
    };
  }
  if (err instanceof WardenError) return { code: err.code, error: err.message, exitCode: EXIT.failure };
  if (err instanceof TypeError || err instanceof RangeError) {
    return { code: 'invalid_argument', error: err.message, exitCode: EXIT.usage };
  }
  return {
    code: 'internal_error',
    error: 'unexpected internal error (set WARDEN_DEBUG=1 for details)',
    exitCode: EXIT.usage,
  };
}

/**
 * Runs `fn`, turning a warrant-layer error into a usage error: for parsing
 * flag values (keys, constraints) where a refusal means the flag is wrong.
 */
export function asUsage<T>(fn: () => T, code?: string): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof CliError) throw err;
    const f = toFailure(err);
    throw new CliError(code ?? f.code, f.error, { cause: err });
  }
}
