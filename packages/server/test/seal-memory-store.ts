/**
 * A tiny in-memory implementation of just the keyring and re-encryption part
 * of `VaultStore` (loadKeyring, saveKeyring, findStaleSealed, resealRecord),
 * for the seal tests. Every method yields to the event loop first, so calls
 * from "two processes" interleave the way they would against a real store;
 * each check-and-set runs without a yield, so it is atomic like a transaction.
 */
import { randomBytes } from 'node:crypto';
import type { KeyringStore } from '../src/seal/index.js';
import type { OrgScope, SealedValue, StoredKeyring } from '../src/store/types.js';

export interface MemoryRecord {
  kind: 'secret' | 'webhook';
  id: string;
  orgId: OrgScope;
  key: string;
  sealed: SealedValue;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function copySealed(s: SealedValue): SealedValue {
  return {
    ciphertext: Uint8Array.from(s.ciphertext),
    nonce: Uint8Array.from(s.nonce),
    keyVersion: s.keyVersion,
  };
}

function copyKeyring(k: StoredKeyring): StoredKeyring {
  const keys: Record<number, Uint8Array> = {};
  // Copies bytes; passes anything else through untouched, so tests can plant a malformed keyring.
  for (const [v, wrapped] of Object.entries(k.keys)) {
    (keys as Record<string, unknown>)[v] = wrapped instanceof Uint8Array ? Uint8Array.from(wrapped) : wrapped;
  }
  return { activeVersion: k.activeVersion, keys };
}

export class MemoryKeyringStore implements KeyringStore {
  keyring: StoredKeyring | undefined;
  readonly records = new Map<string, MemoryRecord>();
  loads = 0;
  /** Runs after `findStaleSealed` has read its rows and before it returns them (to race a rotation). */
  afterFind: ((rows: MemoryRecord[]) => void) | undefined;

  async loadKeyring(): Promise<StoredKeyring | undefined> {
    await tick();
    this.loads++;
    return this.keyring === undefined ? undefined : copyKeyring(this.keyring);
  }

  async saveKeyring(keyring: StoredKeyring, expectedActive: number | undefined): Promise<boolean> {
    await tick();
    if (this.keyring?.activeVersion !== expectedActive) return false;
    this.keyring = copyKeyring(keyring);
    return true;
  }

  async findStaleSealed(activeVersion: number, limit: number): Promise<MemoryRecord[]> {
    await tick();
    const rows = [...this.records.values()]
      .filter((r) => r.sealed.keyVersion !== activeVersion)
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(0, limit)
      .map((r) => ({ ...r, sealed: copySealed(r.sealed) }));
    this.afterFind?.(rows);
    return rows;
  }

  async resealRecord(
    kind: 'secret' | 'webhook',
    id: string,
    fromVersion: number,
    sealed: SealedValue,
    fromNonce?: Uint8Array,
  ): Promise<boolean> {
    await tick();
    const record = this.records.get(`${kind}:${id}`);
    if (record === undefined || record.sealed.keyVersion !== fromVersion) return false;
    if (fromNonce !== undefined && !Buffer.from(record.sealed.nonce).equals(fromNonce)) return false;
    record.sealed = copySealed(sealed);
    return true;
  }

  /** Stores (or replaces) a record's sealed value. */
  put(record: MemoryRecord): void {
    this.records.set(`${record.kind}:${record.id}`, { ...record, sealed: copySealed(record.sealed) });
  }

  get(kind: 'secret' | 'webhook', id: string): MemoryRecord | undefined {
    return this.records.get(`${kind}:${id}`);
  }
}

export function recordId(): string {
  return randomBytes(16).toString('hex');
}
