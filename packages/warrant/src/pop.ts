import { type Clock, concatBytes, resolveNow } from '@warden/core';
import { encodeCbor } from './cbor/encode.js';
import { type CborValue, compareUtf8 } from './cbor/value.js';
import { type ConstraintValue, toConstraintValue, valueToCbor } from './constraints/value.js';
import { SIGNATURE_DOMAIN } from './envelope.js';
import { PopError } from './errors.js';
import type { Keypair } from './keys.js';
import type { PopReplayCache } from './replay-cache.js';
import type { Warrant } from './warrant.js';

/** PoP time bucket (Tenuo signs `floor(now / 30) * 30`). */
export const POP_WINDOW_SECONDS = 30;
/** Windows a verifier tries: offsets 0, -1, +1, -2, +2 (Tenuo's Rust default). */
export const DEFAULT_POP_WINDOWS = 5;

/** Widest verifier setting accepted: 64 windows, 32 on either side. */
const MAX_POP_HALF_WINDOWS = 32;

const POP_DOMAIN = new TextEncoder().encode('tenuo-pop-v1');

/** Tool arguments as callers pass them: a plain object or a Map. `undefined` values are dropped. */
export type ToolArgs = Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>;

/** Normalizes arguments into ConstraintValues (see `toConstraintValue` for the integer/float rule). */
export function normalizeArgs(args: ToolArgs): Map<string, ConstraintValue> {
  const out = new Map<string, ConstraintValue>();
  if (args === null || typeof args !== 'object') throw new TypeError('tool arguments must be an object');
  const entries = args instanceof Map ? [...args] : Object.entries(args);
  for (const [k, v] of entries) {
    if (typeof k !== 'string') throw new TypeError('argument names must be strings');
    if (v !== undefined) out.set(k, toConstraintValue(v));
  }
  return out;
}

/**
 * The PoP preimage as Tenuo's runtime builds it: `"tenuo-warrant-v1" ||
 * "tenuo-pop-v1" || CBOR([id_hex, tool, [[key, value]...sorted], window])`.
 * The double prefix and the plain-hex id are the runtime's, not the spec's.
 */
export function popMessage(
  idHex: string,
  tool: string,
  args: ReadonlyMap<string, ConstraintValue>,
  window: number,
): Uint8Array {
  const sorted: CborValue[] = [...args.keys()]
    .sort(compareUtf8)
    .map((k) => [k, valueToCbor(args.get(k) as ConstraintValue)]);
  return concatBytes(SIGNATURE_DOMAIN, POP_DOMAIN, encodeCbor([idHex, tool, sorted, window]));
}

/** Signs a PoP for calling `tool` with `args` under `warrant`, in the current 30 s window. */
export function createPopSignature(
  warrant: Warrant,
  keypair: Keypair,
  tool: string,
  args: ToolArgs,
  options?: { now?: number; clock?: Clock },
): Uint8Array {
  const now = resolveNow(options);
  const window = Math.floor(now / POP_WINDOW_SECONDS) * POP_WINDOW_SECONDS;
  return keypair.sign(popMessage(warrant.idHex, tool, normalizeArgs(args), window));
}

/** Options of PoP verification. */
export interface PopVerifyOptions {
  now?: number;
  clock?: Clock;
  /** Windows to try (default 5: a signature is good from 60 s before to 90 s after its window starts). */
  popWindows?: number;
  /** Remember accepted signatures so each authorizes once. */
  replayCache?: PopReplayCache;
}

/** Verifies a PoP signature by the warrant's holder; throws `PopError`. */
export function verifyPop(
  warrant: Warrant,
  tool: string,
  args: ReadonlyMap<string, ConstraintValue>,
  signature: Uint8Array | undefined,
  options?: PopVerifyOptions,
): void {
  if (signature === undefined || signature === null)
    throw new PopError('pop_missing', 'proof-of-possession signature is required');
  if (!(signature instanceof Uint8Array) || signature.length !== 64) {
    throw new PopError('pop_signature_invalid', 'proof-of-possession signature must be 64 bytes');
  }
  const now = resolveNow(options);
  const windows = options?.popWindows ?? DEFAULT_POP_WINDOWS;
  if (!Number.isSafeInteger(windows) || windows < 1 || windows > 64)
    throw new RangeError('popWindows must be 1..64');
  const half = Math.floor(windows / 2);
  const base = Math.floor(now / POP_WINDOW_SECONDS);
  for (let i = 0; i < windows; i++) {
    const offset = i === 0 ? 0 : i % 2 === 1 ? -Math.ceil(i / 2) : Math.ceil(i / 2);
    if (Math.abs(offset) > half) continue;
    const window = (base + offset) * POP_WINDOW_SECONDS;
    if (warrant.holder.verify(popMessage(warrant.idHex, tool, args, window), signature)) {
      // Remember it for as long as any verifier (up to 64 windows) could accept it, so a cache shared
      // between authorizers with different window settings still refuses every replay.
      options?.replayCache?.consume(signature, window + (MAX_POP_HALF_WINDOWS + 1) * POP_WINDOW_SECONDS, now);
      return;
    }
  }
  throw new PopError(
    'pop_signature_invalid',
    'proof-of-possession signature is invalid or outside its time window',
  );
}
