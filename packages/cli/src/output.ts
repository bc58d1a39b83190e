import { type Failure, toFailure } from './errors.js';
import type { CliIo } from './io.js';

/** Output flags every command accepts. */
export interface OutputOptions {
  json?: boolean;
  quiet?: boolean;
}

/**
 * Where a command's results go. stdout carries only the result (a warrant,
 * a key's hex, a JSON document) so it can be piped; notes, warnings and
 * errors go to stderr. With `--json`, stdout is exactly one JSON document.
 */
export class Output {
  constructor(
    readonly io: CliIo,
    readonly options: OutputOptions,
  ) {}

  get json(): boolean {
    return this.options.json === true;
  }

  /** The command's result: `human` lines, or `data` as `{ ok: true, ...data }` with `--json`. */
  result(data: Record<string, unknown>, human: string | undefined): void {
    if (this.json) this.io.stdout(`${JSON.stringify({ ok: true, ...data }, null, 2)}\n`);
    else if (human !== undefined && human !== '') this.io.stdout(human.endsWith('\n') ? human : `${human}\n`);
  }

  /** A note for people (stderr), silenced by `--quiet` and `--json`. */
  note(text: string): void {
    if (!this.options.quiet && !this.json) this.io.stderr(`${text}\n`);
  }

  /** A warning (stderr), silenced only by `--quiet`. */
  warn(text: string): void {
    if (!this.options.quiet) this.io.stderr(`warden: warning: ${text}\n`);
  }

  /** Reports a failure and returns its exit code. */
  fail(err: unknown): number {
    const f = toFailure(err);
    reportFailure(this.io, f, this.json);
    if (f.code === 'internal_error' && process.env.WARDEN_DEBUG)
      this.io.stderr(`${String((err as Error)?.stack ?? err)}\n`);
    return f.exitCode;
  }
}

/** Writes a failure: one line on stderr, and with `--json` a `{ ok: false, code, error }` document on stdout. */
export function reportFailure(io: CliIo, f: Failure, json: boolean): void {
  io.stderr(`warden: error [${f.code}]: ${f.error}\n`);
  if (json) {
    const { exitCode, ...rest } = f;
    io.stdout(`${JSON.stringify({ ok: false, ...rest, exitCode }, null, 2)}\n`);
  }
}
