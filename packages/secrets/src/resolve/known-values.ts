/**
 * The values a backend has handed out (or holds), and the exact-value
 * redactor compiled from them. Compiled lazily and cached until the set
 * changes, so `redact` on a hot path costs one scan.
 */
import { createRedactor } from '../redact/redactor.js';
import type { Redactor } from '../redact/types.js';
import { assertText } from './assert.js';

let generations = 0;

/** A growing set of secret values with its compiled redactor. */
export class KnownValues {
  readonly #values = new Set<string>();
  #redactor: Redactor | undefined;
  /** Changes whenever the set does; unique across instances, so a cache keyed by it never confuses two sets. */
  generation = ++generations;

  /** Adds `value` (the empty string is never a secret and is ignored). */
  add(value: string): void {
    if (value === '' || this.#values.has(value)) return;
    this.#values.add(value);
    this.#changed();
  }

  /** Drops every value. The strings cannot be wiped, only released to the garbage collector. */
  clear(): void {
    if (this.#values.size === 0) return;
    this.#values.clear();
    this.#changed();
  }

  get size(): number {
    return this.#values.size;
  }

  values(): IterableIterator<string> {
    return this.#values.values();
  }

  /** `text` with every known value, and its encodings, replaced. */
  redact(text: string): string {
    assertText(text);
    if (this.#values.size === 0) return text;
    let redactor = this.#redactor;
    if (redactor === undefined) {
      redactor = createRedactor({ values: this.#values, detectors: false });
      this.#redactor = redactor;
    }
    return redactor.redact(text);
  }

  #changed(): void {
    this.#redactor = undefined;
    this.generation = ++generations;
  }
}

/**
 * The key under which the built-in backends expose their `KnownValues`, so
 * `ChainSecrets` can redact the union of its backends' values in one pass.
 * Redacting backend by backend would miss a value that contains another
 * backend's value: the first pass would cut it apart and leave the rest.
 */
export const knownValues: unique symbol = Symbol('@warden/secrets.knownValues');

/** A backend that exposes its known values. */
export interface HasKnownValues {
  [knownValues](): KnownValues;
}

/** The known values of `secrets`, when it exposes them. */
export function knownValuesOf(secrets: object): KnownValues | undefined {
  const fn = (secrets as Partial<HasKnownValues>)[knownValues];
  return typeof fn === 'function' ? fn.call(secrets) : undefined;
}
