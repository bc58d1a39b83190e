import type { Clock } from '@warden/core';
import type { FastifyBaseLogger } from 'fastify';
import type { Sealer } from '../seal/types.js';
import type { VaultStore, WebhookDelivery } from '../store/types.js';
import { postJson, TargetRefusedError } from './post.js';
import { SIGNATURE_HEADER, signWebhook } from './signature.js';

/** Delivery tuning; every field has a default. */
export interface DispatcherOptions {
  /** Milliseconds between outbox polls (default 1000); 0 disables the timer. */
  intervalMs?: number;
  /** Deliveries claimed per poll (default 20). */
  batchSize?: number;
  /** How long a claim hides a delivery from other workers (default 60 s). */
  leaseSeconds?: number;
  /** Attempts before a delivery is dropped (default 8). */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt up to `maxDelaySeconds` (defaults 10 s, 1 h). */
  baseDelaySeconds?: number;
  maxDelaySeconds?: number;
  /** Per-request timeout (default 5000 ms, as Sirr). */
  timeoutMs?: number;
  /** Deliver to private, loopback and link-local addresses (default false). */
  allowPrivateTargets?: boolean;
  /** HMAC key for a secret's own `webhook_url` (Sirr's `SIRR_WEBHOOK_SECRET`); without it those are dropped. */
  secretWebhookKey?: string;
}

/**
 * Delivers the webhook outbox. The store writes a delivery in the same
 * transaction as its event; this worker claims due ones under a lease, POSTs
 * them signed (webhooks/signature.ts), and completes, reschedules with
 * exponential backoff and jitter, or drops them. Delivery is at least once:
 * the `x-warden-delivery` header is the receiver's idempotency key.
 */
export class WebhookDispatcher {
  readonly #o: Required<Omit<DispatcherOptions, 'secretWebhookKey'>> & { secretWebhookKey?: string };
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;

  constructor(
    private readonly store: VaultStore,
    private readonly sealer: Sealer,
    private readonly clock: Clock,
    options: DispatcherOptions = {},
    private readonly log?: FastifyBaseLogger,
  ) {
    this.#o = {
      intervalMs: options.intervalMs ?? 1000,
      batchSize: options.batchSize ?? 20,
      leaseSeconds: options.leaseSeconds ?? 60,
      maxAttempts: options.maxAttempts ?? 8,
      baseDelaySeconds: options.baseDelaySeconds ?? 10,
      maxDelaySeconds: options.maxDelaySeconds ?? 3600,
      timeoutMs: options.timeoutMs ?? 5000,
      allowPrivateTargets: options.allowPrivateTargets ?? false,
      ...(options.secretWebhookKey !== undefined && { secretWebhookKey: options.secretWebhookKey }),
    };
  }

  /** Starts polling (unref'd timer). */
  start(): void {
    if (this.#o.intervalMs <= 0 || this.#timer !== undefined) return;
    this.#timer = setInterval(() => {
      if (this.#running === undefined) void this.runOnce().catch(() => {});
    }, this.#o.intervalMs);
    this.#timer.unref();
  }

  /** Stops polling and waits for the deliveries in flight (each bounded by the timeout). */
  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => {});
  }

  /** Claims and attempts one batch; resolves with how many were claimed. */
  async runOnce(): Promise<number> {
    const run = (async () => {
      const batch = await this.store.claimDeliveries(
        this.clock.now(),
        this.#o.batchSize,
        this.#o.leaseSeconds,
      );
      const secrets = new Map<string, Promise<Uint8Array | undefined>>();
      await Promise.all(batch.map((d) => this.#deliver(d, secrets)));
      return batch.length;
    })();
    this.#running = run;
    try {
      return await run;
    } finally {
      this.#running = undefined;
    }
  }

  /** Delay before attempt `attempts + 1`: base * 2^(attempts-1), capped, plus up to 10% jitter. */
  backoffSeconds(attempts: number): number {
    const base = Math.min(this.#o.baseDelaySeconds * 2 ** Math.max(0, attempts - 1), this.#o.maxDelaySeconds);
    return Math.ceil(base + Math.random() * base * 0.1);
  }

  /** The signing key of a delivery: its webhook's sealed secret, or the per-secret URL key. */
  async #signingKey(d: WebhookDelivery): Promise<Uint8Array | undefined> {
    if (d.webhookId === null) {
      return this.#o.secretWebhookKey === undefined
        ? undefined
        : Buffer.from(this.#o.secretWebhookKey, 'utf8');
    }
    const hook = (await this.store.listWebhooks(d.orgId)).find((w) => w.id === d.webhookId);
    if (hook === undefined) return undefined;
    return this.sealer.open(hook.secret, { kind: 'webhook', orgId: d.orgId, key: '', recordId: hook.id });
  }

  async #deliver(d: WebhookDelivery, keys: Map<string, Promise<Uint8Array | undefined>>): Promise<void> {
    const cacheKey = d.webhookId ?? '';
    let keyPromise = keys.get(cacheKey);
    if (keyPromise === undefined) {
      keyPromise = this.#signingKey(d);
      keys.set(cacheKey, keyPromise);
    }
    // Only host names are logged: a webhook URL may carry a token in its path or query.
    const host = safeHost(d.url);
    try {
      const key = await keyPromise;
      if (key === undefined) {
        this.log?.debug(
          { delivery: d.id, host },
          'webhook dropped: no signing key (webhook deleted or unset)',
        );
        await this.store.retryDelivery(d.id, null);
        return;
      }
      const now = this.clock.now();
      const status = await postJson(d.url, d.body, {
        headers: {
          'content-type': 'application/json',
          'user-agent': 'warden-webhooks',
          'x-warden-event': d.event,
          'x-warden-delivery': d.id,
          [SIGNATURE_HEADER]: signWebhook(key, now, d.body),
        },
        timeoutMs: this.#o.timeoutMs,
        allowPrivateTargets: this.#o.allowPrivateTargets,
      });
      if (status >= 200 && status < 300) {
        await this.store.completeDelivery(d.id);
        return;
      }
      await this.#retry(d, host, `status ${status}`);
    } catch (err) {
      if (err instanceof TargetRefusedError) {
        this.log?.warn({ delivery: d.id, host }, 'webhook refused: private target');
        await this.store.retryDelivery(d.id, null);
        return;
      }
      await this.#retry(d, host, (err as { code?: string })?.code ?? 'network error');
    }
  }

  async #retry(d: WebhookDelivery, host: string, reason: string): Promise<void> {
    if (d.attempts >= this.#o.maxAttempts) {
      this.log?.warn({ delivery: d.id, host, attempts: d.attempts, reason }, 'webhook given up');
      await this.store.retryDelivery(d.id, null);
      return;
    }
    await this.store.retryDelivery(d.id, this.clock.now() + this.backoffSeconds(d.attempts));
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'invalid';
  }
}
