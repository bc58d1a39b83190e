/** `warden principals create | list | delete | key`: an org's identities, and keys minted for them. */
import type { Principal } from '@warden/client';
import type { Command } from 'commander';
import type { CliEnv, CommandContext } from '../context.js';
import { collect } from '../parse-options.js';
import {
  type AdminFlags,
  adminClient,
  createdResult,
  metaText,
  orgOf,
  parseMetadata,
  parseValidFor,
  printKey,
  when,
} from './admin-common.js';
import { adminAction, adminGroup, registerDelete, registerList } from './admin-subcommands.js';

interface CreateFlags extends AdminFlags {
  role: string;
  meta?: string[];
}

interface KeyFlags extends AdminFlags {
  name: string;
  validFor?: string;
}

async function create(ctx: CommandContext<CreateFlags>): Promise<void> {
  const name = ctx.args[0] as string;
  const metadata = parseMetadata(ctx.opts.meta);
  const client = adminClient(ctx.opts, ctx.out, 'required');
  const principal = await client.principals.create(orgOf(client), {
    name,
    role: ctx.opts.role,
    ...(metadata !== undefined && { metadata }),
  });
  // The id alone on stdout, for P="$(warden principals create ...)".
  createdResult(
    ctx.out,
    'principal',
    principal,
    principal.id,
    `created principal "${principal.name}" (id ${principal.id}, role ${principal.role}) in org ${principal.orgId}`,
  );
}

async function key(ctx: CommandContext<KeyFlags>): Promise<void> {
  const id = ctx.args[0] as string;
  const validForSeconds = ctx.opts.validFor === undefined ? undefined : parseValidFor(ctx.opts.validFor);
  const client = adminClient(ctx.opts, ctx.out, 'required');
  const created = await client.principals.createKey(orgOf(client), id, {
    name: ctx.opts.name,
    ...(validForSeconds !== undefined && { validForSeconds }),
  });
  printKey(ctx, created, `principal ${id}`);
}

const EXAMPLES = `
Principals are an org's identities (agents, services, people); a role gives each its
permissions. Create and delete need M (or the admin token), list needs A; a principal can
only grant a role within its own permissions. \`key\` mints an API key for a principal and
needs the admin token: principals mint their own with \`warden keys create\`. The raw key is
printed once, alone on stdout; nothing else ever shows it.

Examples:
  $ P="$(warden principals create --org "$ORG" crew-agent --role reader)"
  $ warden principals key --org "$ORG" "$P" --name crew-agent-ci --valid-for 30d > agent.key
  $ warden principals list --org "$ORG"
  $ warden principals delete --org "$ORG" "$P"      # refused (409) while it has active keys`;

/** Registers the `warden principals` group. */
export function registerPrincipals(program: Command, env: CliEnv): void {
  const group = adminGroup(program, 'principals', "manage an org's principals and mint their keys", EXAMPLES);

  adminAction<CreateFlags>(
    group
      .command('create')
      .description('create a principal in --org; prints its id')
      .argument('<name>', 'display name (1-128 characters)')
      .requiredOption('--role <role>', 'role name: built-in (reader, writer, ...) or one of the org')
      .option('--meta <key=value>', 'metadata entry; repeatable', collect),
    env,
    'required',
    create,
    EXAMPLES,
  );

  registerList(group, env, 'required', {
    description: "list the org's principals (never keys)",
    name: 'principals',
    header: ['ID', 'NAME', 'ROLE', 'CREATED', 'METADATA'],
    fetch: (client) => client.principals.list(orgOf(client)),
    row: (p: Principal) => [p.id, p.name, p.role, when(p.createdAt), metaText(p.metadata)],
  });

  registerDelete(group, env, 'required', {
    description: 'delete a principal without active keys; exit 3 if none',
    argument: ['id', 'principal id'],
    noun: 'principal',
    remove: (client, id) => client.principals.delete(orgOf(client), id),
  });

  adminAction<KeyFlags>(
    group
      .command('key')
      .description('mint an API key for a principal (admin token only); prints the raw key once')
      .argument('<id>', 'principal id')
      .requiredOption('--name <name>', 'key name, unique within the org (what --allowed-key binds)')
      .option('--valid-for <duration>', 'lifetime: seconds or 12h, 30d, 52w (default one year)'),
    env,
    'required',
    key,
    EXAMPLES,
  );
}
