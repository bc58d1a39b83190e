/** `warden list | prune | audit`: metadata and housekeeping, never values. */
import type { AuditEvent, SecretMeta } from '@warden/client';
import type { Command } from 'commander';
import { type CliEnv, type CommandContext, defineAction } from '../context.js';
import { table } from '../table.js';
import { relative } from '../warrant-format.js';
import {
  type ConnectionOptions,
  connect,
  connectionFlags,
  iso,
  nowSeconds,
  parseLimit,
  parseSince,
  VAULT_EXIT_HELP,
} from './vault-common.js';

interface AuditFlags extends ConnectionOptions {
  since?: string;
  until?: string;
  action?: string;
  limit?: string;
}

function secretRow(m: SecretMeta, now: number): string[] {
  return [
    m.key,
    m.maxReads === null ? `${m.readCount}/unlimited` : `${m.readCount}/${m.maxReads}`,
    m.expiresAt === null ? 'never' : relative(m.expiresAt, now),
    m.maxReads !== null && m.readCount >= m.maxReads ? 'sealed' : m.delete ? 'burn' : 'seal',
  ];
}

async function list(ctx: CommandContext<ConnectionOptions>): Promise<void> {
  const secrets = await connect(ctx.opts, ctx.out).list();
  const now = nowSeconds();
  ctx.out.result(
    { secrets },
    secrets.length === 0
      ? undefined
      : table(
          ['KEY', 'READS', 'EXPIRES', 'LAST READ'],
          secrets.map((m) => secretRow(m, now)),
        ),
  );
  if (secrets.length === 0) ctx.out.note('no secrets');
}

async function prune(ctx: CommandContext<ConnectionOptions>): Promise<void> {
  const pruned = await connect(ctx.opts, ctx.out).prune();
  ctx.out.result({ pruned }, `pruned ${pruned} expired or burned secret${pruned === 1 ? '' : 's'}`);
}

function auditRow(e: AuditEvent): string[] {
  return [iso(e.timestamp), e.action, e.success ? 'ok' : 'FAILED', e.key ?? '-', e.sourceIp, e.detail ?? ''];
}

async function audit(ctx: CommandContext<AuditFlags>): Promise<void> {
  const { opts } = ctx;
  const now = nowSeconds();
  const events = await connect(opts, ctx.out).audit({
    ...(opts.since !== undefined && { since: parseSince(opts.since, '--since', now) }),
    ...(opts.until !== undefined && { until: parseSince(opts.until, '--until', now) }),
    ...(opts.action !== undefined && { action: opts.action }),
    ...(opts.limit !== undefined && { limit: parseLimit(opts.limit) }),
  });
  ctx.out.result(
    { events },
    events.length === 0
      ? undefined
      : table(['TIME', 'ACTION', 'RESULT', 'KEY', 'SOURCE', 'DETAIL'], events.map(auditRow)),
  );
  if (events.length === 0) ctx.out.note('no audit events');
}

/** Registers `list`, `prune`, `audit`. */
export function registerListCommands(program: Command, env: CliEnv): void {
  connectionFlags(
    program.command('list').description('list secrets: key, reads used/allowed, expiry; never values'),
  )
    .addHelpText('after', VAULT_EXIT_HELP)
    .action(defineAction<ConnectionOptions>(env, list));

  connectionFlags(
    program.command('prune').description('remove expired and burned secrets now; prints how many'),
  )
    .addHelpText('after', VAULT_EXIT_HELP)
    .action(defineAction<ConnectionOptions>(env, prune));

  connectionFlags(
    program
      .command('audit')
      .description('show audit events, newest first (never values)')
      .option('--since <time>', 'from: Unix seconds, ISO 8601, or a duration ago (1h, 7d)')
      .option('--until <time>', 'until: same forms as --since')
      .option('--action <name>', 'only this action, e.g. secret.read, secret.burn, auth.failure')
      .option('--limit <n>', 'at most N events (1-1000, server default 100)'),
  )
    .addHelpText('after', `\nExamples:\n  $ warden audit --since 1h --action secret.read\n${VAULT_EXIT_HELP}`)
    .action(defineAction<AuditFlags>(env, audit));
}
