/**
 * What every vault command shares: connection flags, the client, exit codes
 * and the parsing of `--reads`, `--ttl` and times.
 */
import { isLoopback, MAX_TTL_SECONDS, VaultError, WardenClient } from '@warden/client';
import type { Command } from 'commander';
import type { CliEnv, CommandContext } from '../context.js';
import { CliError, EXIT, usage } from '../errors.js';
import { InputReader } from '../io.js';
import { Output, type OutputOptions } from '../output.js';

/** Exit codes of the vault commands: the CLI's, plus 3 for an absent secret. */
export const VAULT_EXIT = {
  ...EXIT,
  /** The secret does not exist (never set, expired, burned, deleted) or is sealed (reads exhausted). */
  absent: 3,
} as const;

export const VAULT_EXIT_HELP = `
Exit codes:
  0  success
  1  usage error: bad flags, no value given, unreadable file, missing token
  2  the vault refused or failed the request, or could not be reached (its stable code is printed)
  3  the secret is absent: never set, expired, burned or deleted [not_found], or sealed [sealed]

Connection: --server / WARDEN_SERVER (alias SIRR_SERVER, default http://127.0.0.1:8080),
--token / WARDEN_TOKEN (alias SIRR_TOKEN), --org / WARDEN_ORG. The token is never printed;
prefer the environment: a --token on the command line is visible to other processes.`;

/** Connection flags of every vault command. */
export interface ConnectionOptions {
  server?: string;
  token?: string;
  org?: string;
}

/** Adds `--server`, `--token`, `--org`, `--json` and `--quiet`. */
export function connectionFlags(cmd: Command): Command {
  return cmd
    .option('--server <url>', 'vault URL (default: $WARDEN_SERVER, $SIRR_SERVER, http://127.0.0.1:8080)')
    .option(
      '--token <token>',
      'bearer token (default: $WARDEN_TOKEN, $SIRR_TOKEN); visible in ps, prefer the env',
    )
    .option('--org <id>', 'org id: use /orgs/{org}/... routes (default: $WARDEN_ORG)')
    .option('--json', 'machine-readable output')
    .option('-q, --quiet', 'no notes or warnings on stderr');
}

/**
 * The client for these flags and the environment. Refuses to go on without a
 * token (every secret route needs one) and warns when the token would cross
 * the network in clear text or was given on the command line.
 */
export function connect(opts: ConnectionOptions, out: Output): WardenClient {
  const client = WardenClient.fromEnv({ server: opts.server, token: opts.token, org: opts.org });
  if (!client.hasToken) throw usage('missing_token', 'no token: set WARDEN_TOKEN (or pass --token)');
  if (opts.token !== undefined)
    out.warn('--token on the command line is visible to other processes; prefer WARDEN_TOKEN');
  if (client.server.startsWith('http://') && !isLoopback(client.server))
    out.warn(`the token is sent in clear text to ${client.server}; use https://`);
  return client;
}

/**
 * Maps a vault answer meaning "no such secret" (404, 410) to exit code 3 with
 * the server's code; anything else is rethrown as it is.
 */
export function absentAs(err: unknown, key: string): never {
  if (err instanceof VaultError && (err.status === 410 || (err.status === 404 && err.code === 'not_found')))
    throw absent(key, err.status === 410 ? 'sealed' : 'not_found');
  throw err;
}

/** The exit-3 error for `key`: `not_found` or `sealed`. */
export function absent(key: string, code = 'not_found'): CliError {
  const why =
    code === 'sealed'
      ? 'is sealed: its reads are exhausted'
      : 'not found (never set, expired, burned or deleted)';
  return new CliError(code, `secret ${key} ${why}`, { exitCode: VAULT_EXIT.absent });
}

const UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** A duration: whole seconds or `30s`, `10m`, `1h`, `7d`, `2w`. */
export function parseDuration(text: string, flag: string): number {
  const m = /^\s*(\d+)\s*([smhdw]?)\s*$/.exec(text);
  if (m === null) throw usage('invalid_ttl', `${flag} must be seconds or a duration like 30s, 10m, 1h, 7d`);
  return Number(m[1]) * (UNITS[m[2] ?? ''] ?? 1);
}

/** `--ttl`: a duration from 1 second to 10 years. */
export function parseTtlFlag(text: string): number {
  const s = parseDuration(text, '--ttl');
  if (s < 1 || s > MAX_TTL_SECONDS) throw usage('invalid_ttl', '--ttl must be from 1s to 10 years');
  return s;
}

/** `--reads`: an integer >= 1. */
export function parseReads(text: string): number {
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < 1 || Number(text) > 0xffff_ffff)
    throw usage('invalid_reads', '--reads must be an integer >= 1');
  return Number(text);
}

/** `--limit`: an integer from 1 to 1000. */
export function parseLimit(text: string): number {
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < 1 || Number(text) > 1000)
    throw usage('invalid_argument', '--limit must be an integer from 1 to 1000');
  return Number(text);
}

/** A point in time: Unix seconds, ISO 8601, or a duration ago (`1h` = one hour ago). */
export function parseSince(text: string, flag: string, now: number): number {
  const t = text.trim();
  if (/^\d{9,}$/.test(t)) return Number(t);
  if (/^\d+\s*[smhdw]$/.test(t)) return now - parseDuration(t, flag);
  const ms = /^\d{4}-\d{2}-\d{2}/.test(t) ? Date.parse(t) : Number.NaN;
  if (Number.isNaN(ms))
    throw usage(
      'invalid_argument',
      `${flag} must be Unix seconds, an ISO 8601 time, or a duration ago like 1h`,
    );
  return Math.floor(ms / 1000);
}

/** Unix seconds as an ISO 8601 UTC time without milliseconds. */
export function iso(unix: number): string {
  return new Date(unix * 1000).toISOString().replace('.000Z', 'Z');
}

/** Now, in Unix seconds. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * `defineAction` for commands whose exit code is their result (`run` returns
 * the child's, `pull` may finish with 2 after writing what it read). The body
 * reports partial failures itself; a throw is reported as usual.
 */
export function defineExitAction<O>(
  env: CliEnv,
  body: (ctx: CommandContext<O>) => Promise<number>,
): (...params: unknown[]) => Promise<void> {
  return async (...params: unknown[]): Promise<void> => {
    const cmd = params[params.length - 1] as Command;
    const opts = cmd.optsWithGlobals<O & OutputOptions>();
    const out = new Output(env.io, opts);
    try {
      env.exitCode = await body({
        opts,
        args: cmd.processedArgs,
        out,
        reader: new InputReader(env.io),
        io: env.io,
      });
    } catch (err) {
      env.exitCode = out.fail(err);
    }
  };
}
