/**
 * What the administrative commands (webhooks, orgs, principals, roles, keys,
 * me) share: their flags, exit codes, tables, and the one place that prints
 * a shown-once secret (a principal key, a webhook signing secret).
 */
import { type KeyCreated, VaultError, type WardenClient } from '@warden/client';
import type { Command } from 'commander';
import { type CliEnv, type CommandContext, defineAction } from '../context.js';
import { CliError, usage } from '../errors.js';
import type { Output } from '../output.js';
import { table } from '../table.js';
import { type ConnectionOptions, connect, iso, parseDuration, VAULT_EXIT } from './vault-common.js';

/** Flags of every admin command: connection (the org flag only where it means something), output. */
export interface AdminFlags extends ConnectionOptions {
  json?: boolean;
  quiet?: boolean;
}

/** How a command uses `--org`: not at all, as an optional scope, or as a required path segment. */
export type OrgUse = 'none' | 'scope' | 'required';

export const ADMIN_EXIT_HELP = `
Exit codes:
  0  success
  1  usage error: bad or missing flags (--org), missing token
  2  the vault refused or failed the request, or could not be reached (its stable code is printed):
     [unauthorized] bad token, [forbidden] not allowed, [*_taken]/[*_in_use]/[*_has_*] conflicts
  3  not found: no such org, principal, role, key or webhook (or not visible to this token)

Connection: --server / WARDEN_SERVER (alias SIRR_SERVER, default http://127.0.0.1:8080),
--token / WARDEN_TOKEN (alias SIRR_TOKEN), --org / WARDEN_ORG (alias SIRR_ORG). The token is
never printed; prefer the environment: a --token on the command line is visible to other processes.`;

/** Adds `--server`, `--token`, `--org` (per `org`), `--json` and `--quiet`. */
export function adminFlags(cmd: Command, org: OrgUse): Command {
  cmd
    .option('--server <url>', 'vault URL (default: $WARDEN_SERVER, $SIRR_SERVER, http://127.0.0.1:8080)')
    .option(
      '--token <token>',
      'bearer token (default: $WARDEN_TOKEN, $SIRR_TOKEN); visible in ps, prefer the env',
    );
  if (org === 'required') cmd.option('--org <id>', 'the org id (default: $WARDEN_ORG); required');
  if (org === 'scope')
    cmd.option('--org <id>', "the org's webhooks (default: $WARDEN_ORG); without: the public bucket's");
  return cmd.option('--json', 'machine-readable output').option('-q, --quiet', 'no notes on stderr');
}

/**
 * `defineAction` for admin commands: a 404 from the vault (no such org,
 * principal, role, key, webhook) becomes exit 3 with the server's code.
 */
export function defineAdminAction<O>(
  env: CliEnv,
  body: (ctx: CommandContext<O>) => Promise<void>,
): (...params: unknown[]) => Promise<void> {
  return defineAction<O>(env, async (ctx) => {
    try {
      await body(ctx);
    } catch (err) {
      if (err instanceof VaultError && err.status === 404)
        throw new CliError(err.code, err.message, { exitCode: VAULT_EXIT.absent, cause: err });
      throw err;
    }
  });
}

/** The exit-3 error of a delete that found nothing. */
export function notFound(what: string): CliError {
  return new CliError('not_found', `${what} not found`, { exitCode: VAULT_EXIT.absent });
}

/** The client of an admin command; refuses a `required` org that neither --org nor the env gives. */
export function adminClient(opts: AdminFlags, out: Output, org: OrgUse): WardenClient {
  // Commands that take no org use absolute paths (/orgs, /me): a WARDEN_ORG in the env changes nothing.
  const client = connect(opts, out);
  if (org === 'required' && client.org === undefined)
    throw usage('missing_org', 'no org: pass --org ORG (or set WARDEN_ORG)');
  return client;
}

/** The org a `required` command works in (checked by `adminClient`). */
export function orgOf(client: WardenClient): string {
  return client.org as string;
}

/** `--valid-for`: a duration of at least one second (the server caps it at 100 years). */
export function parseValidFor(text: string): number {
  const s = parseDuration(text, '--valid-for');
  if (s < 1 || !Number.isSafeInteger(s))
    throw usage('invalid_argument', '--valid-for must be a duration like 30d, 12h or 3600');
  return s;
}

/** `--meta k=v` (repeatable) as a record; a key given twice is refused. */
export function parseMetadata(pairs: readonly string[] | undefined): Record<string, string> | undefined {
  if (pairs === undefined) return undefined;
  const meta: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw usage('invalid_argument', `--meta must be key=value, got "${pair}"`);
    const k = pair.slice(0, eq);
    if (Object.hasOwn(meta, k)) throw usage('invalid_argument', `--meta ${k} given twice`);
    meta[k] = pair.slice(eq + 1);
  }
  return meta;
}

/** Metadata as `k=v, k=v` ('-' when empty). */
export function metaText(meta: Record<string, string>): string {
  const entries = Object.entries(meta);
  return entries.length === 0 ? '-' : entries.map(([k, v]) => `${k}=${v}`).join(', ');
}

/** Unix seconds or null as an ISO time or '-'. */
export function when(unix: number | null): string {
  return unix === null ? '-' : iso(unix);
}

/** A list result: the table on stdout, or a note when it is empty; `{ [name]: items }` with --json. */
export function listResult<T>(
  out: Output,
  name: string,
  items: T[],
  header: string[],
  row: (item: T) => string[],
): void {
  out.result({ [name]: items }, items.length === 0 ? undefined : table(header, items.map(row)));
  if (items.length === 0) out.note(`no ${name}`);
}

/**
 * A created object: `human` on stdout (often the id alone, for `$(...)`),
 * `{ [name]: item }` with --json; `note`, when given, on stderr.
 */
export function createdResult(out: Output, name: string, item: object, human: string, note?: string): void {
  out.result({ [name]: item }, human);
  if (note !== undefined) out.note(note);
}

/**
 * Prints a secret the vault shows only once (a raw principal key, a webhook
 * signing secret): alone on stdout, so `$(...)` captures exactly it, or in
 * the JSON document; what it is, and that it will not be shown again, on
 * stderr (unless --quiet).
 */
export function shownOnce(ctx: CommandContext<AdminFlags>, secret: string, data: object, note: string): void {
  const { out, io } = ctx;
  if (out.json) out.result({ ...data }, undefined);
  else io.stdout(`${secret}\n`);
  if (ctx.opts.quiet !== true) io.stderr(`${note}\n`);
}

/** The shown-once output of a new principal key (`keys create`, `principals key`). */
export function printKey(ctx: CommandContext<AdminFlags>, k: KeyCreated, whose: string): void {
  shownOnce(
    ctx,
    k.key,
    { id: k.id, name: k.name, key: k.key, validAfter: k.validAfter, validBefore: k.validBefore },
    `warden: created key "${k.name}" (id ${k.id}) for ${whose}, valid until ${iso(k.validBefore)}.\n` +
      'warden: the key above is shown only this once: store it now (the vault keeps only its hash).',
  );
}
