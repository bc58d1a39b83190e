import type { Clock } from '@warden/core';
import type { FastifyBaseLogger } from 'fastify';
import type { VaultStore } from './store/types.js';

/** How often and how much the sweeper removes. */
export interface SweeperOptions {
  /** Seconds between sweeps; 0 disables the timer (`runOnce` still works). */
  intervalSeconds: number;
  /** Audit events older than this many days are deleted; 0 keeps them forever. */
  auditRetentionDays: number;
}

const DAY = 86_400;

/**
 * Removes expired and burned records of every scope, and audit events past
 * retention, on a timer. Reads already refuse dead records lazily; the sweep
 * is what makes their ciphertext leave the disk when nobody asks again.
 *
 * Audit: each scope (the public bucket, each org) that lost records gets one
 * `secret.prune` row in its own log, `pruned=<n>` from source `sweeper`, and
 * its webhooks one `secret.prune` event; a scope that lost nothing gets
 * neither. (A record found dead by a request is audited `secret.expire`
 * there and then, with its key.)
 */
export class Sweeper {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;

  constructor(
    private readonly store: VaultStore,
    private readonly clock: Clock,
    private readonly options: SweeperOptions,
    private readonly log?: FastifyBaseLogger,
  ) {}

  /** Starts the timer (unref'd: it never keeps the process alive). */
  start(): void {
    if (this.options.intervalSeconds <= 0 || this.#timer !== undefined) return;
    this.#timer = setInterval(() => {
      // A sweep still running (slow disk) is not stacked upon.
      if (this.#running === undefined) void this.runOnce().catch(() => {});
    }, this.options.intervalSeconds * 1000);
    this.#timer.unref();
  }

  /** One sweep now: `{ pruned, auditPruned }`. */
  async runOnce(): Promise<{ pruned: number; auditPruned: number }> {
    const run = this.#sweep();
    this.#running = run;
    try {
      return await run;
    } catch (err) {
      this.log?.error({ code: (err as { code?: unknown })?.code }, 'sweep failed');
      throw err;
    } finally {
      this.#running = undefined;
    }
  }

  async #sweep(): Promise<{ pruned: number; auditPruned: number }> {
    const now = this.clock.now();
    // The store writes each scope's row in that scope; orgId here is only a placeholder.
    const audit = { orgId: null, principalId: null, sourceIp: 'sweeper', detail: 'scheduled sweep' };
    const pruned = await this.store.pruneSecrets(undefined, now, audit);
    const days = this.options.auditRetentionDays;
    const auditPruned = days > 0 ? await this.store.pruneAudit(now - days * DAY) : 0;
    if (pruned > 0 || auditPruned > 0) this.log?.info({ pruned, auditPruned }, 'sweep');
    return { pruned, auditPruned };
  }

  /** Stops the timer and waits for a sweep in progress. */
  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => {});
  }
}
