/** `warden roles create | list | delete`: an org's roles (permission letter sets). */
import type { Role } from '@warden/client';
import type { Command } from 'commander';
import type { CliEnv, CommandContext } from '../context.js';
import {
  ADMIN_EXIT_HELP,
  type AdminFlags,
  adminClient,
  adminFlags,
  defineAdminAction,
  listResult,
  notFound,
  orgOf,
} from './admin-common.js';

async function create(ctx: CommandContext<AdminFlags>): Promise<void> {
  const name = ctx.args[0] as string;
  const permissions = ctx.args[1] as string;
  const client = adminClient(ctx.opts, ctx.out, 'required');
  const role = await client.roles.create(orgOf(client), { name, permissions });
  ctx.out.result({ role }, `role ${role.name}: ${role.permissions}`);
}

async function list(ctx: CommandContext<AdminFlags>): Promise<void> {
  const client = adminClient(ctx.opts, ctx.out, 'required');
  const roles = await client.roles.list(orgOf(client));
  listResult(ctx.out, 'roles', roles, ['NAME', 'PERMISSIONS', 'KIND'], (r: Role) => [
    r.name,
    r.permissions,
    r.builtIn ? 'built-in' : 'org',
  ]);
}

async function del(ctx: CommandContext<AdminFlags>): Promise<void> {
  const name = ctx.args[0] as string;
  const client = adminClient(ctx.opts, ctx.out, 'required');
  if (!(await client.roles.delete(orgOf(client), name)))
    throw notFound(`role ${name} of org ${orgOf(client)}`);
  ctx.out.result({ name, orgId: orgOf(client), deleted: true }, `deleted role ${name}`);
}

const EXAMPLES = `
Permissions are letters (Sirr's), in any order:
  r/R  read own / any org secret      l/L  list own / all org secrets
  c    create secrets                 p/P  patch own / any org secret
  d/D  delete own / any org secret    a    read /me
  A    list principals and roles      m    manage /me and its keys (warden keys)
  M    manage principals, roles, webhooks, org audit and prune
(C is accepted but unused; S, creating orgs, is refused in org roles.)
Built-in roles: reader (rla), writer (rlcpdam), admin (rRlLcCpPaAmMdD). Creating a role that
exists replaces its permissions; a role in use by a principal cannot be deleted. A principal
can only write roles within its own permissions.

Examples:
  $ warden roles create --org "$ORG" agent rlam
  $ warden roles list --org "$ORG"
  $ warden roles delete --org "$ORG" agent`;

/** Registers the `warden roles` group. */
export function registerRoles(program: Command, env: CliEnv): void {
  const group = program
    .command('roles')
    .description("manage an org's roles (sets of permission letters)")
    .addHelpText('after', `${EXAMPLES}\n${ADMIN_EXIT_HELP}`);

  adminFlags(
    group
      .command('create')
      .description('create or replace a role in --org')
      .argument('<name>', 'role name')
      .argument('<permissions>', 'permission letters, e.g. rlam (see below)'),
    'required',
  )
    .addHelpText('after', `${EXAMPLES}\n${ADMIN_EXIT_HELP}`)
    .action(defineAdminAction<AdminFlags>(env, create));

  adminFlags(group.command('list').description("list the built-in roles and the org's own"), 'required')
    .addHelpText('after', ADMIN_EXIT_HELP)
    .action(defineAdminAction<AdminFlags>(env, list));

  adminFlags(
    group
      .command('delete')
      .description('delete an org role no principal uses; exit 3 if none')
      .argument('<name>', 'role name'),
    'required',
  )
    .addHelpText('after', ADMIN_EXIT_HELP)
    .action(defineAdminAction<AdminFlags>(env, del));
}
