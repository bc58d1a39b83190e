/** `warden roles create | list | delete`: an org's roles (permission letter sets). */
import type { Role } from '@warden/client';
import type { Command } from 'commander';
import type { CliEnv, CommandContext } from '../context.js';
import { type AdminFlags, adminClient, createdResult, orgOf } from './admin-common.js';
import { adminAction, adminGroup, registerDelete, registerList } from './admin-subcommands.js';

async function create(ctx: CommandContext<AdminFlags>): Promise<void> {
  const name = ctx.args[0] as string;
  const permissions = ctx.args[1] as string;
  const client = adminClient(ctx.opts, ctx.out, 'required');
  const role = await client.roles.create(orgOf(client), { name, permissions });
  createdResult(ctx.out, 'role', role, `role ${role.name}: ${role.permissions}`);
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
  const group = adminGroup(program, 'roles', "manage an org's roles (sets of permission letters)", EXAMPLES);

  adminAction<AdminFlags>(
    group
      .command('create')
      .description('create or replace a role in --org')
      .argument('<name>', 'role name')
      .argument('<permissions>', 'permission letters, e.g. rlam (see below)'),
    env,
    'required',
    create,
    EXAMPLES,
  );

  registerList(group, env, 'required', {
    description: "list the built-in roles and the org's own",
    name: 'roles',
    header: ['NAME', 'PERMISSIONS', 'KIND'],
    fetch: (client) => client.roles.list(orgOf(client)),
    row: (r: Role) => [r.name, r.permissions, r.builtIn ? 'built-in' : 'org'],
  });

  registerDelete(group, env, 'required', {
    description: 'delete an org role no principal uses; exit 3 if none',
    argument: ['name', 'role name'],
    noun: 'role',
    remove: (client, name) => client.roles.delete(orgOf(client), name),
  });
}
