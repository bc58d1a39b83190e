/** `warden keys create | list | delete` and `warden me`: the calling principal and its own keys. */
import { type KeyInfo, type Me, VaultError } from '@warden/client';
import type { Command } from 'commander';
import type { CliEnv, CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { table } from '../table.js';
import { relative } from '../warrant-format.js';
import { type AdminFlags, adminClient, metaText, parseValidFor, printKey, when } from './admin-common.js';
import { adminAction, adminGroup, registerDelete, registerList } from './admin-subcommands.js';
import { nowSeconds, VAULT_EXIT } from './vault-common.js';

interface CreateFlags extends AdminFlags {
  validFor?: string;
}

/** `/me` and `/me/keys` answer 403 to the admin token, which is no principal: say so. */
async function asPrincipal<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof VaultError && err.status === 403)
      throw new CliError(
        err.code,
        `${err.message}: /me needs a principal key whose role allows it (a to read, m for keys); the admin token is no principal`,
        { exitCode: VAULT_EXIT.failure, cause: err },
      );
    throw err;
  }
}

function keyRow(k: KeyInfo, now: number): string[] {
  return [k.id, k.name, when(k.validAfter), `${when(k.validBefore)} (${relative(k.validBefore, now)})`];
}

const KEY_HEADER = ['ID', 'NAME', 'VALID FROM', 'VALID UNTIL'];

async function create(ctx: CommandContext<CreateFlags>): Promise<void> {
  const name = ctx.args[0] as string;
  const validForSeconds = ctx.opts.validFor === undefined ? undefined : parseValidFor(ctx.opts.validFor);
  const client = adminClient(ctx.opts, ctx.out, 'none');
  const created = await asPrincipal(
    client.keys.create({ name, ...(validForSeconds !== undefined && { validForSeconds }) }),
  );
  printKey(ctx, created, 'the calling principal');
}

function describeMe(me: Me, now: number): string {
  const lines = [
    `id:       ${me.id}`,
    `name:     ${me.name}`,
    `role:     ${me.role}`,
    `org:      ${me.orgId}`,
    `created:  ${when(me.createdAt)}`,
    `metadata: ${metaText(me.metadata)}`,
  ];
  if (me.keys.length === 0) lines.push('keys:     none');
  else
    lines.push(
      'keys:',
      table(
        KEY_HEADER,
        me.keys.map((k) => keyRow(k, now)),
      ),
    );
  return lines.join('\n');
}

async function me(ctx: CommandContext<AdminFlags>): Promise<void> {
  const who = await asPrincipal(adminClient(ctx.opts, ctx.out, 'none').me());
  ctx.out.result({ ...who }, describeMe(who, nowSeconds()));
}

const KEYS_EXAMPLES = `
A principal's own API keys (/me/keys): the token must be a principal key whose role has m.
The raw key is printed once, by create, alone on stdout; the vault keeps only its hash, and
list and \`warden me\` show names and validity only. The admin token mints keys for a
principal with \`warden principals key\`.

Examples:
  $ warden keys create ci-runner --valid-for 30d > ci.key
  $ WARDEN_TOKEN="$(cat ci.key)" warden me
  $ warden keys list
  $ warden keys delete 5d41402abc4b2a76`;

const ME_EXAMPLES = `
Needs a principal key whose role has a; the admin token is no principal (exit 2, forbidden).

Examples:
  $ warden me
  $ warden me --json | jq -r .orgId`;

/** Registers the `warden keys` group and `warden me`. */
export function registerKeys(program: Command, env: CliEnv): void {
  const group = adminGroup(program, 'keys', "manage the calling principal's own API keys", KEYS_EXAMPLES);

  adminAction<CreateFlags>(
    group
      .command('create')
      .description('create an API key for yourself; prints the raw key once')
      .argument('<name>', 'key name, unique within the org (what --allowed-key binds)')
      .option('--valid-for <duration>', 'lifetime: seconds or 12h, 30d, 52w (default one year)'),
    env,
    'none',
    create,
    KEYS_EXAMPLES,
  );

  registerList(group, env, 'none', {
    description: 'list your keys: id, name, validity (never the keys)',
    name: 'keys',
    header: KEY_HEADER,
    fetch: async (client) => (await asPrincipal(client.me())).keys,
    row: keyRow,
  });

  registerDelete(group, env, 'none', {
    description: 'delete one of your keys; exit 3 if none',
    argument: ['id', 'key id'],
    noun: 'key',
    remove: (client, id) => asPrincipal(client.keys.delete(id)),
    owner: () => 'the calling principal',
    examples: KEYS_EXAMPLES,
  });
}

/** Registers `warden me`. */
export function registerMe(program: Command, env: CliEnv): void {
  adminAction<AdminFlags>(
    program.command('me').description('show the calling principal: id, name, role, org, metadata, keys'),
    env,
    'none',
    me,
    ME_EXAMPLES,
  );
}
