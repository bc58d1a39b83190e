/** A rate: `perSecond` tokens refill each second, up to `burst`. `perSecond: 0` disables the limit. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  /** Seconds (monotonic) of the last refill. */
  at: number;
}

/**
 * In-memory token buckets keyed by caller (an IP, a token id). Memory is
 * bounded: past `maxEntries`, buckets that have refilled completely are
 * dropped (a full bucket is the same as none), then the oldest ones.
 * Per process: several server processes each enforce their own limit.
 */
export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();
  readonly #now: () => number;

  constructor(
    readonly limit: RateLimit,
    options: { maxEntries?: number; now?: () => number } = {},
  ) {
    if (!(limit.perSecond >= 0) || !(limit.burst >= 1 || limit.perSecond === 0)) {
      throw new RangeError('rate limit needs perSecond >= 0 and burst >= 1');
    }
    this.maxEntries = options.maxEntries ?? 100_000;
    this.#now = options.now ?? (() => performance.now() / 1000);
  }

  readonly maxEntries: number;

  /** Takes one token for `key`: `0` when allowed, else the seconds to wait before retrying. */
  take(key: string): number {
    if (this.limit.perSecond === 0) return 0;
    const now = this.#now();
    let b = this.#buckets.get(key);
    if (b === undefined) {
      if (this.#buckets.size >= this.maxEntries) this.#evict(now);
      b = { tokens: this.limit.burst, at: now };
      this.#buckets.set(key, b);
    } else {
      b.tokens = Math.min(this.limit.burst, b.tokens + (now - b.at) * this.limit.perSecond);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.limit.perSecond));
  }

  /** Number of tracked buckets (for tests). */
  get size(): number {
    return this.#buckets.size;
  }

  #evict(now: number): void {
    for (const [key, b] of this.#buckets) {
      if (b.tokens + (now - b.at) * this.limit.perSecond >= this.limit.burst) this.#buckets.delete(key);
    }
    // Still full: everyone is active. Forget the oldest tenth rather than grow without bound.
    if (this.#buckets.size >= this.maxEntries) {
      let drop = Math.max(1, Math.floor(this.maxEntries / 10));
      for (const key of this.#buckets.keys()) {
        if (drop-- <= 0) break;
        this.#buckets.delete(key);
      }
    }
  }
}
