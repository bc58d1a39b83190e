/**
 * What a scope keeps so that `sanitizeText` still recognizes values it no
 * longer holds (revoked, rotated out, expired).
 *
 * The honest trade-off: recognizing a value later requires keeping
 * something from which the value can be recognized, and anything that can
 * recognize it exactly can confirm a guess of it. A keyed hash would not
 * avoid that (the key sits in the same memory) and would not cover the
 * encodings (a secret inside a longer base64 string). So the scope keeps
 * plain copies, but in `Buffer`s that `forget()` and `stop()` zero, and
 * compiles them into a redactor only when `sanitizeText` is called. That
 * redactor holds the values as JavaScript strings, which cannot be wiped:
 * it is dropped (for the garbage collector) whenever the set changes. A
 * scope that must not keep anything after revocation is configured with
 * `rememberRevoked: false`, and then no longer sanitizes what it revoked.
 */
import { constantTimeEqual, zeroize } from '@warden/core';
import { createRedactor } from '../redact/redactor.js';
import type { Redactor } from '../redact/types.js';

export class HeldValues {
  readonly #retired: Buffer[] = [];
  #redactor: Redactor | undefined;

  /** Keeps a copy of `value` (deduplicated); the caller may zero its own buffer afterwards. */
  retire(value: Buffer): void {
    if (this.#retired.some((b) => constantTimeEqual(b, value))) return;
    const copy = Buffer.alloc(value.length);
    value.copy(copy);
    this.#retired.push(copy);
    this.invalidate();
  }

  /** Zeroes and drops every retired copy. */
  forget(): void {
    for (const b of this.#retired) zeroize(b);
    this.#retired.length = 0;
    this.invalidate();
  }

  /** Drops the compiled redactor; the next `redact` recompiles from the current values. */
  invalidate(): void {
    this.#redactor = undefined;
  }

  /** `text` with every active and retired value, in every supported encoding, replaced. */
  redact(text: string, active: Iterable<Buffer>): string {
    let redactor = this.#redactor;
    if (redactor === undefined) {
      const values = [...active, ...this.#retired];
      if (values.length === 0) return text;
      // No copies (they could not be zeroed): every change that zeroes a buffer invalidates this redactor first.
      redactor = createRedactor({ values, detectors: false });
      this.#redactor = redactor;
    }
    return redactor.redact(text);
  }
}
