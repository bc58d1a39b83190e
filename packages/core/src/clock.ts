/** A source of the current time in whole Unix seconds. Injected so tests never sleep. */
export interface Clock {
  /** Current Unix time in seconds (integer). */
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = {
  now: () => Math.floor(Date.now() / 1000),
};

/** A clock that stands still until told to move; for tests and simulations. */
export class ManualClock implements Clock {
  #now: number;

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Move the clock forward (or backward, with a negative value) by `seconds`. */
  advance(seconds: number): void {
    this.#now += seconds;
  }

  set(now: number): void {
    this.#now = now;
  }
}

/**
 * Resolve the time a call should use: an explicit `now` wins, then the clock,
 * then the wall clock.
 */
export function resolveNow(options?: { now?: number; clock?: Clock }, fallback: Clock = systemClock): number {
  if (options?.now !== undefined) {
    if (!Number.isSafeInteger(options.now) || options.now < 0) {
      throw new RangeError('now must be a non-negative integer number of Unix seconds');
    }
    return options.now;
  }
  return (options?.clock ?? fallback).now();
}
