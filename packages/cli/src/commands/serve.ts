import type { ServeFlags, SettingSpec } from '@warden/server';
import { Command } from 'commander';
import { type CliEnv, defineAction } from '../context.js';
import { usage } from '../errors.js';

type ServerModule = typeof import('@warden/server');

/** Help for the settings that are environment-only (secrets never go in argv, where `ps` shows them). */
function envHelp(specs: readonly SettingSpec[]): string {
  return `
Environment only:
  WARDEN_ADMIN_TOKEN (alias SIRR_API_KEY)   admin token; default: generated at first start,
                                            printed once to stderr, only its SHA-256 kept
  WARDEN_MASTER_KEY                         32-byte master key, hex or base64; default: a
                                            0600 key file generated in the data dir
  WARDEN_MASTER_KEY_FILE                    path of a master key file
${specs
  .filter((s) => s.flag === undefined)
  .map(
    (s) =>
      `  ${s.env.join(', ')}\n      ${s.description} (default ${s.default === '' ? 'unset' : s.default})`,
  )
  .join('\n')}

Every flag also reads the variables listed with it; a flag wins over WARDEN_*,
which wins over its SIRR_* alias. Stop with SIGINT or SIGTERM: in-flight
requests finish, then the store closes.

Examples:
  $ warden serve                                  # 127.0.0.1:8080, data in ./.warden
  $ WARDEN_ADMIN_TOKEN=... warden serve --host 0.0.0.0 --port 39999 --data-dir /var/lib/warden`;
}

function optionHelp(s: SettingSpec): string {
  return `${s.description} [${s.env.join(', ')}; default ${s.default === '' ? 'unset' : s.default}]`;
}

/** The real `serve` command, whose flags come from the server's settings table. */
function serveCommand(server: ServerModule, env: CliEnv): Command {
  const specs: SettingSpec[] = Object.values(server.SETTINGS);
  const cmd = new Command('warden serve')
    .description('run the vault server (Sirr v1 HTTP API, SQLite)')
    .configureOutput({ writeOut: (s) => env.io.stdout(s), writeErr: (s) => env.io.stderr(s) })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  for (const s of specs) if (s.flag !== undefined) cmd.option(s.flag, optionHelp(s));
  cmd.option('--json', 'report a startup failure as JSON on stdout');
  return cmd.addHelpText('after', envHelp(specs)).action(
    defineAction<ServeFlags>(env, async ({ opts, io }) => {
      let loaded: ReturnType<typeof server.loadConfig>;
      try {
        loaded = server.loadConfig(opts, process.env);
      } catch (err) {
        if (err instanceof server.ConfigError) throw usage(err.code, err.message);
        throw err;
      }
      for (const warning of loaded.warnings) io.stderr(`warden: warning: ${warning}\n`);
      const running = await server.startServer(loaded.config, { stderr: (text) => io.stderr(text) });
      await running.closed;
    }),
  );
}

/**
 * Registers `warden serve`: runs the vault server until SIGINT/SIGTERM.
 *
 * The server (Fastify, SQLite) loads only when `serve` runs: the other
 * commands start without it. So the command registered here is a stub that
 * hands its arguments, `--help` included, to the real command built from the
 * server's settings table.
 */
export function registerServe(program: Command, env: CliEnv): void {
  program
    .command('serve')
    .description('run the vault server (Sirr v1 HTTP API, SQLite)')
    .usage('[options]')
    .addHelpText('after', '\nIts flags and environment variables: warden serve --help')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (...params: unknown[]) => {
      const stub = params[params.length - 1] as Command;
      const server = await import('@warden/server');
      await serveCommand(server, env).parseAsync(stub.args, { from: 'user' });
    });
}
