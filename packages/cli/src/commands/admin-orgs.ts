/** `warden orgs create | list | delete`: tenants (admin token; create also a principal with S). */
import type { Org } from '@warden/client';
import type { Command } from 'commander';
import type { CliEnv, CommandContext } from '../context.js';
import { collect } from '../parse-options.js';
import {
  type AdminFlags,
  adminClient,
  createdResult,
  metaText,
  parseMetadata,
  when,
} from './admin-common.js';
import { adminAction, adminGroup, registerDelete, registerList } from './admin-subcommands.js';

interface CreateFlags extends AdminFlags {
  meta?: string[];
}

async function create(ctx: CommandContext<CreateFlags>): Promise<void> {
  const name = ctx.args[0] as string;
  const metadata = parseMetadata(ctx.opts.meta);
  const client = adminClient(ctx.opts, ctx.out, 'none');
  const org = await client.orgs.create(name, metadata === undefined ? {} : { metadata });
  // The id alone on stdout, for ORG="$(warden orgs create acme)".
  createdResult(ctx.out, 'org', org, org.id, `created org "${org.name}" (id ${org.id})`);
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
  const group = adminGroup(program, 'orgs', 'manage orgs (tenants)', EXAMPLES);

  adminAction<CreateFlags>(
    group
      .command('create')
      .description('create an org; prints its id')
      .argument('<name>', 'display name')
      .option('--meta <key=value>', 'metadata entry; repeatable', collect),
    env,
    'none',
    create,
    EXAMPLES,
  );

  registerList(group, env, 'none', {
    description: 'list orgs (admin token)',
    name: 'orgs',
    header: ['ID', 'NAME', 'CREATED', 'METADATA'],
    fetch: (client) => client.orgs.list(),
    row: (o: Org) => [o.id, o.name, when(o.createdAt), metaText(o.metadata)],
  });

  registerDelete(group, env, 'none', {
    description: 'delete an org without principals, with its secrets (admin token); exit 3 if none',
    argument: ['id', 'org id'],
    noun: 'org',
    remove: (client, id) => client.orgs.delete(id),
  });
}
