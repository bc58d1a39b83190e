/** `warden pull`: every secret (or `--key`s) into a 0600 `.env` file, stdout, or JSON. */
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PullFailure } from '@warden/client';
import type { Command } from 'commander';
import type { CliEnv, CommandContext } from '../context.js';
import { usage } from '../errors.js';
import { writeFileSafely } from '../io.js';
import { reportFailure } from '../output.js';
import { collect } from '../parse-options.js';
import {
  type ConnectionOptions,
  connect,
  connectionFlags,
  defineExitAction,
  VAULT_EXIT,
  VAULT_EXIT_HELP,
} from './vault-common.js';
import { formatDotenv } from './vault-dotenv.js';

interface PullFlags extends ConnectionOptions {
  out?: string;
  key?: string[];
  force?: boolean;
}

/** 3 when every failure is an absent secret, 2 otherwise. */
export function exitFor(failed: readonly PullFailure[]): number {
  return failed.every((f) => f.code === 'not_found' || f.code === 'sealed')
    ? VAULT_EXIT.absent
    : VAULT_EXIT.failure;
}

export function describeFailures(failed: readonly PullFailure[]): string {
  return failed.map((f) => `${f.key} (${f.code})`).join(', ');
}

/** Refuses a target that would fail after the reads are spent: existing (without --force) or unwritable. */
function checkTarget(path: string, force: boolean): void {
  if (!force && existsSync(path))
    throw usage('file_exists', `${path} already exists (use --force to overwrite)`);
  try {
    accessSync(dirname(path), constants.W_OK);
  } catch {
    throw usage('file_unwritable', `cannot write in ${dirname(path)}`);
  }
}

async function pull(ctx: CommandContext<PullFlags>): Promise<number> {
  const { opts, out, io } = ctx;
  const positional = ctx.args[0] as string | undefined;
  if (positional !== undefined && opts.out !== undefined)
    throw usage('usage_error', 'give FILE or --out, not both');
  const target = positional ?? opts.out ?? (out.json ? undefined : '.env');
  const force = opts.force === true;
  if (target !== undefined && target !== '-') checkTarget(target, force);
  const client = connect(opts, out);
  const { values, failed } = await client.pull(opts.key === undefined ? {} : { keys: opts.key });
  // The reads are spent: deliver what was read before reporting anything that failed.
  const { text, unrepresentable } =
    target === undefined ? { text: '', unrepresentable: [] } : formatDotenv(values);
  for (const key of unrepresentable) failed.push({ key, code: 'unrepresentable', status: 0 });
  const written = Object.keys(values)
    .filter((k) => !unrepresentable.includes(k))
    .sort();
  if (target === '-') io.stdout(text);
  else if (target !== undefined) writeFileSafely(target, text, { mode: 0o600, force });
  const code = failed.length === 0 ? VAULT_EXIT.ok : exitFor(failed);
  if (out.json) {
    const doc =
      target === undefined
        ? { values, failed }
        : { ...(target !== '-' && { file: target }), keys: written, failed };
    const status = code === VAULT_EXIT.ok ? {} : { code: 'pull_incomplete', exitCode: code };
    io.stdout(`${JSON.stringify({ ok: code === VAULT_EXIT.ok, ...status, ...doc }, null, 2)}\n`);
  } else if (target !== undefined && target !== '-') {
    out.note(`wrote ${written.length} secret${written.length === 1 ? '' : 's'} to ${target} (mode 0600)`);
  }
  if (unrepresentable.length > 0)
    out.warn(
      `no .env quoting can carry ${unrepresentable.join(', ')}; their reads are spent, use --json next time`,
    );
  if (failed.length > 0) {
    reportFailure(
      { ...io, stdout: () => {} },
      { code: 'pull_incomplete', error: `could not read ${describeFailures(failed)}`, exitCode: code },
      false,
    );
  }
  return code;
}

const EXAMPLES = `
Each secret read by pull spends one of its reads: one-read secrets are burned.

Examples:
  $ warden pull                       # writes .env (mode 0600)
  $ warden pull --out secrets.env --key DB_URL --key API_KEY
  $ warden pull --json | jq -r .values.API_KEY
  $ warden pull --out - > /dev/shm/env`;

/** Registers `pull`. */
export function registerPull(program: Command, env: CliEnv): void {
  connectionFlags(
    program
      .command('pull')
      .description('read the values of all secrets (consumes one read each) into a 0600 .env file or JSON')
      .argument('[file]', "output file (default .env; '-' for stdout); same as --out")
      .option(
        '-o, --out <file>',
        "output .env file, '-' for stdout (default .env, or stdout JSON with --json)",
      )
      .option('-k, --key <key>', 'only this key; repeatable (default: every key list shows)', collect)
      .option('-f, --force', 'replace an existing file'),
  )
    .addHelpText('after', `${EXAMPLES}\n${VAULT_EXIT_HELP}`)
    .action(defineExitAction<PullFlags>(env, pull));
}
