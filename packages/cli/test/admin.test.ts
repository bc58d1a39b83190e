/**
 * The admin commands (orgs, roles, principals, keys, me, webhooks)
 * in-process (captured streams) against the real vault server, started with
 * `startServer` on 127.0.0.1:0 with a temp data dir.
 */
import { describe, expect, it, vi } from 'vitest';
import { expectNotPrinted, type Run, runWarden } from './support/cli.js';
import { useVault } from './support/server.js';

const vault = useVault('admin');
const ADMIN = vault.admin;
/** Shown-once secrets (raw keys, webhook signing secrets): only the command that made one may print it. */
const SHOWN_ONCE: string[] = [];
/** A hostname no resolver answers: the vault accepts it, and nothing is ever delivered. */
const HOOK = 'https://hooks.example.invalid/warden';

async function warden(args: string[], token = ADMIN): Promise<Run> {
  vi.stubEnv('WARDEN_TOKEN', token);
  const r = await runWarden(args);
  // The token in use is never printed, whatever the command.
  expectNotPrinted(r, [token, ADMIN]);
  return r;
}

/** No shown-once secret appears in the run's output. */
function noSecrets(r: Run): void {
  expectNotPrinted(r, SHOWN_ONCE);
}

function json<T = Record<string, unknown>>(r: Run): T {
  return JSON.parse(r.stdout) as T;
}

/** An org with a role `agent` (rlcam + A) and a principal holding it; returns their ids. */
async function setup(name: string): Promise<{ org: string; principal: string }> {
  const o = await warden(['orgs', 'create', name]);
  expect(o.code, o.stderr).toBe(0);
  const org = o.stdout.trim();
  expect((await warden(['roles', 'create', '--org', org, 'agent', 'rlcaAm'])).code).toBe(0);
  const p = await warden(['principals', 'create', '--org', org, `${name}-bot`, '--role', 'agent']);
  expect(p.code, p.stderr).toBe(0);
  return { org, principal: p.stdout.trim() };
}

/** Mints a key for `principal` with the admin token; returns the raw key. */
async function mint(org: string, principal: string, name: string): Promise<string> {
  const r = await warden(['principals', 'key', '--org', org, principal, '--name', name]);
  expect(r.code, r.stderr).toBe(0);
  const key = r.stdout.trim();
  SHOWN_ONCE.push(key);
  return key;
}

describe('orgs', () => {
  it('create prints the id alone; list shows name and metadata; delete exits 0, then 3', async () => {
    const r = await warden(['orgs', 'create', 'acme', '--meta', 'team=platform', '--meta', 'tier=gold']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^[0-9a-f]+\n$/);
    expect(r.stderr).toContain('created org "acme"');
    const id = r.stdout.trim();
    const list = await warden(['orgs', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^ID\s+NAME\s+CREATED\s+METADATA/);
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+acme\\s+\\S+\\s+team=platform, tier=gold`));
    const j = json<{ ok: boolean; orgs: { id: string; metadata: Record<string, string> }[] }>(
      await warden(['orgs', 'list', '--json']),
    );
    expect(j.ok).toBe(true);
    expect(j.orgs.find((o) => o.id === id)?.metadata).toEqual({ team: 'platform', tier: 'gold' });
    const del = await warden(['orgs', 'delete', id]);
    expect(del.code).toBe(0);
    expect(del.stdout).toBe(`deleted org ${id}\n`);
    const again = await warden(['orgs', 'delete', id, '--json']);
    expect(again.code).toBe(3);
    expect(json(again)).toMatchObject({ ok: false, code: 'not_found', exitCode: 3 });
  });

  it('create --json gives the org; a malformed --meta is a usage error', async () => {
    const r = await warden(['orgs', 'create', 'json-org', '--json']);
    expect(json(r)).toMatchObject({ ok: true, org: { name: 'json-org', metadata: {} } });
    const bad = await warden(['orgs', 'create', 'x', '--meta', 'novalue']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('[invalid_argument]');
    const twice = await warden(['orgs', 'create', 'x', '--meta', 'a=1', '--meta', 'a=2']);
    expect(twice.code).toBe(1);
  });
});

describe('roles and principals', () => {
  it('roles need --org (or WARDEN_ORG); create, list (built-in and org), delete, 3 when absent', async () => {
    const noOrg = await warden(['roles', 'list']);
    expect(noOrg.code).toBe(1);
    expect(noOrg.stderr).toContain('[missing_org]');
    const org = (await warden(['orgs', 'create', 'roles-org'])).stdout.trim();
    const c = await warden(['roles', 'create', '--org', org, 'ops', 'Llr']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toBe('role ops: rlL\n');
    vi.stubEnv('WARDEN_ORG', org);
    const list = await warden(['roles', 'list']);
    expect(list.stdout).toMatch(/reader\s+rla\s+built-in/);
    expect(list.stdout).toMatch(/ops\s+rlL\s+org/);
    const bad = await warden(['roles', 'create', 'bad', 'rz']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('[invalid_permissions]');
    expect((await warden(['roles', 'delete', 'ops'])).code).toBe(0);
    const gone = await warden(['roles', 'delete', 'ops']);
    expect(gone.code).toBe(3);
    expect(gone.stderr).toContain('[not_found]');
  });

  it('principals: create prints the id, list shows the role; a role in use and a principal with keys are refused', async () => {
    const { org, principal } = await setup('pr');
    const list = await warden(['principals', 'list', '--org', org]);
    expect(list.stdout).toMatch(new RegExp(`${principal}\\s+pr-bot\\s+agent`));
    const j = json<{ principals: { id: string; orgId: string }[] }>(
      await warden(['principals', 'list', '--org', org, '--json']),
    );
    expect(j.principals).toEqual([expect.objectContaining({ id: principal, orgId: org })]);
    const inUse = await warden(['roles', 'delete', '--org', org, 'agent']);
    expect(inUse.code).toBe(2);
    expect(inUse.stderr).toContain('[role_in_use]');
    const unknownRole = await warden(['principals', 'create', '--org', org, 'x', '--role', 'nope']);
    expect(unknownRole.code).toBe(2);
    expect(unknownRole.stderr).toContain('[invalid_role]');
    await mint(org, principal, 'pr-key');
    const hasKeys = await warden(['principals', 'delete', '--org', org, principal]);
    expect(hasKeys.code).toBe(2);
    expect(hasKeys.stderr).toContain('[principal_has_keys]');
    const other = (
      await warden(['principals', 'create', '--org', org, 'other', '--role', 'reader'])
    ).stdout.trim();
    expect((await warden(['principals', 'delete', '--org', org, other])).code).toBe(0);
    expect((await warden(['principals', 'delete', '--org', org, other])).code).toBe(3);
  });

  it('principals key: the raw key alone on stdout, a shown-once note on stderr; admin only', async () => {
    const { org, principal } = await setup('pk');
    const r = await warden([
      'principals',
      'key',
      '--org',
      org,
      principal,
      '--name',
      'pk-ci',
      '--valid-for',
      '30d',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^sirr_key_[0-9a-f]{32}\n$/);
    expect(r.stderr).toContain('shown only this once');
    expect(r.stderr).not.toContain(r.stdout.trim());
    const key = r.stdout.trim();
    SHOWN_ONCE.push(key);
    const j = await warden(['principals', 'key', '--org', org, principal, '--name', 'pk-json', '--json']);
    const doc = json<{ ok: boolean; key: string; name: string; validBefore: number; validAfter: number }>(j);
    expect(doc).toMatchObject({ ok: true, name: 'pk-json', key: expect.stringMatching(/^sirr_key_/) });
    expect(doc.validBefore - doc.validAfter).toBe(365 * 86_400);
    SHOWN_ONCE.push(doc.key);
    // A principal cannot mint keys for principals, not even itself (it uses `keys create`).
    const refused = await warden(['principals', 'key', '--org', org, principal, '--name', 'x'], key);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('[forbidden]');
    const taken = await warden(['principals', 'key', '--org', org, principal, '--name', 'pk-ci']);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('[key_name_taken]');
    const absent = await warden(['principals', 'key', '--org', org, 'f'.repeat(32), '--name', 'y']);
    expect(absent.code).toBe(3);
    // Lists never show a key.
    noSecrets(await warden(['principals', 'list', '--org', org, '--json']));
    noSecrets(await warden(['me', '--json'], key));
  });
});

describe('me and keys', () => {
  it('me shows the principal and its keys, never a key; the admin token gets 403 with a hint', async () => {
    const { org, principal } = await setup('me');
    const key = await mint(org, principal, 'me-key');
    const r = await warden(['me'], key);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`id:       ${principal}`);
    expect(r.stdout).toContain('role:     agent');
    expect(r.stdout).toMatch(/ID\s+NAME\s+VALID FROM\s+VALID UNTIL/);
    expect(r.stdout).toMatch(/me-key\s+\S+\s+\S+ \(in 36[45]d/);
    noSecrets(r);
    const j = json<{ ok: boolean; id: string; orgId: string; keys: { name: string }[] }>(
      await warden(['me', '--json'], key),
    );
    expect(j).toMatchObject({ ok: true, id: principal, orgId: org, keys: [{ name: 'me-key' }] });
    const admin = await warden(['me']);
    expect(admin.code).toBe(2);
    expect(admin.stderr).toContain('[forbidden]');
    expect(admin.stderr).toContain('the admin token is no principal');
  });

  it('keys create prints the raw key once; it works as a token; list and delete; 3 when gone', async () => {
    const { org, principal } = await setup('keys');
    const key = await mint(org, principal, 'keys-main');
    const c = await warden(['keys', 'create', 'keys-second', '--valid-for', '2h'], key);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toMatch(/^sirr_key_[0-9a-f]{32}\n$/);
    expect(c.stderr).toContain('shown only this once');
    const second = c.stdout.trim();
    SHOWN_ONCE.push(second);
    expect(json(await warden(['me', '--json'], second))).toMatchObject({ id: principal });
    const list = await warden(['keys', 'list'], key);
    expect(list.stdout).toMatch(/keys-second\s+\S+\s+\S+ \(in (2h 0m|1h 59m)\)/);
    noSecrets(list);
    const ids = json<{ keys: { id: string; name: string }[] }>(await warden(['keys', 'list', '--json'], key));
    const id = ids.keys.find((k) => k.name === 'keys-second')?.id as string;
    const del = await warden(['keys', 'delete', id], key);
    expect(del.code).toBe(0);
    expect(del.stdout).toBe(`deleted key ${id}\n`);
    const again = await warden(['keys', 'delete', id], key);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('[not_found]');
    const dead = await warden(['me'], second);
    expect(dead.code).toBe(2);
    expect(dead.stderr).toContain('[unauthorized]');
    const admin = await warden(['keys', 'create', 'x']);
    expect(admin.code).toBe(2);
    expect(admin.stderr).toContain('[forbidden]');
  });

  it('keys create --json gives id, name, key and validity; --quiet drops the note', async () => {
    const { org, principal } = await setup('kj');
    const key = await mint(org, principal, 'kj-main');
    const r = await warden(['keys', 'create', 'kj-json', '--json', '--quiet'], key);
    const doc = json<{ key: string }>(r);
    SHOWN_ONCE.push(doc.key);
    expect(doc).toMatchObject({
      ok: true,
      name: 'kj-json',
      id: expect.any(String),
      validBefore: expect.any(Number),
    });
    expect(r.stderr).toBe('');
  });
});

describe('webhooks', () => {
  it('create prints the signing secret once; list never shows it; scopes do not see each other', async () => {
    const a = (await warden(['orgs', 'create', 'hooks-a'])).stdout.trim();
    const b = (await warden(['orgs', 'create', 'hooks-b'])).stdout.trim();
    const c = await warden(['webhooks', 'create', HOOK, '--org', a, '--event', 'secret.burn,secret.read']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toMatch(/^whsec_[0-9a-f]+\n$/);
    expect(c.stderr).toContain('shown only this once');
    expect(c.stderr).toContain('events: secret.burn, secret.read');
    SHOWN_ONCE.push(c.stdout.trim());
    const id = /created webhook (\S+)/.exec(c.stderr)?.[1] as string;
    const list = await warden(['webhooks', 'list', '--org', a]);
    expect(list.stdout).toMatch(/^ID\s+URL\s+EVENTS\s+CREATED/);
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+${HOOK}\\s+secret.burn,secret.read`));
    noSecrets(list);
    const j = json<{ webhooks: { id: string }[] }>(await warden(['webhooks', 'list', '--org', a, '--json']));
    expect(j.webhooks.map((w) => w.id)).toEqual([id]);
    // Org b and the public bucket see none of org a's.
    expect(
      json<{ webhooks: unknown[] }>(await warden(['webhooks', 'list', '--org', b, '--json'])).webhooks,
    ).toEqual([]);
    const other = await warden(['webhooks', 'delete', id, '--org', b]);
    expect(other.code).toBe(3);
    const pub = await warden(['webhooks', 'list']);
    expect(pub.stdout).not.toContain(id);
    const del = await warden(['webhooks', 'delete', id, '--org', a]);
    expect(del.code).toBe(0);
    expect(del.stdout).toBe(`deleted webhook ${id}\n`);
    expect((await warden(['webhooks', 'delete', id, '--org', a])).code).toBe(3);
  });

  it('public bucket (no --org) with --json; private targets refused (exit 2)', async () => {
    const r = await warden(['webhooks', 'create', HOOK, '--event', 'secret.burn', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = json<{ id: string; secret: string; orgId: string | null; events: string[] }>(r);
    SHOWN_ONCE.push(doc.secret);
    expect(doc).toMatchObject({ ok: true, orgId: null, url: HOOK, events: ['secret.burn'] });
    expect(doc.secret).toMatch(/^whsec_/);
    expect((await warden(['webhooks', 'list'])).stdout).toContain(doc.id);
    expect((await warden(['webhooks', 'delete', doc.id])).code).toBe(0);
    const priv = await warden(['webhooks', 'create', 'http://127.0.0.1:9/x']);
    expect(priv.code).toBe(2);
    expect(priv.stderr).toContain('[invalid_webhook_url]');
    expect(priv.stdout).toBe('');
  });
});

describe('not found is exit 3', () => {
  it('an org that does not exist', async () => {
    const r = await warden(['roles', 'create', '--org', 'f'.repeat(32), 'x', 'r']);
    expect(r.code).toBe(3);
    const w = await warden(['webhooks', 'create', HOOK, '--org', 'f'.repeat(32), '--json']);
    expect(w.code).toBe(3);
    expect(json(w)).toMatchObject({ ok: false, exitCode: 3 });
  });
});
