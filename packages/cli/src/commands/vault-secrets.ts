/** `warden push | get | head | patch | delete`: one secret at a time. */
import type { PushOptions, SecretStatus, WardenClient } from '@warden/client';
import type { Command } from 'commander';
import { type CliEnv, type CommandContext, defineAction } from '../context.js';
import { usage } from '../errors.js';
import { type CliIo, processIo } from '../io.js';
import { collect } from '../parse-options.js';
import { relative } from '../warrant-format.js';
import {
  absent,
  absentAs,
  type ConnectionOptions,
  connect,
  connectionFlags,
  iso,
  nowSeconds,
  parseReads,
  parseTtlFlag,
  VAULT_EXIT_HELP,
} from './vault-common.js';
import { parseDotenv } from './vault-dotenv.js';
import { ARGV_WARNING, readValue } from './vault-value.js';

interface PushFlags extends ConnectionOptions {
  reads?: string;
  ttl?: string;
  delete?: boolean;
  file?: string;
  fromEnvFile?: string;
  webhookUrl?: string;
  allowedKey?: string[];
}

interface PatchFlags extends ConnectionOptions {
  reads?: string;
  ttl?: string;
  file?: string;
  stdin?: boolean;
}

/** What a push promised, in words: "1 read, expires in 10m, deleted on its last read". */
function describeLimits(o: PushOptions): string {
  const reads = o.reads === undefined ? 'unlimited reads' : `${o.reads} read${o.reads === 1 ? '' : 's'}`;
  const ttl = o.ttl === undefined ? 'no expiry' : `expires ${relative(nowSeconds() + o.ttl, nowSeconds())}`;
  const end =
    o.reads === undefined
      ? ''
      : o.delete === false
        ? ', sealed after its last read'
        : ', burned by its last read';
  return `${reads}, ${ttl}${end}`;
}

function pushOptions(opts: PushFlags): PushOptions {
  return {
    ...(opts.reads !== undefined && { reads: parseReads(opts.reads) }),
    ...(opts.ttl !== undefined && { ttl: parseTtlFlag(opts.ttl) }),
    ...(opts.delete === false && { delete: false }),
    ...(opts.webhookUrl !== undefined && { webhookUrl: opts.webhookUrl }),
    ...(opts.allowedKey !== undefined && { allowedKeys: opts.allowedKey }),
  };
}

async function push(ctx: CommandContext<PushFlags>): Promise<void> {
  const { opts, out } = ctx;
  const options = pushOptions(opts);
  const keyArg = ctx.args[0] as string | undefined;
  const valueArg = ctx.args[1] as string | undefined;
  if (opts.fromEnvFile !== undefined) {
    if (keyArg !== undefined || opts.file !== undefined)
      throw usage('usage_error', '--from-env-file takes no KEY, VALUE or --file');
    return pushEnvFile(ctx, opts.fromEnvFile, options);
  }
  if (keyArg === undefined) throw usage('usage_error', 'missing KEY (or --from-env-file FILE)');
  // `KEY=value` (Sirr's form) splits at the first '=': key names cannot contain one.
  const eq = keyArg.indexOf('=');
  const key = eq === -1 ? keyArg : keyArg.slice(0, eq);
  const inline = eq === -1 ? valueArg : keyArg.slice(eq + 1);
  if (eq !== -1 && valueArg !== undefined)
    throw usage('usage_error', 'give KEY=value or KEY VALUE, not both');
  const client = connect(opts, out);
  const value = await readValue({ argv: inline, file: opts.file }, ctx, `value for ${key}`);
  try {
    await client.push(key, value, options);
  } finally {
    value.fill(0);
  }
  out.result({ key, ...options }, `pushed ${key}: ${describeLimits(options)}`);
}

async function pushEnvFile(
  ctx: CommandContext<PushFlags>,
  file: string,
  options: PushOptions,
): Promise<void> {
  const client = connect(ctx.opts, ctx.out);
  const text = await ctx.reader.readText(file, '--from-env-file');
  const entries = parseDotenv(text, file);
  if (entries.length === 0) throw usage('empty_value', `${file} has no KEY=value lines`);
  const pushed: string[] = [];
  for (const [key, value] of entries) {
    try {
      await client.push(key, value, options);
    } catch (err) {
      if (pushed.length > 0) ctx.out.warn(`pushed before the failure: ${pushed.join(', ')}`);
      throw err;
    }
    pushed.push(key);
  }
  ctx.out.result({ keys: pushed, ...options }, `pushed ${pushed.join(', ')}: ${describeLimits(options)}`);
}

/** Whether stdout is an interactive terminal (the real process only). */
function stdoutIsTTY(io: CliIo): boolean {
  return io === processIo && process.stdout.isTTY === true;
}

async function get(ctx: CommandContext<ConnectionOptions>): Promise<void> {
  const key = ctx.args[0] as string;
  const client = connect(ctx.opts, ctx.out);
  // readSecret, not get: get's null would not say whether the secret is gone or sealed.
  const { value, reason } = await client.readSecret(key);
  if (value === null) throw absent(key, reason);
  if (ctx.out.json) ctx.out.result({ key, value }, undefined);
  // Byte for byte when piped (`> file`, `$(...)`); a newline only for a person at a terminal.
  else ctx.io.stdout(stdoutIsTTY(ctx.io) && !value.endsWith('\n') ? `${value}\n` : value);
}

function describeStatus(s: SecretStatus, now: number): string {
  return [
    `key:       ${s.key}`,
    `status:    ${s.status}`,
    `reads:     ${s.readCount} used, ${s.readsRemaining === null ? 'unlimited' : `${s.readsRemaining} left`}`,
    `last read: ${s.delete ? 'burns it' : 'seals it'}`,
    `created:   ${iso(s.createdAt)}`,
    `expires:   ${s.expiresAt === null ? 'never' : `${iso(s.expiresAt)} (${relative(s.expiresAt, now)})`}`,
  ].join('\n');
}

async function head(ctx: CommandContext<ConnectionOptions>): Promise<void> {
  const key = ctx.args[0] as string;
  const status = await connect(ctx.opts, ctx.out).head(key);
  if (status === undefined) throw absent(key);
  ctx.out.result({ ...status }, describeStatus(status, nowSeconds()));
}

async function patch(ctx: CommandContext<PatchFlags>): Promise<void> {
  const { opts, out } = ctx;
  const key = ctx.args[0] as string;
  const valueArg = ctx.args[1] as string | undefined;
  const wantsValue = valueArg !== undefined || opts.file !== undefined || opts.stdin === true;
  if (!wantsValue && opts.reads === undefined && opts.ttl === undefined)
    throw usage(
      'usage_error',
      'nothing to change: give a new value (VALUE, --file, --stdin), --reads or --ttl',
    );
  const reads = opts.reads === undefined ? undefined : parseReads(opts.reads);
  const ttl = opts.ttl === undefined ? undefined : parseTtlFlag(opts.ttl);
  const client: WardenClient = connect(opts, out);
  const value = wantsValue
    ? await readValue({ argv: valueArg, file: opts.file, stdin: opts.stdin }, ctx, `new value for ${key}`)
    : undefined;
  let meta: Awaited<ReturnType<WardenClient['patch']>>;
  try {
    meta = await client.patch(key, {
      ...(value !== undefined && { value }),
      ...(reads !== undefined && { reads }),
      ...(ttl !== undefined && { ttl }),
    });
  } catch (err) {
    absentAs(err, key);
  } finally {
    value?.fill(0);
  }
  if (meta === undefined) throw absent(key);
  const now = nowSeconds();
  out.result(
    { secret: meta },
    `patched ${key}: ${meta.maxReads === null ? 'unlimited reads' : `${meta.maxReads} reads`}, ${
      meta.expiresAt === null ? 'no expiry' : `expires ${relative(meta.expiresAt, now)}`
    }; read count reset to ${meta.readCount}`,
  );
}

async function del(ctx: CommandContext<ConnectionOptions>): Promise<void> {
  const key = ctx.args[0] as string;
  if (!(await connect(ctx.opts, ctx.out).delete(key))) throw absent(key);
  ctx.out.result({ key, deleted: true }, `deleted ${key}`);
}

const PUSH_EXAMPLES = `
The value comes from stdin (one trailing newline dropped), --file (byte for byte),
or a prompt without echo. Given on the command line it works, with a warning:
${ARGV_WARNING}.

Examples:
  $ printf %s "$OPENAI_KEY" | warden push OPENAI_KEY --reads 1 --ttl 10m
  $ warden push DB_PASSWORD                       # prompts, no echo
  $ warden push TLS_KEY --file server.key --ttl 1h --no-delete
  $ warden push --from-env-file .env --ttl 1d    # every KEY=value of the file`;

/** Registers `push`, `get`, `head`, `patch`, `delete`. */
export function registerSecretCommands(program: Command, env: CliEnv): void {
  connectionFlags(
    program
      .command('push')
      .description('store a secret that burns after --reads reads and/or expires after --ttl')
      .argument('[key]', 'key name ([A-Za-z0-9_.-], 1-256), or KEY=value')
      .argument('[value]', 'the value (discouraged: visible to other processes)')
      .option('-r, --reads <n>', 'reads allowed before it burns (default: unlimited)')
      .option('-t, --ttl <duration>', 'lifetime: seconds or 30s, 10m, 1h, 7d (default: none)')
      .option('--no-delete', 'seal instead of delete on the last read (later reads: exit 3, sealed)')
      .option('-f, --file <file>', 'read the value from a file, byte for byte')
      .option('--from-env-file <file>', 'push every KEY=value of a .env file with the same limits')
      .option('--webhook-url <url>', 'https URL notified on reads (the server must allow it)')
      .option('--allowed-key <name>', 'principal key name allowed to read (org only); repeatable', collect),
  )
    .addHelpText('after', `${PUSH_EXAMPLES}\n${VAULT_EXIT_HELP}`)
    .action(defineAction<PushFlags>(env, push));

  connectionFlags(
    program
      .command('get')
      .description('print a secret value on stdout (consumes one read); exit 3 if it is gone')
      .argument('<key>', 'key name'),
  )
    .addHelpText(
      'after',
      `\nExamples:\n  $ OPENAI_API_KEY="$(warden get OPENAI_KEY)" ./agent\n  $ warden get TLS_KEY > server.key\n${VAULT_EXIT_HELP}`,
    )
    .action(defineAction<ConnectionOptions>(env, get));

  connectionFlags(
    program
      .command('head')
      .description("show a secret's state (reads left, expiry) without consuming a read")
      .argument('<key>', 'key name'),
  )
    .addHelpText('after', VAULT_EXIT_HELP)
    .action(defineAction<ConnectionOptions>(env, head));

  connectionFlags(
    program
      .command('patch')
      .description(
        'change the value, --reads or --ttl of a secret pushed with --no-delete; resets its read count',
      )
      .argument('<key>', 'key name')
      .argument('[value]', 'new value (discouraged: visible to other processes)')
      .option('-r, --reads <n>', 'new read budget')
      .option('-t, --ttl <duration>', 'new lifetime from now')
      .option('-f, --file <file>', 'new value from a file')
      .option('--stdin', 'new value from stdin'),
  )
    .addHelpText('after', VAULT_EXIT_HELP)
    .action(defineAction<PatchFlags>(env, patch));

  connectionFlags(
    program
      .command('delete')
      .description('delete a secret now; exit 3 if it was already gone')
      .argument('<key>', 'key name'),
  )
    .addHelpText('after', VAULT_EXIT_HELP)
    .action(defineAction<ConnectionOptions>(env, del));
}
