/**
 * `warden run -- cmd args...`: the secrets go into the child's environment
 * only. The CLI prints no value; the child inherits stdin/stdout/stderr,
 * receives the signals the CLI receives, and its exit code becomes the CLI's.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Command } from 'commander';
import type { CliEnv, CommandContext } from '../context.js';
import { CliError, usage } from '../errors.js';
import { collect } from '../parse-options.js';
import {
  type ConnectionOptions,
  connect,
  connectionFlags,
  defineExitAction,
  VAULT_EXIT_HELP,
} from './vault-common.js';
import { describeFailures, exitFor } from './vault-pull.js';

interface RunFlags extends ConnectionOptions {
  key?: string[];
  keepToken?: boolean;
}

/** Signals passed on to the child (SIGUSR1 is Node's debugger signal: left alone). */
const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR2'];

/** Variables holding the vault token: the child must not inherit the power to read more. */
const TOKEN_VARS = ['WARDEN_TOKEN', 'SIRR_TOKEN'];

/** Runs `argv` with `env`, forwarding signals; resolves with its exit code (128+n when killed by signal n). */
export function runChild(argv: readonly string[], env: Record<string, string>): Promise<number> {
  const [cmd, ...args] = argv as [string, ...string[]];
  return new Promise<number>((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => {
      child.kill(signal);
    };
    for (const s of FORWARDED) process.on(s, forward);
    const done = () => {
      for (const s of FORWARDED) process.off(s, forward);
    };
    child.on('error', (err: NodeJS.ErrnoException) => {
      done();
      reject(
        err.code === 'ENOENT'
          ? new CliError('command_not_found', `${cmd}: command not found`, { exitCode: 127 })
          : new CliError('command_failed', `${cmd}: cannot run (${err.code ?? 'error'})`, { exitCode: 126 }),
      );
    });
    child.on('exit', (code, signal) => {
      done();
      if (code !== null) resolve(code);
      else resolve(128 + (signal === null ? 0 : (constants.signals[signal] ?? 0)));
    });
  });
}

async function run(ctx: CommandContext<RunFlags>): Promise<number> {
  const { opts, out } = ctx;
  const argv = (ctx.args[0] as string[] | undefined) ?? [];
  if (argv.length === 0)
    throw usage('usage_error', 'missing the command: warden run [--key K] -- CMD [ARGS...]');
  const client = connect(opts, out);
  const { values, failed } = await client.pull(opts.key === undefined ? {} : { keys: opts.key });
  if (failed.length > 0) {
    throw new CliError(
      'pull_incomplete',
      `not running ${argv[0]}: could not read ${describeFailures(failed)}`,
      {
        exitCode: exitFor(failed),
      },
    );
  }
  if (Object.keys(values).length === 0) out.warn('no secrets to inject');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && (opts.keepToken === true || !TOKEN_VARS.includes(k))) env[k] = v;
  }
  Object.assign(env, values);
  return runChild(argv, env);
}

const EXAMPLES = `
Each injected secret spends one of its reads. The vault token (WARDEN_TOKEN,
SIRR_TOKEN) is removed from the child's environment unless --keep-token.
Exit code: the command's own (128+N if killed by signal N); 127 if it cannot
be found, 126 if it cannot run; before it starts, the codes below.

Examples:
  $ warden run -- node agent.js
  $ warden run --key OPENAI_API_KEY -- python crew.py --task report`;

/** Registers `run`. */
export function registerRun(program: Command, env: CliEnv): void {
  connectionFlags(
    program
      .command('run')
      .description('run a command with secrets in its environment only (consumes one read each)')
      .argument('<command...>', 'the command and its arguments, after --')
      .option('-k, --key <key>', 'only this key; repeatable (default: every key list shows)', collect)
      .option('--keep-token', "leave WARDEN_TOKEN/SIRR_TOKEN in the child's environment"),
  )
    .addHelpText('after', `${EXAMPLES}\n${VAULT_EXIT_HELP}`)
    .action(defineExitAction<RunFlags>(env, run));
}
