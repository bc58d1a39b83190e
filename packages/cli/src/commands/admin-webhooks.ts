/** `warden webhooks create | list | delete`: an org's webhooks (--org), or the public bucket's. */
import type { Webhook } from '@warden/client';
import type { Command } from 'commander';
import type { CliEnv, CommandContext } from '../context.js';
import { collectList } from '../parse-options.js';
import { type AdminFlags, adminClient, shownOnce, when } from './admin-common.js';
import { adminAction, adminGroup, registerDelete, registerList } from './admin-subcommands.js';

interface CreateFlags extends AdminFlags {
  event?: string[];
}

function scopeName(org: string | undefined): string {
  return org === undefined ? 'the public bucket' : `org ${org}`;
}

async function create(ctx: CommandContext<CreateFlags>): Promise<void> {
  const url = ctx.args[0] as string;
  const client = adminClient(ctx.opts, ctx.out, 'scope');
  const events = ctx.opts.event;
  const hook = await client.webhooks.create(url, events === undefined ? {} : { events });
  shownOnce(
    ctx,
    hook.secret,
    { id: hook.id, url, events: events ?? ['*'], secret: hook.secret, orgId: client.org ?? null },
    `warden: created webhook ${hook.id} of ${scopeName(client.org)} for ${url} (events: ${(events ?? ['*']).join(', ')}).\n` +
      'warden: its signing secret (above) is shown only this once: store it where the receiver verifies signatures.',
  );
}

const EXAMPLES = `
Webhooks receive a POST for each audit event they subscribe to, signed with HMAC-SHA256
over a timestamp and the body. With --org (or WARDEN_ORG) they are the org's (admin token, or
a principal of the org with M); without, the public bucket's (admin token only). The signing
secret is printed once, by create, alone on stdout; list never shows it.

Examples:
  $ warden webhooks create https://hooks.example.com/warden --org "$ORG" --event secret.read --event secret.burn
  $ SECRET="$(warden webhooks create https://hooks.example.com/all --org "$ORG")"
  $ warden webhooks list --org "$ORG"
  $ warden webhooks delete 3f2a9c1b0d4e5f60 --org "$ORG"`;

/** Registers the `warden webhooks` group. */
export function registerWebhooks(program: Command, env: CliEnv): void {
  const group = adminGroup(
    program,
    'webhooks',
    "manage webhooks: an org's (--org) or the public bucket's",
    EXAMPLES,
  );

  adminAction<CreateFlags>(
    group
      .command('create')
      .description('register a webhook; prints its signing secret once')
      .argument('<url>', 'https URL to POST events to (private and loopback addresses are refused)')
      .option(
        '-e, --event <action>',
        'audit action to send (secret.create, secret.read, secret.burn, ...; default all); repeatable',
        collectList,
      ),
    env,
    'scope',
    create,
    EXAMPLES,
  );

  registerList(group, env, 'scope', {
    description: 'list webhooks: id, URL, events (never secrets)',
    name: 'webhooks',
    header: ['ID', 'URL', 'EVENTS', 'CREATED'],
    fetch: (client) => client.webhooks.list(),
    row: (w: Webhook) => [w.id, w.url, w.events.join(','), when(w.createdAt)],
  });

  registerDelete(group, env, 'scope', {
    description: 'delete a webhook; exit 3 if there is none',
    argument: ['id', 'webhook id'],
    noun: 'webhook',
    remove: (client, id) => client.webhooks.delete(id),
    owner: (client) => scopeName(client.org),
  });
}
