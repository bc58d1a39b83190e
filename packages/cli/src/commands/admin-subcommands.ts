/**
 * How the admin groups (orgs, principals, roles, keys, webhooks) register
 * their subcommands: the group with its examples, any subcommand's flags and
 * action, and the `list` and `delete` every resource has. What is left in
 * each admin-*.ts is what is specific to its resource.
 */
import type { WardenClient } from '@warden/client';
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
  type OrgUse,
  orgOf,
} from './admin-common.js';
import { nowSeconds } from './vault-common.js';

/** The help after a command's usage: its examples, when it has them, then the exit codes. */
function helpAfter(examples: string | undefined): string {
  return examples === undefined ? ADMIN_EXIT_HELP : `${examples}\n${ADMIN_EXIT_HELP}`;
}

/** Adds the group `warden <name>`; its help ends with `examples` and the exit codes. */
export function adminGroup(program: Command, name: string, description: string, examples: string): Command {
  return program.command(name).description(description).addHelpText('after', helpAfter(examples));
}

/**
 * Gives `cmd` the admin flags (`--org` per `org`), help (`examples`, if any,
 * and the exit codes) and `body` as its action, where a 404 is exit 3.
 */
export function adminAction<O extends AdminFlags>(
  cmd: Command,
  env: CliEnv,
  org: OrgUse,
  body: (ctx: CommandContext<O>) => Promise<void>,
  examples?: string,
): Command {
  return adminFlags(cmd, org)
    .addHelpText('after', helpAfter(examples))
    .action(defineAdminAction<O>(env, body));
}

/** What a resource's `list` subcommand shows. */
export interface ListSpec<T> {
  description: string;
  /** The JSON key of the items, and the note when there are none (`no orgs`). */
  name: string;
  header: string[];
  /** The items, from a client whose org `adminClient` has checked. */
  fetch: (client: WardenClient) => Promise<T[]>;
  /** One table row; `now` (Unix seconds) is taken once, after the fetch, for relative times. */
  row: (item: T, now: number) => string[];
}

/** Adds `list`: a table on stdout (a note when empty), or `{ [name]: items }` with --json. */
export function registerList<T>(group: Command, env: CliEnv, org: OrgUse, spec: ListSpec<T>): void {
  adminAction<AdminFlags>(group.command('list').description(spec.description), env, org, async (ctx) => {
    const items = await spec.fetch(adminClient(ctx.opts, ctx.out, org));
    const now = nowSeconds();
    listResult(ctx.out, spec.name, items, spec.header, (item: T) => spec.row(item, now));
  });
}

/** What a resource's `delete` subcommand removes, and how it says so. */
export interface DeleteSpec {
  description: string;
  /** The positional (`<id>`, `<name>`), also the key of the JSON result, and its help. */
  argument: readonly [key: 'id' | 'name', description: string];
  /** The thing, in messages: `org`, `principal`, `role`, `key`, `webhook`. */
  noun: string;
  /** Deletes it; false when there was nothing to delete. */
  remove: (client: WardenClient, id: string) => Promise<boolean>;
  /** Whose it is, in the not-found message (`the calling principal`); with a `required` org, `org <id>`. */
  owner?: (client: WardenClient) => string;
  /** Examples in its help, before the exit codes. */
  examples?: string;
}

/**
 * Adds `delete <id>`: `deleted <noun> <id>` on stdout (with --json, also
 * `orgId` for a `required` org), or exit 3 (`not_found`) when there was none.
 */
export function registerDelete(group: Command, env: CliEnv, org: OrgUse, spec: DeleteSpec): void {
  const [key, argumentHelp] = spec.argument;
  const inOrg = org === 'required';
  const owner = spec.owner ?? (inOrg ? (client: WardenClient) => `org ${orgOf(client)}` : undefined);
  adminAction<AdminFlags>(
    group.command('delete').description(spec.description).argument(`<${key}>`, argumentHelp),
    env,
    org,
    async (ctx) => {
      const id = ctx.args[0] as string;
      const client = adminClient(ctx.opts, ctx.out, org);
      if (!(await spec.remove(client, id)))
        throw notFound(`${spec.noun} ${id}${owner === undefined ? '' : ` of ${owner(client)}`}`);
      // An org's own things name the org in the JSON result too.
      const inOrgFields = inOrg ? { orgId: orgOf(client) } : {};
      ctx.out.result({ [key]: id, ...inOrgFields, deleted: true }, `deleted ${spec.noun} ${id}`);
    },
    spec.examples,
  );
}
