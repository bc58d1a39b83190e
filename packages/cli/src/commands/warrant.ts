import type { Command } from 'commander';
import type { CliEnv } from '../context.js';
import { registerAttenuate, registerIssue } from './warrant-build.js';
import { registerInspect, registerSign, registerVerify } from './warrant-check.js';

/** Registers the `warden warrant` group: issue, attenuate, inspect, verify, sign. */
export function registerWarrant(program: Command, env: CliEnv): void {
  const group = program
    .command('warrant')
    .description('issue, attenuate, inspect and verify Tenuo-compatible warrants')
    .addHelpText('after', '\nEvery subcommand takes --help, with examples.');
  registerIssue(group, env);
  registerAttenuate(group, env);
  registerInspect(group, env);
  registerVerify(group, env);
  registerSign(group, env);
}
