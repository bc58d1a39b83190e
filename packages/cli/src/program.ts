import { setAuditSink, stderrAuditSink } from '@warden/warrant';
import { Command, CommanderError } from 'commander';
import { registerAdmin } from './commands/admin-commands.js';
import { registerKeygen } from './commands/keygen.js';
import { registerRedact } from './commands/redact.js';
import { registerRotateKey } from './commands/rotate-key.js';
import { registerServe } from './commands/serve.js';
import { registerVault } from './commands/vault.js';
import { registerWarrant } from './commands/warrant.js';
import type { CliEnv } from './context.js';
import { EXIT, toFailure } from './errors.js';
import { type CliIo, processIo } from './io.js';
import { reportFailure } from './output.js';

/** The package version, printed by `warden --version`. */
export const VERSION = '0.1.0';

const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  usage error: bad flags, unreadable file, malformed --constraint or key
  2  refused: a warrant failed to decode, verify, attenuate or authorize

Output: results go to stdout, notes and errors (with a stable code) to stderr.
--json makes stdout a single JSON document: { "ok": true, ... } or
{ "ok": false, "code": "...", "error": "..." }.`;

/**
 * Builds the `warden` program. Command groups register themselves from
 * `src/commands/*`; a new group (vault, serve, redact) is one more file and
 * one more line here.
 */
export function createProgram(env: CliEnv): Command {
  const program = new Command('warden')
    .description('Short-lived, narrowly scoped credentials for AI agents.')
    .version(VERSION, '-V, --version')
    .option('--audit', 'write warrant audit events as JSON lines to stderr')
    .configureOutput({
      writeOut: (s) => env.io.stdout(s),
      writeErr: (s) => env.io.stderr(s),
    })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP);
  // The library audits to stdout by default, which would mix JSON lines into a warrant on stdout.
  program.hook('preAction', (_root, action) => {
    setAuditSink(action.optsWithGlobals<{ audit?: boolean }>().audit ? stderrAuditSink : null);
  });
  registerKeygen(program, env);
  registerWarrant(program, env);
  registerServe(program, env);
  registerVault(program, env);
  registerRotateKey(program, env);
  registerAdmin(program, env);
  registerRedact(program, env);
  return program;
}

/**
 * Runs `warden` with `argv` (as `process.argv`: node and script first) and
 * returns the exit code; never calls `process.exit`, so output is flushed.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const previousSink = setAuditSink(null);
  const env: CliEnv = { io, exitCode: EXIT.ok };
  try {
    await createProgram(env).parseAsync([...argv]);
    return env.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; every parse error is a usage error (1).
      if (err.exitCode === 0) return EXIT.ok;
      if (argv.includes('--json')) {
        reportFailure(
          { ...io, stderr: () => {} },
          { code: 'usage_error', error: err.message.replace(/^error: /, ''), exitCode: EXIT.usage },
          true,
        );
      }
      return EXIT.usage;
    }
    const failure = toFailure(err);
    reportFailure(io, failure, argv.includes('--json'));
    if (process.env.WARDEN_DEBUG) io.stderr(`${String((err as Error)?.stack ?? err)}\n`);
    return failure.exitCode;
  } finally {
    setAuditSink(previousSink);
  }
}
