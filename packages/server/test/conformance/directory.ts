import { isWardenError } from '@warden/core';
import { describe, expect, it } from 'vitest';
import type { Org, Principal, PrincipalKey, Role, RoleGuard } from '../../src/store/types.js';
import { allow, type Harness, NOW, newId, ORG, ORG2, put, secret } from './fixtures.js';

const org = (id: string, name = `org-${id.slice(0, 4)}`): Org => ({
  id,
  name,
  metadata: { tier: 'x' },
  createdAt: NOW,
});
const principal = (orgId: string, role = 'writer'): Principal => ({
  id: newId(),
  orgId,
  name: `p-${newId().slice(0, 6)}`,
  role,
  metadata: {},
  createdAt: NOW,
});
const key = (principalId: string, validBefore: number, name = `ci-${newId().slice(0, 8)}`): PrincipalKey => ({
  id: newId(),
  principalId,
  name,
  hash: newId() + newId(),
  validAfter: NOW,
  validBefore,
  createdAt: NOW,
});

/** Orgs, principals, roles and principal keys. */
export function directoryTests(h: Harness): void {
  describe('orgs', () => {
    it('creates, gets, lists and deletes', async () => {
      await h.store.createOrg(org(ORG, 'acme'));
      await h.store.createOrg(org(ORG2));
      expect(await h.store.getOrg(ORG)).toEqual({
        id: ORG,
        name: 'acme',
        metadata: { tier: 'x' },
        createdAt: NOW,
      });
      expect(await h.store.getOrg(newId())).toBeUndefined();
      expect((await h.store.listOrgs()).map((o) => o.id).sort()).toEqual([ORG, ORG2].sort());
      expect(await h.store.deleteOrg(ORG2)).toBe('deleted');
      expect(await h.store.deleteOrg(ORG2)).toBe('not_found');
      expect((await h.store.listOrgs()).map((o) => o.id)).toEqual([ORG]);
    });

    it('refuses to delete an org with principals; deleting one removes its secrets', async () => {
      await h.store.createOrg(org(ORG));
      const p = principal(ORG);
      await h.store.createPrincipal(p);
      await put(h.store, secret({ key: 'K', orgId: ORG }));
      expect(await h.store.deleteOrg(ORG)).toBe('has_principals');
      expect(await h.store.deletePrincipal(ORG, p.id, NOW)).toBe('deleted');
      expect(await h.store.deleteOrg(ORG)).toBe('deleted');
      expect((await h.store.headSecret(ORG, 'K', NOW, allow)).status).toBe('not_found');
    });
  });

  describe('principals and keys', () => {
    it('creates, gets, lists per org and updates metadata', async () => {
      await h.store.createOrg(org(ORG));
      await h.store.createOrg(org(ORG2));
      const p = principal(ORG, 'reader');
      await h.store.createPrincipal(p);
      await h.store.createPrincipal(principal(ORG2));
      expect(await h.store.getPrincipal(p.id)).toEqual(p);
      expect(await h.store.listPrincipals(ORG)).toEqual([p]);
      expect(await h.store.updatePrincipalMetadata(p.id, { team: 'infra' })).toEqual({
        ...p,
        metadata: { team: 'infra' },
      });
      expect(await h.store.updatePrincipalMetadata(newId(), {})).toBeUndefined();
    });

    it('deletes a principal only in its org and only without active keys', async () => {
      await h.store.createOrg(org(ORG));
      const p = principal(ORG);
      await h.store.createPrincipal(p);
      const expired = key(p.id, NOW);
      const active = key(p.id, NOW + 60);
      await h.store.createKey(expired);
      await h.store.createKey(active);
      expect(await h.store.deletePrincipal(ORG2, p.id, NOW)).toBe('not_found');
      expect(await h.store.deletePrincipal(ORG, p.id, NOW)).toBe('has_active_keys');
      expect(await h.store.deleteKey(p.id, active.id)).toBe(true);
      expect(await h.store.deletePrincipal(ORG, p.id, NOW)).toBe('deleted');
      expect(await h.store.getPrincipal(p.id)).toBeUndefined();
      expect(await h.store.findKeyByHash(expired.hash)).toBeUndefined();
    });

    it('stores keys by hash; a hash is unique; a key is deleted only by its principal', async () => {
      await h.store.createOrg(org(ORG));
      const p = principal(ORG);
      const q = principal(ORG);
      await h.store.createPrincipal(p);
      await h.store.createPrincipal(q);
      const k = key(p.id, NOW + 10);
      await h.store.createKey(k);
      expect(await h.store.findKeyByHash(k.hash)).toEqual(k);
      expect(await h.store.findKeyByHash('0'.repeat(64))).toBeUndefined();
      expect(await h.store.listKeys(p.id)).toEqual([k]);
      await expect(h.store.createKey({ ...key(q.id, NOW + 10), hash: k.hash })).rejects.toThrow();
      expect(await h.store.deleteKey(q.id, k.id)).toBe(false);
      expect(await h.store.deleteKey(p.id, k.id)).toBe(true);
      expect(await h.store.listKeys(p.id)).toEqual([]);
    });

    it('key names are unique per org: key_name_taken (409), whoever holds the name', async () => {
      await h.store.createOrg(org(ORG));
      await h.store.createOrg(org(ORG2));
      const p = principal(ORG);
      const q = principal(ORG);
      const r = principal(ORG2);
      for (const x of [p, q, r]) await h.store.createPrincipal(x);
      const k = key(p.id, NOW + 10, 'deploy');
      await h.store.createKey(k);
      for (const holder of [p, q]) {
        const err = await h.store.createKey(key(holder.id, NOW + 10, 'deploy')).catch((e: unknown) => e);
        expect(isWardenError(err, 'key_name_taken')).toBe(true);
        expect((err as { status: number }).status).toBe(409);
      }
      // Expired keys keep their name until deleted.
      const old = key(q.id, NOW, 'old');
      await h.store.createKey(old);
      await expect(h.store.createKey(key(p.id, NOW + 10, 'old'))).rejects.toMatchObject({
        code: 'key_name_taken',
      });
      expect((await h.store.listKeys(q.id)).map((x) => x.name)).toEqual(['old']);
      // Another org may use the name; a deleted key frees it.
      await h.store.createKey(key(r.id, NOW + 10, 'deploy'));
      expect(await h.store.deleteKey(p.id, k.id)).toBe(true);
      await h.store.createKey(key(q.id, NOW + 10, 'deploy'));
      expect((await h.store.listKeys(q.id)).map((x) => x.name).sort()).toEqual(['deploy', 'old']);
    });

    it('concurrent creates of one key name in one org: exactly one succeeds', async () => {
      await h.store.createOrg(org(ORG));
      const ps = [principal(ORG), principal(ORG), principal(ORG), principal(ORG)];
      for (const x of ps) await h.store.createPrincipal(x);
      const outcomes = await Promise.allSettled(
        ps.map((x) => h.store.createKey(key(x.id, NOW + 10, 'same'))),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of outcomes) {
        if (o.status === 'rejected') expect(isWardenError(o.reason, 'key_name_taken')).toBe(true);
      }
    });

    it('createPrincipal runs its guard with the role as it is now; a throwing guard writes nothing', async () => {
      await h.store.createOrg(org(ORG));
      await h.store.putRole({ name: 'admin', permissions: 'r', builtIn: false, orgId: ORG, createdAt: NOW });
      const seen: (Role | undefined)[] = [];
      const record: RoleGuard = (role) => {
        seen.push(role);
      };
      await h.store.createPrincipal(principal(ORG, 'admin'), record);
      await h.store.createPrincipal(principal(ORG, 'reader'), record);
      await h.store.createPrincipal(principal(ORG, 'ghost'), record);
      expect(seen.map((r) => r && `${r.name}:${r.permissions}:${r.builtIn}`)).toEqual([
        'admin:r:false',
        'reader:rla:true',
        undefined,
      ]);

      const refused = new Error('refused by guard');
      const p = principal(ORG, 'writer');
      await expect(
        h.store.createPrincipal(p, () => {
          throw refused;
        }),
      ).rejects.toBe(refused);
      expect(await h.store.getPrincipal(p.id)).toBeUndefined();
      // The shadowing role is gone: the guard now sees the built-in.
      await h.store.putRole({ name: 'spare', permissions: 'r', builtIn: false, orgId: ORG, createdAt: NOW });
      expect(await h.store.deleteRole(ORG, 'spare')).toBe('deleted');
      await h.store.createPrincipal(principal(ORG, 'spare'), record);
      expect(seen.at(-1)).toBeUndefined();
    });
  });

  describe('roles', () => {
    it('seeds the four built-ins with org null and createdAt 0', async () => {
      const expected = {
        reader: 'rla',
        writer: 'rlcpdam',
        admin: 'rRlLcCpPaAmMdD',
        owner: 'rRlLcCpPaAmMSdD',
      };
      for (const [name, permissions] of Object.entries(expected)) {
        expect(await h.store.getRole(null, name)).toEqual({
          name,
          permissions,
          builtIn: true,
          orgId: null,
          createdAt: 0,
        });
        expect(await h.store.getRole(ORG, name)).toMatchObject({ name, builtIn: true });
      }
      const listed = await h.store.listRoles(ORG);
      expect(listed.map((r) => r.name).sort()).toEqual(['admin', 'owner', 'reader', 'writer']);
    });

    it('upserts org roles, which shadow a built-in for that org only', async () => {
      await h.store.putRole({
        name: 'deployer',
        permissions: 'rc',
        builtIn: false,
        orgId: ORG,
        createdAt: NOW,
      });
      await h.store.putRole({
        name: 'deployer',
        permissions: 'rcd',
        builtIn: false,
        orgId: ORG,
        createdAt: NOW,
      });
      await h.store.putRole({ name: 'reader', permissions: 'r', builtIn: false, orgId: ORG, createdAt: NOW });
      expect(await h.store.getRole(ORG, 'deployer')).toEqual({
        name: 'deployer',
        permissions: 'rcd',
        builtIn: false,
        orgId: ORG,
        createdAt: NOW,
      });
      expect(await h.store.getRole(ORG2, 'deployer')).toBeUndefined();
      expect(await h.store.getRole(ORG, 'reader')).toMatchObject({ permissions: 'r', builtIn: false });
      expect(await h.store.getRole(ORG2, 'reader')).toMatchObject({ permissions: 'rla', builtIn: true });
      const names = (await h.store.listRoles(ORG)).map((r) => `${r.name}:${r.permissions}`).sort();
      expect(names).toEqual([
        'admin:rRlLcCpPaAmMdD',
        'deployer:rcd',
        'owner:rRlLcCpPaAmMSdD',
        'reader:r',
        'writer:rlcpdam',
      ]);
    });

    it('putRole runs its guard with the current role (own, else the built-in it shadows); a throwing guard writes nothing', async () => {
      const seen: (string | undefined)[] = [];
      const record: RoleGuard = (role) => {
        seen.push(role && `${role.name}:${role.permissions}:${role.builtIn}`);
      };
      const role = (name: string, permissions: string): Role => ({
        name,
        permissions,
        builtIn: false,
        orgId: ORG,
        createdAt: NOW,
      });
      await h.store.putRole(role('ops', 'r'), record);
      await h.store.putRole(role('ops', 'rR'), record);
      await h.store.putRole(role('admin', 'r'), record);
      expect(seen).toEqual([undefined, 'ops:r:false', 'admin:rRlLcCpPaAmMdD:true']);
      const refused = new Error('refused by guard');
      await expect(
        h.store.putRole(role('ops', 'rRdD'), () => {
          throw refused;
        }),
      ).rejects.toBe(refused);
      await expect(
        h.store.putRole(role('writer', 'r'), () => {
          throw refused;
        }),
      ).rejects.toBe(refused);
      expect(await h.store.getRole(ORG, 'ops')).toMatchObject({ permissions: 'rR' });
      expect(await h.store.getRole(ORG, 'writer')).toMatchObject({ permissions: 'rlcpdam', builtIn: true });
    });

    it('deletes an unused org role; a role in use (built-in or not) is in_use; built-ins are never deleted', async () => {
      await h.store.createOrg(org(ORG));
      await h.store.putRole({ name: 'ops', permissions: 'rR', builtIn: false, orgId: ORG, createdAt: NOW });
      await h.store.putRole({ name: 'spare', permissions: 'r', builtIn: false, orgId: ORG, createdAt: NOW });
      await h.store.createPrincipal(principal(ORG, 'ops'));
      await h.store.createPrincipal(principal(ORG, 'writer'));
      expect(await h.store.deleteRole(ORG, 'ops')).toBe('in_use');
      expect(await h.store.deleteRole(ORG, 'writer')).toBe('in_use');
      expect(await h.store.deleteRole(ORG, 'reader')).toBe('not_found');
      expect(await h.store.deleteRole(ORG, 'spare')).toBe('deleted');
      expect(await h.store.deleteRole(ORG, 'spare')).toBe('not_found');
      expect(await h.store.getRole(ORG, 'reader')).toMatchObject({ builtIn: true });
    });
  });
}
