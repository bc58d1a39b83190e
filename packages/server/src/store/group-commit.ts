import type Database from 'better-sqlite3';
import { toStoreError } from './sqlite-errors.js';

/** Counters of the group-commit queue, for metrics and tests. */
export interface GroupCommitStats {
  /** Transactions committed. */
  commits: number;
  /** Operations that committed (a failed op inside a committed batch is not counted). */
  ops: number;
  /** Largest batch so far. */
  maxBatch: number;
}

interface PendingOp {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit over one better-sqlite3 connection. With `synchronous=FULL`
 * every COMMIT is an fsync, and an fsync costs far more than the statements of
 * a read; so operations are queued and run together in ONE transaction per
 * batch: the batch is flushed on `setImmediate` (after every caller of the
 * current event-loop turn has enqueued) or as soon as it holds `maxBatch`
 * operations. Each operation runs inside its own SAVEPOINT, so one that
 * throws rolls back only its own writes. Every promise settles only after the
 * batch's COMMIT returned: a value never leaves before its burn is on disk.
 */
export class GroupCommitter {
  readonly #db: Database.Database;
  readonly #maxBatch: number;
  readonly #stmts: Record<'begin' | 'savepoint' | 'release' | 'rollbackTo' | 'commit', Database.Statement>;
  #queue: PendingOp[] = [];
  #scheduled = false;
  #flushing = false;
  #stats: GroupCommitStats = { commits: 0, ops: 0, maxBatch: 0 };

  readonly #onCommit: (() => void) | undefined;

  /** `onCommit` runs after each successful COMMIT, before the batch's promises settle. */
  constructor(db: Database.Database, maxBatch: number, onCommit?: () => void) {
    if (!Number.isSafeInteger(maxBatch) || maxBatch < 1)
      throw new RangeError('maxBatch must be a positive integer');
    this.#db = db;
    this.#maxBatch = maxBatch;
    this.#onCommit = onCommit;
    this.#stmts = {
      // IMMEDIATE takes the write lock up front: a batch never fails half-way
      // with SQLITE_BUSY because another process started writing first.
      begin: db.prepare('BEGIN IMMEDIATE'),
      savepoint: db.prepare('SAVEPOINT op'),
      release: db.prepare('RELEASE op'),
      rollbackTo: db.prepare('ROLLBACK TO op'),
      commit: db.prepare('COMMIT'),
    };
  }

  /** A copy of the counters. */
  get stats(): GroupCommitStats {
    return { ...this.#stats };
  }

  /** Operations waiting for the next flush. */
  get pending(): number {
    return this.#queue.length;
  }

  /**
   * Queues `fn` (synchronous; it runs inside the batch transaction) and
   * resolves with its result once the batch has committed. An error thrown by
   * `fn` rejects only this call, with SQLite errors mapped to `WardenError`.
   */
  enqueue<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ run: fn, resolve: resolve as (value: unknown) => void, reject });
      if (this.#queue.length >= this.#maxBatch && !this.#flushing) this.flush();
      else this.#schedule();
    });
  }

  /** Runs and commits everything queued now (used by `close()` and when a batch is full). */
  flush(): void {
    // A callback that calls back into the store lands in the next batch.
    if (this.#flushing) return;
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      this.#flushing = true;
      let outcomes: Settled[];
      try {
        outcomes = this.#runBatch(batch);
      } finally {
        this.#flushing = false;
      }
      batch.forEach((op, i) => {
        const outcome = outcomes[i] as Settled;
        if (outcome.ok) op.resolve(outcome.value);
        else op.reject(outcome.error);
      });
    }
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.flush();
    });
  }

  #runBatch(batch: PendingOp[]): Settled[] {
    const outcomes: Settled[] = [];
    try {
      this.#stmts.begin.run();
      for (const op of batch) outcomes.push(this.#runOne(op));
      this.#stmts.commit.run();
    } catch (error) {
      // BEGIN or COMMIT failed, or SQLite rolled the whole transaction back
      // (I/O error, disk full): nothing of this batch is durable, so no op
      // may report success.
      if (this.#db.inTransaction) {
        try {
          this.#db.exec('ROLLBACK');
        } catch {
          // The connection already dropped the transaction; nothing to undo.
        }
      }
      const failure = toStoreError(error);
      return batch.map((_, i) => {
        const own = outcomes[i];
        return own !== undefined && !own.ok ? own : { ok: false, error: failure };
      });
    }
    this.#stats.commits += 1;
    this.#stats.ops += outcomes.filter((o) => o.ok).length;
    this.#stats.maxBatch = Math.max(this.#stats.maxBatch, batch.length);
    this.#onCommit?.();
    return outcomes;
  }

  #runOne(op: PendingOp): Settled {
    this.#stmts.savepoint.run();
    let value: unknown;
    try {
      value = op.run();
    } catch (error) {
      // Errors SQLite answers with a full rollback leave no savepoint to
      // return to; rethrow so the batch fails as a whole.
      if (!this.#db.inTransaction) throw error;
      this.#stmts.rollbackTo.run();
      this.#stmts.release.run();
      return { ok: false, error: toStoreError(error) };
    }
    this.#stmts.release.run();
    return { ok: true, value };
  }
}
