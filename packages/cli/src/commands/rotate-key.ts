/**
 * `warden rotate-key`: rotates the vault's data key, resumes an interrupted
 * rotation, shows the keyring, or re-wraps the keyring under a new master
 * key. It opens the SQLite database directly, next to a running
 * `warden serve` (WAL mode lets both write; the server picks up a new key
 * version when it meets a value sealed under it). No key ever reaches the
 * output: only version numbers, counts and record ids.
 */
import { existsSync } from 'node:fs';
import type { SqliteStore } from '@warden/server';
import type { Command } from 'commander';
import type { CliEnv, CommandContext } from '../context.js';
import { CliError, EXIT, usage } from '../errors.js';
import { isFile } from '../io.js';
import { reportFailure } from '../output.js';
import { defineExitAction, nowSeconds, VAULT_EXIT } from './vault-common.js';

type ServerModule = typeof import('@warden/server');
type MasterKey = Awaited<ReturnType<ServerModule['loadMasterKey']>>['key'];
type ReencryptReport = Awaited<ReturnType<ServerModule['reencryptStale']>>;

interface RotateFlags {
  dataDir?: string;
  databaseUrl?: string;
  resume?: boolean;
  status?: boolean;
  newMasterKeyFile?: string;
  batchSize?: string;
}

/** What a run needs: the server module (loaded lazily), the open store, where the master key lives. */
interface Vault {
  server: ServerModule;
  store: SqliteStore;
  dataDir: string;
  env: Record<string, string | undefined>;
  /** The keyring as it was when the vault was opened. */
  keyring: { activeVersion: number; versions: number[]; staleRecords: boolean };
}

const MAX_BATCH_SIZE = 10_000;
/** Failed record ids listed in a message; the JSON document lists them all. */
const LISTED_FAILURES = 10;

function parseBatchSize(text: string): number {
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < 1 || Number(text) > MAX_BATCH_SIZE)
    throw usage('invalid_argument', `--batch-size must be an integer from 1 to ${MAX_BATCH_SIZE}`);
  return Number(text);
}

function notFound(code: string, message: string): CliError {
  return new CliError(code, message, { exitCode: VAULT_EXIT.absent });
}

/** Refuses flag combinations that make no sense; returns `--batch-size` parsed. */
function checkFlags(opts: RotateFlags): number | undefined {
  const modes = [
    opts.resume && '--resume',
    opts.status && '--status',
    opts.newMasterKeyFile !== undefined && '--new-master-key-file',
  ].filter(Boolean);
  if (modes.length > 1) throw usage('usage_error', `${modes.join(' and ')} cannot be combined`);
  if (opts.batchSize !== undefined && (opts.status || opts.newMasterKeyFile !== undefined))
    throw usage('usage_error', '--batch-size only applies to a rotation or --resume');
  return opts.batchSize === undefined ? undefined : parseBatchSize(opts.batchSize);
}

/** Resolves the database as `warden serve` does (same flags and variables), opens it, checks it has a keyring. */
async function openVault(opts: RotateFlags): Promise<Vault> {
  const server = await import('@warden/server');
  let config: ReturnType<ServerModule['loadConfig']>['config'];
  try {
    ({ config } = server.loadConfig({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl }, process.env));
  } catch (err) {
    if (err instanceof server.ConfigError) throw usage(err.code, err.message);
    throw err;
  }
  // Opening a missing file would create an empty vault: a mistyped --data-dir must not.
  if (!existsSync(config.databasePath))
    throw notFound('vault_not_found', `no vault database at ${config.databasePath}`);
  const store = new server.SqliteStore({ path: config.databasePath });
  try {
    await store.init();
    const keyring = await server.keyringStatus(store);
    if (keyring === undefined) {
      throw notFound(
        'keyring_missing',
        `${config.databasePath} holds no keyring yet; start warden serve on it once`,
      );
    }
    return { server, store, dataDir: config.dataDir, env: config.env, keyring };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** Writes the `keyring.rotate` audit row; the work is done by then, so a failure here only warns. */
async function audit(vault: Vault, ctx: CommandContext<RotateFlags>, ok: boolean, detail: string) {
  try {
    await vault.store.appendAudit(
      'keyring.rotate',
      null,
      ok,
      { orgId: null, principalId: null, sourceIp: 'local', detail },
      nowSeconds(),
    );
  } catch {
    ctx.out.warn('could not write the keyring.rotate audit event');
  }
}

function status(vault: Vault, ctx: CommandContext<RotateFlags>): number {
  const s = vault.keyring;
  ctx.out.result(
    { activeVersion: s.activeVersion, versions: s.versions, staleRecords: s.staleRecords },
    [
      `active data key version: ${s.activeVersion}`,
      `versions in the keyring: ${s.versions.join(', ')}`,
      s.staleRecords
        ? 'values under an older version: yes (run warden rotate-key --resume)'
        : 'values under an older version: none',
    ].join('\n'),
  );
  return EXIT.ok;
}

/** Stops a rotation between batches on SIGINT/SIGTERM; what is done stays done. */
function interruptible<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return run(controller.signal).finally(() => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  });
}

async function reencrypt(
  vault: Vault,
  ctx: CommandContext<RotateFlags>,
  batchSize: number | undefined,
): Promise<number> {
  const { opts, out, io } = ctx;
  const loaded = await vault.server.loadMasterKey({
    dataDir: vault.dataDir,
    env: vault.env,
    generate: false,
  });
  let lastNote = Date.now();
  const options = {
    ...(batchSize !== undefined && { batchSize }),
    onBatch: (p: ReencryptReport) => {
      if (Date.now() - lastNote < 1000) return;
      lastNote = Date.now();
      out.note(`... ${p.resealed} re-encrypted so far`);
    },
  };
  let report: ReencryptReport & { previousVersion?: number };
  try {
    report = await interruptible((signal) =>
      opts.resume
        ? vault.server.reencryptStale(vault.store, loaded.key, { ...options, signal })
        : vault.server.rotateDataKey(vault.store, loaded.key, { ...options, signal }),
    );
  } finally {
    loaded.key.dispose();
  }
  const ok = report.complete && report.failed.length === 0;
  const from = report.previousVersion;
  const counts = `resealed=${report.resealed} skipped=${report.skipped} failed=${report.failed.length}`;
  await audit(
    vault,
    ctx,
    ok,
    `${from === undefined ? 'resume' : `v${from}->v${report.activeVersion}`} ${counts} complete=${report.complete}`,
  );

  const code = ok ? EXIT.ok : EXIT.failure;
  if (out.json) {
    const failure = ok
      ? {}
      : { code: report.complete ? 'reencrypt_failed' : 'rotation_incomplete', exitCode: code };
    io.stdout(`${JSON.stringify({ ok, ...failure, ...report }, null, 2)}\n`);
  } else {
    const head =
      from === undefined
        ? `data key version ${report.activeVersion} is active`
        : `rotated the data key: version ${from} -> ${report.activeVersion}`;
    const n = report.resealed;
    io.stdout(
      `${head}\nre-encrypted ${n} value${n === 1 ? '' : 's'}; ${report.skipped} skipped (changed meanwhile), ${report.failed.length} failed\n`,
    );
  }
  const stderrOnly = { ...io, stdout: () => {} };
  if (report.failed.length > 0) {
    const ids = report.failed.slice(0, LISTED_FAILURES).map((f) => `${f.kind}:${f.id}`);
    const more =
      report.failed.length > LISTED_FAILURES ? ` and ${report.failed.length - LISTED_FAILURES} more` : '';
    reportFailure(
      stderrOnly,
      {
        code: 'reencrypt_failed',
        error: `${report.failed.length} record(s) do not open (tampered or corrupt) and were left as they are: ${ids.join(', ')}${more}`,
        exitCode: code,
      },
      false,
    );
  }
  if (!report.complete) {
    reportFailure(
      stderrOnly,
      {
        code: 'rotation_incomplete',
        error:
          'values remain under an older key version (interrupted, or records kept changing); run warden rotate-key --resume',
        exitCode: code,
      },
      false,
    );
  }
  return code;
}

/** What the operator does after a re-wrap; names where the key goes, never the key. */
function restartProcedure(oldOrigin: string, oldSource: string, newFile: string): string[] {
  const install =
    oldSource === 'env'
      ? `set ${oldOrigin} to the new key (the content of ${newFile}) wherever warden serve runs`
      : `replace ${oldOrigin} by the new key file: install -m 600 ${newFile} ${oldOrigin}`;
  return [
    `1. Put the new master key where every warden serve on this vault reads it: ${install}. Keep the old key backed up until every server has restarted.`,
    '2. Restart every warden serve. Until then a running server keeps working with the data keys it holds; a server (re)started with the old key fails with master_key_mismatch.',
    '3. Do not rotate the data key again until every server runs with the new master key: a server still on the old one could not open values sealed under the new data key.',
  ];
}

async function rewrap(vault: Vault, ctx: CommandContext<RotateFlags>, file: string): Promise<number> {
  if (!isFile(file)) throw usage('file_unreadable', `--new-master-key-file: cannot read ${file}`);
  const { server } = vault;
  const current = await server.loadMasterKey({ dataDir: vault.dataDir, env: vault.env, generate: false });
  let next: MasterKey | undefined;
  try {
    // The same checks as the server's key file (0600, 32 bytes as raw, hex or base64).
    next = (await server.loadMasterKey({ dataDir: vault.dataDir, env: { WARDEN_MASTER_KEY_FILE: file } }))
      .key;
    if (next.equals(current.key))
      throw usage('same_master_key', `${file} holds the master key already in use (${current.origin})`);
    const report = await server.rewrapMasterKey(vault.store, current.key, next);
    const versions = report.versions.join(', ');
    if (!report.alreadyWrapped) await audit(vault, ctx, true, `rewrap master key, versions ${versions}`);
    const steps = restartProcedure(current.origin, current.source, file);
    ctx.out.result(
      { ...report, next: steps },
      [
        report.alreadyWrapped
          ? 'the keyring is already wrapped under the new master key; nothing was written'
          : `re-wrapped data key version${report.versions.length === 1 ? '' : 's'} ${versions} under the new master key`,
        '',
        'Next:',
        ...steps.map((s) => `  ${s}`),
      ].join('\n'),
    );
    return EXIT.ok;
  } finally {
    current.key.dispose();
    next?.dispose();
  }
}

async function rotateKey(ctx: CommandContext<RotateFlags>): Promise<number> {
  const { opts } = ctx;
  const batchSize = checkFlags(opts);
  const vault = await openVault(opts);
  try {
    if (opts.status) return status(vault, ctx);
    if (opts.newMasterKeyFile !== undefined) return await rewrap(vault, ctx, opts.newMasterKeyFile);
    return await reencrypt(vault, ctx, batchSize);
  } finally {
    await vault.store.close();
  }
}

const HELP = `
Rotation runs online: start it next to a running warden serve on the same data
dir. The server opens values re-encrypted under the new version at once, and
seals new values under it after its next keyring reload (within a minute, or
at restart); rotate-key --status shows whether values are still under an older
version, rotate-key --resume re-encrypts them. Interrupting a rotation loses
nothing: every value stays readable under its old version until re-encrypted.

The master key comes from where the server takes it: WARDEN_MASTER_KEY,
WARDEN_MASTER_KEY_FILE, or <data dir>/master.key. No key is ever printed.

Examples:
  $ warden rotate-key --data-dir /var/lib/warden
  $ warden rotate-key --status --json
  $ warden rotate-key --resume --batch-size 500
  $ warden rotate-key --new-master-key-file /secure/new-master.key

Exit codes:
  0  done: every value is under the active version (or: status shown, keyring re-wrapped)
  1  usage error: bad flags, unreadable key file
  2  refused or incomplete: wrong master key, records that do not open, interrupted
  3  no vault (database) or no keyring at that place`;

/** Registers `warden rotate-key`. */
export function registerRotateKey(program: Command, env: CliEnv): void {
  program
    .command('rotate-key')
    .description("rotate the vault's data key online and re-encrypt every value under it")
    .option('--data-dir <dir>', 'the vault data dir [WARDEN_DATA_DIR, SIRR_DATA_DIR; default ./.warden]')
    .option('--database-url <url>', 'sqlite:<path> [WARDEN_DATABASE_URL; default <data-dir>/vault.db]')
    .option('--resume', 're-encrypt values still under an older version, without rotating')
    .option('--status', 'show the key versions and whether values remain under an older one')
    .option('--new-master-key-file <file>', 're-wrap the keyring under the master key in this 0600 file')
    .option('--batch-size <n>', `values per batch (1-${MAX_BATCH_SIZE}, default 100)`)
    .option('--json', 'machine-readable output')
    .option('-q, --quiet', 'no notes on stderr')
    .addHelpText('after', HELP)
    .action(defineExitAction<RotateFlags>(env, rotateKey));
}
