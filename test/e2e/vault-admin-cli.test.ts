/**
 * Black-box test of the admin commands: a real `warden serve` process on a
 * free loopback port, and the built `warden` binary run as separate
 * processes against it, through the whole onboarding of an agent: org, role,
 * principal, a key minted by the admin, `me` with that key, the principal's
 * own keys, webhooks. Checks exit codes, and that the admin token, raw keys
 * and webhook secrets appear only where they must (and never in the server's
 * logs). Assumes `npm run build` (or `npm test`); builds the CLI only when
 * dist/ is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  type Run,
  randomText,
  startVault,
  tempDir,
  type VaultProcess,
  warden,
} from './vault-harness.js';

const ADMIN = randomText('e2e-admin');
const HOOK = 'https://hooks.example.invalid/warden';
let vault: VaultProcess;
/** Shown-once secrets seen so far: only the command that created one may print it. */
const SHOWN_ONCE: string[] = [];

/** Runs the CLI with `token` (default the admin token); nothing it prints contains a token or earlier secret. */
async function cli(args: string[], token = ADMIN): Promise<Run> {
  const r = await warden(args, { WARDEN_SERVER: vault.url, WARDEN_TOKEN: token });
  expect(r.stdout + r.stderr).not.toContain(ADMIN);
  expect(r.stdout + r.stderr).not.toContain(token);
  for (const s of SHOWN_ONCE) expect(r.stdout + r.stderr).not.toContain(s);
  return r;
}

// biome-ignore lint/suspicious/noExplicitAny: the CLI's JSON documents are read loosely.
const doc = (r: Run): any => JSON.parse(r.stdout);

beforeAll(async () => {
  vault = await startVault({ dataDir: tempDir('admin-cli'), adminToken: ADMIN, logLevel: 'trace' });
});
afterAll(async () => {
  await vault?.stop();
  await cleanup();
});

describe('warden admin commands, end to end', () => {
  it('org -> role -> principal -> admin-minted key -> me -> own keys -> webhooks', async () => {
    // An org, and a role for agents that may read /me (a), manage their keys (m) and read/list secrets.
    const org = await cli(['orgs', 'create', 'e2e-acme', '--meta', 'env=test']);
    expect(org.status, org.stderr).toBe(0);
    const orgId = org.stdout.trim();
    expect(orgId).toMatch(/^[0-9a-f]+$/);
    const role = await cli(['roles', 'create', '--org', orgId, 'agent', 'rlam']);
    expect(role.status, role.stderr).toBe(0);
    expect(role.stdout).toBe('role agent: rlam\n');

    const principal = await cli(['principals', 'create', '--org', orgId, 'crew-agent', '--role', 'agent']);
    expect(principal.status, principal.stderr).toBe(0);
    const principalId = principal.stdout.trim();
    const listed = await cli(['principals', 'list', '--org', orgId, '--json']);
    expect(doc(listed).principals).toEqual([expect.objectContaining({ id: principalId, role: 'agent' })]);

    // The admin mints the principal's first key: printed once, alone on stdout.
    const minted = await cli([
      'principals',
      'key',
      '--org',
      orgId,
      principalId,
      '--name',
      'crew-ci',
      '--valid-for',
      '30d',
    ]);
    expect(minted.status, minted.stderr).toBe(0);
    expect(minted.stdout).toMatch(/^sirr_key_[0-9a-f]{32}\n$/);
    expect(minted.stderr).toContain('shown only this once');
    const key = minted.stdout.trim();
    SHOWN_ONCE.push(key);

    // `me` with that key: who it is and its keys, never a key. The admin token is no principal.
    const me = await cli(['me', '--json'], key);
    expect(me.status, me.stderr).toBe(0);
    expect(doc(me)).toMatchObject({
      ok: true,
      id: principalId,
      name: 'crew-agent',
      role: 'agent',
      orgId,
      keys: [{ name: 'crew-ci' }],
    });
    const meHuman = await cli(['me'], key);
    expect(meHuman.stdout).toContain(`org:      ${orgId}`);
    expect(meHuman.stdout).toMatch(/crew-ci\s+\S+\s+\S+ \(in (29d 23h|30d 0h)\)/);
    const adminMe = await cli(['me']);
    expect(adminMe.status).toBe(2);
    expect(adminMe.stderr).toContain('[forbidden]');
    // A principal cannot mint keys for principals: admin only.
    const notAdmin = await cli(['principals', 'key', '--org', orgId, principalId, '--name', 'x'], key);
    expect(notAdmin.status).toBe(2);
    expect(notAdmin.stderr).toContain('[forbidden]');

    // The principal's own keys: create (shown once), use it, delete it, delete again -> 3.
    const created = await cli(['keys', 'create', 'crew-second', '--valid-for', '1h', '--json'], key);
    expect(created.status, created.stderr).toBe(0);
    const second = doc(created);
    expect(second).toMatchObject({ ok: true, name: 'crew-second', key: expect.stringMatching(/^sirr_key_/) });
    SHOWN_ONCE.push(second.key);
    expect(
      doc(await cli(['me', '--json'], second.key))
        .keys.map((k: { name: string }) => k.name)
        .sort(),
    ).toEqual(['crew-ci', 'crew-second']);
    const keyList = await cli(['keys', 'list'], key);
    expect(keyList.stdout).toMatch(/^ID\s+NAME\s+VALID FROM\s+VALID UNTIL\n/);
    const deleted = await cli(['keys', 'delete', second.id], key);
    expect(deleted.status, deleted.stderr).toBe(0);
    expect(deleted.stdout).toBe(`deleted key ${second.id}\n`);
    const deletedAgain = await cli(['keys', 'delete', second.id], key);
    expect(deletedAgain.status).toBe(3);
    expect(deletedAgain.stderr).toContain('[not_found]');
    const revoked = await cli(['me'], second.key);
    expect(revoked.status).toBe(2);
    expect(revoked.stderr).toContain('[unauthorized]');

    // Webhooks of the org: the signing secret once, on create only.
    const hook = await cli(['webhooks', 'create', HOOK, '--org', orgId, '--event', 'secret.burn']);
    expect(hook.status, hook.stderr).toBe(0);
    expect(hook.stdout).toMatch(/^whsec_[0-9a-f]+\n$/);
    SHOWN_ONCE.push(hook.stdout.trim());
    const hookId = /created webhook (\S+)/.exec(hook.stderr)?.[1] as string;
    const hooks = await cli(['webhooks', 'list', '--org', orgId]);
    expect(hooks.status).toBe(0);
    expect(hooks.stdout).toMatch(new RegExp(`${hookId}\\s+${HOOK}\\s+secret.burn`));
    expect((await cli(['webhooks', 'list'])).stdout).not.toContain(hookId);
    expect((await cli(['webhooks', 'delete', hookId, '--org', orgId])).status).toBe(0);
    const hookGone = await cli(['webhooks', 'delete', hookId, '--org', orgId, '--json']);
    expect(hookGone.status).toBe(3);
    expect(doc(hookGone)).toMatchObject({ ok: false, code: 'not_found', exitCode: 3 });
    expect(doc(await cli(['webhooks', 'list', '--org', orgId, '--json'])).webhooks).toEqual([]);

    // Teardown in the order the vault demands: a principal with keys, and an org with principals, stay.
    const busy = await cli(['principals', 'delete', '--org', orgId, principalId]);
    expect(busy.status).toBe(2);
    expect(busy.stderr).toContain('[principal_has_keys]');
    const firstKeyId = doc(await cli(['me', '--json'], key)).keys[0].id as string;
    expect((await cli(['keys', 'delete', firstKeyId], key)).status).toBe(0);
    expect((await cli(['principals', 'delete', '--org', orgId, principalId])).status).toBe(0);
    expect((await cli(['roles', 'delete', '--org', orgId, 'agent'])).status).toBe(0);
    expect((await cli(['orgs', 'delete', orgId])).status).toBe(0);
    expect((await cli(['orgs', 'delete', orgId])).status).toBe(3);

    // Usage errors never reach the vault: exit 1.
    expect((await cli(['roles', 'list'])).status).toBe(1);
    expect((await cli(['principals', 'create', '--org', orgId, 'x'])).status).toBe(1);

    // Not even the most verbose server log carries a token, a raw key or a webhook secret.
    const logs = vault.output();
    expect(logs).toContain('/me/keys'); // the requests were logged: the check below looks at something
    expect(logs).not.toContain(ADMIN);
    for (const s of SHOWN_ONCE) expect(logs).not.toContain(s);
  });
});
