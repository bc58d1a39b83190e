import { PopError } from './errors.js';

/**
 * Remembers PoP signatures until they could no longer verify, so each one
 * authorizes a single call (Tenuo keeps no such cache). Bounded: when full of
 * still-live entries it refuses new signatures rather than forget old ones,
 * because forgetting would reopen the replay it exists to close.
 */
export class PopReplayCache {
  readonly #seen = new Map<string, number>();
  readonly #capacity: number;

  constructor(options?: { capacity?: number }) {
    this.#capacity = options?.capacity ?? 100_000;
  }

  /** Records `signature` as used until `expiresAt`; throws `pop_replayed` if it was used before. */
  consume(signature: Uint8Array, expiresAt: number, now: number): void {
    const key = Buffer.from(signature).toString('base64');
    const until = this.#seen.get(key);
    if (until !== undefined && until >= now)
      throw new PopError('pop_replayed', 'proof-of-possession signature was already used');
    if (this.#seen.size >= this.#capacity) this.#prune(now);
    if (this.#seen.size >= this.#capacity)
      throw new PopError('pop_replayed', 'replay cache is full; try again shortly');
    this.#seen.set(key, expiresAt);
  }

  #prune(now: number): void {
    for (const [k, until] of this.#seen) if (until < now) this.#seen.delete(k);
  }

  get size(): number {
    return this.#seen.size;
  }
}
