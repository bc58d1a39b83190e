import type { Command } from 'commander';
import type { CliEnv } from '../context.js';
import { registerListCommands } from './vault-list.js';
import { registerPull } from './vault-pull.js';
import { registerRun } from './vault-run.js';
import { registerSecretCommands } from './vault-secrets.js';

/**
 * Registers the vault commands: push, get, head, patch, delete, list, pull,
 * run, prune, audit. They talk to a vault server (`warden serve`) through
 * `@warden/client`; exit 3 means the secret is absent (see their --help).
 */
export function registerVault(program: Command, env: CliEnv): void {
  registerSecretCommands(program, env);
  registerListCommands(program, env);
  registerPull(program, env);
  registerRun(program, env);
}
