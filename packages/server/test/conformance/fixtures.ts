import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach } from 'vitest';
import type {
  AuditContext,
  Authorize,
  OrgScope,
  SealedValue,
  SecretRecord,
  VaultStore,
} from '../../src/store/types.js';

/** Builds a fresh, empty store; `cleanup` closes it (even if already closed) and removes its data. */
export type MakeStore = () => Promise<{ store: VaultStore; cleanup(): Promise<void> }>;

/** The store under test, fresh (and `init()`ed) for every test. */
export interface Harness {
  readonly store: VaultStore;
}

export function useStore(makeStore: MakeStore): Harness {
  let current: Awaited<ReturnType<MakeStore>> | undefined;
  beforeEach(async () => {
    current = await makeStore();
    await current.store.init();
  });
  afterEach(async () => {
    await current?.cleanup();
    current = undefined;
  });
  return {
    get store(): VaultStore {
      if (current === undefined) throw new Error('no store outside a test');
      return current.store;
    },
  };
}

/** A fixed "now"; tests move time by passing other values, never by sleeping. */
export const NOW = 1_700_000_000;
export const ORG = 'a0'.repeat(16);
export const ORG2 = 'b1'.repeat(16);

export const newId = (): string => randomBytes(16).toString('hex');

/** Stand-in ciphertext: the store treats it as opaque bytes. */
export function sealed(marker: string, keyVersion = 1): SealedValue {
  return { ciphertext: new TextEncoder().encode(marker), nonce: randomBytes(12), keyVersion };
}

export function secret(fields: Partial<SecretRecord> & { key: string }): SecretRecord {
  return {
    id: newId(),
    orgId: null,
    createdAt: NOW,
    expiresAt: null,
    maxReads: null,
    readCount: 0,
    deleteOnExhaust: true,
    ownerId: null,
    webhookUrl: null,
    allowedKeys: null,
    ...sealed(`value-of-${fields.key}`),
    ...fields,
  };
}

export function ctx(orgId: OrgScope = null, detail?: string): AuditContext {
  return { orgId, principalId: 'p-test', sourceIp: '192.0.2.1', ...(detail === undefined ? {} : { detail }) };
}

export const allow: Authorize = () => 'allow';
export const yes = (): boolean => true;
export const no = (): boolean => false;

export const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** Actions of a scope's audit log, oldest first. */
export async function actions(store: VaultStore, orgId?: OrgScope): Promise<string[]> {
  const events = await store.queryAudit({ ...(orgId === undefined ? {} : { orgId }), limit: 1000 });
  return events.map((e) => e.action).reverse();
}

/** Creates `record` and fails the test unless it was created. */
export async function put(store: VaultStore, record: SecretRecord): Promise<SecretRecord> {
  const outcome = await store.createSecret(record, no, ctx(record.orgId));
  if (outcome.status !== 'created') throw new Error(`setup: ${outcome.status}`);
  return record;
}
