import {
  ConfigError,
  loadConfig,
  SETTINGS,
  type ServeFlags,
  type SettingSpec,
  startServer,
} from '@warden/server';
import type { Command } from 'commander';
import { type CliEnv, defineAction } from '../context.js';
import { usage } from '../errors.js';

const specs: SettingSpec[] = Object.values(SETTINGS);

/** Help for the settings that are environment-only (secrets never go in argv, where `ps` shows them). */
const ENV_HELP = `
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

function optionHelp(s: SettingSpec): string {
  return `${s.description} [${s.env.join(', ')}; default ${s.default === '' ? 'unset' : s.default}]`;
}

/** Registers `warden serve`: runs the vault server until SIGINT/SIGTERM. */
export function registerServe(program: Command, env: CliEnv): void {
  const cmd = program.command('serve').description('run the vault server (Sirr v1 HTTP API, SQLite)');
  for (const s of specs) if (s.flag !== undefined) cmd.option(s.flag, optionHelp(s));
  cmd.option('--json', 'report a startup failure as JSON on stdout');
  cmd.addHelpText('after', ENV_HELP).action(
    defineAction<ServeFlags>(env, async ({ opts, io }) => {
      let loaded: ReturnType<typeof loadConfig>;
      try {
        loaded = loadConfig(opts, process.env);
      } catch (err) {
        if (err instanceof ConfigError) throw usage(err.code, err.message);
        throw err;
      }
      for (const warning of loaded.warnings) io.stderr(`warden: warning: ${warning}\n`);
      const server = await startServer(loaded.config, { stderr: (text) => io.stderr(text) });
      await server.closed;
    }),
  );
}
