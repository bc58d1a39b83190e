/**
 * Key rotation, online and crash-safe.
 *
 * - `rotateDataKey` adds data key version N+1 with a compare-and-set on the
 *   active version N, then re-encrypts every value sealed under an older
 *   version, batch by batch, each record with a compare-and-set on the version
 *   and nonce it was read under. A crash at any point loses nothing: each record is under
 *   either its old version (whose key stays in the keyring) or the new one, and
 *   `reencryptStale` (or another rotation) picks up where it stopped.
 * - `rewrapMasterKey` re-wraps every data key under a new master key in one
 *   compare-and-set save; values are not touched.
 */
import type { SealedValue, StoredKeyring } from '../store/types.js';
import { MAX_KEY_VERSION } from './aad.js';
import { SealError } from './errors.js';
import { wrapDataKey } from './key-wrap.js';
import {
  generateDataKey,
  KEYRING_CAS_ATTEMPTS,
  type Keyring,
  type KeyringStore,
  openKeyring,
  parseStoredKeyring,
  unwrapAll,
} from './keyring.js';
import type { MasterKey } from './master-key.js';
import { openValue, sealValue } from './seal-value.js';

/** Records re-encrypted per batch by default. */
export const DEFAULT_BATCH_SIZE = 100;
/** Consecutive batches in which every record changed under us before giving up for this run. */
const MAX_IDLE_BATCHES = 10;

export interface ReencryptOptions {
  /** Records per `findStaleSealed` batch (default 100). */
  batchSize?: number;
  /** Stop after this many batches; the rest waits for a later run (`complete: false`). */
  maxBatches?: number;
  /** Stops between batches when aborted (`complete: false`). */
  signal?: AbortSignal;
  /** Called after each batch with the running totals. */
  onBatch?: (progress: ReencryptReport) => void;
}

/** What a re-encryption run did. */
export interface ReencryptReport {
  /** The version values are now sealed under. */
  activeVersion: number;
  /** Records re-encrypted under the active version. */
  resealed: number;
  /** Records that changed under us (patched, deleted or re-encrypted by another process) and were left alone. */
  skipped: number;
  /** Records that do not open (tampered or corrupt); they stay as they are and are reported, never dropped. */
  failed: { kind: 'secret' | 'webhook'; id: string }[];
  batches: number;
  /** True when no record is left under an older version, other than those in `failed`. */
  complete: boolean;
}

export interface RotateReport extends ReencryptReport {
  /** The active version before this rotation. */
  previousVersion: number;
}

export interface RewrapReport {
  activeVersion: number;
  /** The data key versions now wrapped under the new master key. */
  versions: number[];
  /** True when the keyring was already wrapped under the new master key (a re-run): nothing was written. */
  alreadyWrapped: boolean;
}

function assertOptions(options: ReencryptOptions): number {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1)
    throw new RangeError('batchSize must be a positive integer');
  if (
    options.maxBatches !== undefined &&
    (!Number.isSafeInteger(options.maxBatches) || options.maxBatches < 0)
  ) {
    throw new RangeError('maxBatches must be a non-negative integer');
  }
  return batchSize;
}

async function reencryptWith(
  store: KeyringStore,
  master: MasterKey,
  keyring: Keyring,
  options: ReencryptOptions,
): Promise<ReencryptReport> {
  const batchSize = assertOptions(options);
  const failed = new Map<string, { kind: 'secret' | 'webhook'; id: string }>();
  let resealed = 0;
  let skipped = 0;
  let batches = 0;
  let idle = 0;
  const report = (complete: boolean): ReencryptReport => ({
    activeVersion: keyring.activeVersion,
    resealed,
    skipped,
    failed: [...failed.values()],
    batches,
    complete,
  });

  for (;;) {
    if (options.signal?.aborted) return report(false);
    if (options.maxBatches !== undefined && batches >= options.maxBatches) return report(false);
    // Ask for the failed ones on top, so that records which never open cannot fill every batch.
    const batch = await store.findStaleSealed(keyring.activeVersion, batchSize + failed.size);
    const fresh = batch.filter((r) => !failed.has(`${r.kind}:${r.id}`));
    if (fresh.length === 0) return report(true);
    if (fresh.some((r) => r.sealed.keyVersion > keyring.latestVersion)) {
      // Another process rotated meanwhile: take its versions (and its active version) in.
      const stored = await store.loadKeyring();
      if (stored !== undefined) keyring.absorb(stored, master);
    }
    let progress = 0;
    for (const record of fresh) {
      const context = { kind: record.kind, orgId: record.orgId, key: record.key, recordId: record.id };
      const oldKey = keyring.dataKey(record.sealed.keyVersion);
      const plaintext = oldKey === undefined ? undefined : openValue(oldKey, record.sealed, context);
      if (plaintext === undefined) {
        failed.set(`${record.kind}:${record.id}`, { kind: record.kind, id: record.id });
        progress++;
        continue;
      }
      try {
        const version = keyring.activeVersion;
        const newKey = keyring.dataKey(version);
        if (newKey === undefined) throw new TypeError('keyring has been disposed');
        const next: SealedValue = sealValue(newKey, version, plaintext, context);
        // CAS on the version and the nonce: the exact ciphertext we opened, so a PATCH made meanwhile
        // (even by a process still sealing under the old version) is never overwritten.
        const { keyVersion, nonce } = record.sealed;
        if (await store.resealRecord(record.kind, record.id, keyVersion, next, nonce)) {
          resealed++;
          progress++;
        } else {
          skipped++;
        }
      } finally {
        plaintext.fill(0);
      }
    }
    batches++;
    options.onBatch?.(report(false));
    idle = progress === 0 ? idle + 1 : 0;
    if (idle >= MAX_IDLE_BATCHES) return report(false);
  }
}

/**
 * Re-encrypts every value still sealed under an older data key version
 * (resumes an interrupted rotation). Safe to run while servers serve, and to
 * run again: each record is replaced only if still under the version it was
 * read under. Throws `keyring_missing` when the store has no keyring.
 */
export async function reencryptStale(
  store: KeyringStore,
  master: MasterKey,
  options: ReencryptOptions = {},
): Promise<ReencryptReport> {
  assertOptions(options);
  const keyring = await openKeyring(store, master, { create: false });
  try {
    return await reencryptWith(store, master, keyring, options);
  } finally {
    keyring.dispose();
  }
}

/**
 * Adds data key version N+1 (compare-and-set on N; creates the keyring first
 * if there is none), makes it active, then re-encrypts stale values as
 * `reencryptStale` does (unless `reencrypt: false`). Servers pick the new
 * version up when they meet a value sealed under it, or on `sealer.reload()`.
 */
export async function rotateDataKey(
  store: KeyringStore,
  master: MasterKey,
  options: ReencryptOptions & { reencrypt?: boolean } = {},
): Promise<RotateReport> {
  assertOptions(options);
  const keyring = await openKeyring(store, master);
  try {
    let previousVersion: number | undefined;
    for (let attempt = 0; attempt < KEYRING_CAS_ATTEMPTS && previousVersion === undefined; attempt++) {
      const stored = await store.loadKeyring();
      if (stored === undefined) throw new SealError('keyring_missing', 'the store holds no keyring');
      // Every existing key must open under this master key: never save a keyring that mixes two masters.
      const wrapped = parseStoredKeyring(stored);
      for (const key of unwrapAll(master, wrapped).values()) key.fill(0);
      keyring.absorb(stored, master);
      // Above every stored version, not just the active one: a version number is never reused.
      const version = Math.max(stored.activeVersion, ...wrapped.keys()) + 1;
      if (version > MAX_KEY_VERSION) throw new RangeError('no key version left to rotate to');
      const dataKey = generateDataKey();
      const next: StoredKeyring = { activeVersion: version, keys: Object.fromEntries(wrapped) };
      next.keys[version] = wrapDataKey(master, version, dataKey);
      if (await store.saveKeyring(next, stored.activeVersion)) {
        keyring.addActive(version, dataKey);
        previousVersion = stored.activeVersion;
      } else {
        dataKey.fill(0);
      }
    }
    if (previousVersion === undefined) {
      throw new SealError('keyring_conflict', 'the keyring kept changing during the rotation');
    }
    if (options.reencrypt === false) {
      return {
        previousVersion,
        activeVersion: keyring.activeVersion,
        resealed: 0,
        skipped: 0,
        failed: [],
        batches: 0,
        complete: false,
      };
    }
    return { previousVersion, ...(await reencryptWith(store, master, keyring, options)) };
  } finally {
    keyring.dispose();
  }
}

/**
 * Re-wraps every data key under `newMaster` in one compare-and-set save (the
 * active version is the CAS token, so a concurrent rotation makes this retry
 * on the new keyring). Idempotent: when the keyring already opens under
 * `newMaster` it reports `alreadyWrapped` and writes nothing.
 *
 * Afterwards the new master key must reach every process (restart each with
 * it). Processes still holding the old one keep working until they restart,
 * because they hold the unwrapped data keys in memory; a process that starts
 * with the old key fails with `master_key_mismatch`. An old-key process
 * cannot unwrap a version it had not loaded before the re-wrap, so: let every
 * server take in the latest rotation first (`sealer.reload()`, which a server
 * should run on a timer), and rotate the data key again only once every process
 * runs with the new master key.
 */
export async function rewrapMasterKey(
  store: KeyringStore,
  oldMaster: MasterKey,
  newMaster: MasterKey,
): Promise<RewrapReport> {
  for (let attempt = 0; attempt < KEYRING_CAS_ATTEMPTS; attempt++) {
    const stored = await store.loadKeyring();
    if (stored === undefined) throw new SealError('keyring_missing', 'the store holds no keyring');
    const wrapped = parseStoredKeyring(stored);
    const versions = [...wrapped.keys()].sort((a, b) => a - b);
    let keys: Map<number, Buffer>;
    try {
      keys = unwrapAll(oldMaster, wrapped);
    } catch (err) {
      try {
        for (const key of unwrapAll(newMaster, wrapped).values()) key.fill(0);
      } catch {
        throw err;
      }
      return { activeVersion: stored.activeVersion, versions, alreadyWrapped: true };
    }
    try {
      const next: StoredKeyring = { activeVersion: stored.activeVersion, keys: {} };
      for (const [version, key] of keys) next.keys[version] = wrapDataKey(newMaster, version, key);
      if (await store.saveKeyring(next, stored.activeVersion)) {
        return { activeVersion: stored.activeVersion, versions, alreadyWrapped: false };
      }
    } finally {
      for (const key of keys.values()) key.fill(0);
    }
  }
  throw new SealError('keyring_conflict', 'the keyring kept changing during the re-wrap');
}

/** The keyring's versions and whether any record is still sealed under an older one (no master key needed). */
export async function keyringStatus(
  store: KeyringStore,
): Promise<{ activeVersion: number; versions: number[]; staleRecords: boolean } | undefined> {
  const stored = await store.loadKeyring();
  if (stored === undefined) return undefined;
  const versions = [...parseStoredKeyring(stored).keys()].sort((a, b) => a - b);
  const stale = await store.findStaleSealed(stored.activeVersion, 1);
  return { activeVersion: stored.activeVersion, versions, staleRecords: stale.length > 0 };
}
