import type { Command } from 'commander';
import type { CliEnv } from '../context.js';
import { registerKeys, registerMe } from './admin-keys.js';
import { registerOrgs } from './admin-orgs.js';
import { registerPrincipals } from './admin-principals.js';
import { registerRoles } from './admin-roles.js';
import { registerWebhooks } from './admin-webhooks.js';

/**
 * Registers the administrative command groups: webhooks, orgs, principals,
 * roles, keys, and `me`. Like the vault commands they talk to `warden serve`
 * through `@warden/client`; exit 3 means the thing named does not exist.
 */
export function registerAdmin(program: Command, env: CliEnv): void {
  registerWebhooks(program, env);
  registerOrgs(program, env);
  registerPrincipals(program, env);
  registerRoles(program, env);
  registerKeys(program, env);
  registerMe(program, env);
}
