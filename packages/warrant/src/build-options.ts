import { type Clock, fromHex, resolveNow, utf8 } from '@warden/core';
import type { Constraint } from './constraints/constraint.js';
import { ConstraintSet } from './constraints/constraint-set.js';
import { ConstraintError } from './errors.js';
import { newWarrantId } from './id.js';
import { Keypair, PublicKey } from './keys.js';
import { AGENT_ID_EXTENSION, LIMITS, SESSION_ID_EXTENSION } from './payload.js';

/** Constraints as users write them: a plain object of argument -> constraint, or a ConstraintSet. */
export type ConstraintsInput = Record<string, Constraint> | ConstraintSet;

/** Options every builder shares. */
export interface CommonBuildOptions {
  /** Warrant id (16 bytes or 32 hex); a fresh UUIDv7 by default. */
  id?: Uint8Array | string;
  /** Unix seconds to use as `issued_at`. */
  now?: number;
  clock?: Clock;
  /** Lifetime in seconds (default 300 for roots; the parent's remaining life for children). At most 90 days. */
  ttlSeconds?: number;
  /** How many further delegations are allowed (at most 64). */
  maxDepth?: number;
  /** Clearance level 0-255. */
  clearance?: number;
  /** Opaque extension values (keys `tenuo.*` are reserved for Tenuo's own). */
  extensions?: Record<string, Uint8Array>;
}

export function toConstraintSet(input: ConstraintsInput | undefined, allowUnknown = false): ConstraintSet {
  if (input instanceof ConstraintSet) return input;
  return new ConstraintSet(input ?? {}, allowUnknown);
}

export function toPublicKey(k: PublicKey | Keypair | string, what: string): PublicKey {
  if (k instanceof PublicKey) return k;
  if (k instanceof Keypair) return k.publicKey;
  if (typeof k === 'string') return PublicKey.fromHex(k);
  throw new TypeError(`${what} must be a PublicKey, Keypair or hex string`);
}

export function resolveId(id: Uint8Array | string | undefined, nowSeconds: number): Uint8Array {
  if (id === undefined) return newWarrantId(nowSeconds * 1000);
  const bytes = typeof id === 'string' ? fromHex(id.replace(/^tnu_wrt_/, '').replaceAll('-', ''), 'id') : id;
  if (!(bytes instanceof Uint8Array) || bytes.length !== 16) throw new TypeError('id must be 16 bytes');
  return Uint8Array.from(bytes);
}

export function resolveIssuedAt(options: CommonBuildOptions): number {
  return resolveNow(options);
}

export function checkTtl(ttl: number): void {
  if (!Number.isSafeInteger(ttl) || ttl <= 0) throw new RangeError('ttlSeconds must be a positive integer');
  if (ttl > LIMITS.maxTtlSeconds) throw new ConstraintError('ttl_exceeded', 'ttlSeconds exceeds 90 days');
}

export function checkSmallInt(v: number | undefined, max: number, what: string): void {
  if (v !== undefined && (!Number.isSafeInteger(v) || v < 0 || v > max)) {
    throw new RangeError(`${what} must be an integer in 0..${max}`);
  }
}

export function checkToolName(name: string): void {
  if (typeof name !== 'string' || name.length === 0)
    throw new TypeError('tool names must be non-empty strings');
  if (name.startsWith('tenuo:'))
    throw new ConstraintError('reserved_tool_name', "tool names starting with 'tenuo:' are reserved");
}

/** Extensions plus the session and agent ids folded in as raw UTF-8, as Tenuo does. */
export function buildExtensions(
  base: ReadonlyMap<string, Uint8Array>,
  extra: Record<string, Uint8Array> | undefined,
  sessionId: string | undefined,
  agentId: string | undefined,
): Map<string, Uint8Array> {
  const out = new Map(base);
  for (const [k, v] of Object.entries(extra ?? {})) {
    if (!(v instanceof Uint8Array)) throw new TypeError('extension values must be Uint8Array');
    if (k.startsWith('tenuo.'))
      throw new ConstraintError('reserved_extension_key', "extension keys 'tenuo.*' are reserved");
    if (utf8(k).length > LIMITS.maxExtensionKeyBytes)
      throw new ConstraintError('extension_too_large', 'extension key too long');
    out.set(k, Uint8Array.from(v));
  }
  if (sessionId !== undefined) out.set(SESSION_ID_EXTENSION, utf8(sessionId));
  if (agentId !== undefined) out.set(AGENT_ID_EXTENSION, utf8(agentId));
  return out;
}
