/** `warden orgs create | list | delete`: tenants (admin token; create also a principal with S). */
import type { Org } from '@warden/client';
import type { Command } from 'commander';
import type { CliEnv, CommandContext } from '../context.js';
import { collect } from '../parse-options.js';
import {
  ADMIN_EXIT_HELP,
  type AdminFlags,
  adminClient,
  adminFlags,
  defineAdminAction,
  listResult,
  metaText,
  notFound,
  parseMetadata,
  when,
} from './admin-common.js';

interface CreateFlags extends AdminFlags {
  meta?: string[];
}

async function create(ctx: CommandContext<CreateFlags>): Promise<void> {
  const name = ctx.args[0] as string;
  const metadata = parseMetadata(ctx.opts.meta);
  const client = adminClient(ctx.opts, ctx.out, 'none');
  const org = await client.orgs.create(name, metadata === undefined ? {} : { metadata });
  // The id alone on stdout, for ORG="$(warden orgs create acme)".
  ctx.out.result({ org }, org.id);
  ctx.out.note(`created org "${org.name}" (id ${org.id})`);
}

async function list(ctx: CommandContext<AdminFlags>): Promise<void> {
  const orgs = await adminClient(ctx.opts, ctx.out, 'none').orgs.list();
  listResult(ctx.out, 'orgs', orgs, ['ID', 'NAME', 'CREATED', 'METADATA'], (o: Org) => [
    o.id,
    o.name,
    when(o.createdAt),
    metaText(o.metadata),
  ]);
}

async function del(ctx: CommandContext<AdminFlags>): Promise<void> {
  const id = ctx.args[0] as string;
  if (!(await adminClient(ctx.opts, ctx.out, 'none').orgs.delete(id))) throw notFound(`org ${id}`);
  ctx.out.result({ id, deleted: true }, `deleted org ${id}`);
}

const EXAMPLES = `
An org is a tenant: its secrets, audit events, webhooks, principals and roles are its own.
Creating one needs the admin token (or a principal with S); listing and deleting, the admin
token. An org with principals cannot be deleted (delete them first); its secrets, roles and
webhooks go with it.

Examples:
  $ ORG="$(warden orgs create acme --meta team=platform)"
  $ warden orgs list
  $ warden orgs delete "$ORG"`;

/** Registers the `warden orgs` group. */
export function registerOrgs(program: Command, env: CliEnv): void {
  const group = program
    .command('orgs')
    .description('manage orgs (tenants)')
    .addHelpText('after', `${EXAMPLES}\n${ADMIN_EXIT_HELP}`);

  adminFlags(
    group
      .command('create')
      .description('create an org; prints its id')
      .argument('<name>', 'display name')
      .option('--meta <key=value>', 'metadata entry; repeatable', collect),
    'none',
  )
    .addHelpText('after', `${EXAMPLES}\n${ADMIN_EXIT_HELP}`)
    .action(defineAdminAction<CreateFlags>(env, create));

  adminFlags(group.command('list').description('list orgs (admin token)'), 'none')
    .addHelpText('after', ADMIN_EXIT_HELP)
    .action(defineAdminAction<AdminFlags>(env, list));

  adminFlags(
    group
      .command('delete')
      .description('delete an org without principals, with its secrets (admin token); exit 3 if none')
      .argument('<id>', 'org id'),
    'none',
  )
    .addHelpText('after', ADMIN_EXIT_HELP)
    .action(defineAdminAction<AdminFlags>(env, del));
}
