/**
 * The conformance suite of the `VaultStore` contract (src/store/types.ts).
 * Backend-neutral: it uses nothing but the interface, an injected `now`
 * (no sleeps) and a factory. Every backend runs it from its own test file:
 *
 * @example
 * ```ts
 * describeVaultStore('sqlite', async () => {
 *   const dir = await mkdtemp(join(tmpdir(), 'warden-'));
 *   const store = new SqliteStore({ path: join(dir, 'vault.db') });
 *   return { store, cleanup: async () => { await store.close(); await rm(dir, { recursive: true }); } };
 * });
 * ```
 */
import { describe, expect, it } from 'vitest';
import { auditAndWebhookTests } from './conformance/audit-webhooks.js';
import { concurrencyTests } from './conformance/concurrency.js';
import { directoryTests } from './conformance/directory.js';
import { ctx, type MakeStore, NOW, put, secret, useStore } from './conformance/fixtures.js';
import { keyringTests } from './conformance/keyring.js';
import { createAndReadTests } from './conformance/secrets-read.js';
import { patchDeleteListTests } from './conformance/secrets-write.js';

export type { MakeStore } from './conformance/fixtures.js';

/**
 * Registers the whole suite for one backend. `makeStore` returns a fresh,
 * empty store that is not yet initialized (the suite calls `init()`), and a
 * `cleanup` that closes it (tolerating an already closed store) and removes
 * its data.
 */
export function describeVaultStore(name: string, makeStore: MakeStore): void {
  describe(`VaultStore conformance: ${name}`, () => {
    const h = useStore(makeStore);

    describe('lifecycle', () => {
      it('init is idempotent', async () => {
        await h.store.init();
        await put(h.store, secret({ key: 'K' }));
        await h.store.init();
        expect((await h.store.listSecrets(null, NOW)).map((m) => m.key)).toEqual(['K']);
      });

      it('close commits what is pending, and later calls reject', async () => {
        const pending = h.store.createSecret(secret({ key: 'K' }), () => false, ctx());
        await h.store.close();
        expect(await pending).toEqual({ status: 'created' });
        await h.store.close();
        await expect(h.store.listSecrets(null, NOW)).rejects.toThrow();
        await expect(h.store.readSecret(null, 'K', NOW, () => 'allow', ctx())).rejects.toThrow();
      });
    });

    createAndReadTests(h);
    patchDeleteListTests(h);
    concurrencyTests(h);
    auditAndWebhookTests(h);
    directoryTests(h);
    keyringTests(h);
  });
}
