import type { Command } from 'commander';
import { type CliIo, InputReader } from './io.js';
import { Output, type OutputOptions } from './output.js';

/** State shared by the program and its actions for one invocation. */
export interface CliEnv {
  readonly io: CliIo;
  /** Set by the action that ran; read by `runCli`. */
  exitCode: number;
}

/** What an action gets: its parsed options (with globals), positionals, output and input. */
export interface CommandContext<O> {
  readonly opts: O & OutputOptions;
  /** Positional arguments as commander parsed them. */
  readonly args: readonly unknown[];
  readonly out: Output;
  readonly reader: InputReader;
  readonly io: CliIo;
}

/**
 * Wraps a command body so that every failure, thrown anywhere, is reported
 * the same way (stable code on stderr, JSON on stdout with `--json`) and
 * becomes the exit code, instead of an unhandled rejection.
 */
export function defineAction<O>(env: CliEnv, body: (ctx: CommandContext<O>) => Promise<void> | void) {
  return async (...params: unknown[]): Promise<void> => {
    const cmd = params[params.length - 1] as Command;
    const opts = cmd.optsWithGlobals<O & OutputOptions>();
    const out = new Output(env.io, opts);
    try {
      await body({ opts, args: cmd.processedArgs, out, reader: new InputReader(env.io), io: env.io });
      env.exitCode = 0;
    } catch (err) {
      env.exitCode = out.fail(err);
    }
  };
}
