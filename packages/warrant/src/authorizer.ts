import { createHash } from 'node:crypto';
import { type Clock, resolveNow, systemClock } from '@warden/core';
import { type AuditSink, auditEnabled, emitAudit } from './audit.js';
import { checkConstraints, checkLeafBeforePop } from './authorize.js';
import { toPublicKey } from './build-options.js';
import { AuthorizationError, ChainError, WarrantError } from './errors.js';
import type { PublicKey } from './keys.js';
import { checkLink, checkLinkTime, DEFAULT_CLOCK_TOLERANCE } from './link.js';
import { APPROVAL_GATES_EXTENSION } from './payload.js';
import { DEFAULT_POP_WINDOWS, normalizeArgs, type ToolArgs, verifyPop } from './pop.js';
import { PopReplayCache } from './replay-cache.js';
import { SignedRevocationList } from './revocation.js';
import { decodeChain, MAX_STACK_LENGTH, WarrantStack } from './stack.js';
import { FUTURE_SKEW_SECONDS, Warrant } from './warrant.js';

/** A chain as callers hold it: one warrant, warrants root first, a stack, or their bytes / base64 text. */
export type ChainInput = Warrant | readonly Warrant[] | WarrantStack | Uint8Array | string;

/** Options of {@link Authorizer}. */
export interface AuthorizerOptions {
  /** Keys whose root warrants are trusted (PublicKey or hex). */
  trustedRoots: readonly (PublicKey | string)[];
  /** A revocation list signed by one of the trusted roots. */
  revocationList?: SignedRevocationList;
  clock?: Clock;
  /** PoP windows to accept (default 5). */
  popWindows?: number;
  /** Seconds an intermediate link may be past expiry (default 30, Tenuo's). */
  clockTolerance?: number;
  /** Make each PoP signature usable once: `true` for a default cache, or your own (e.g. shared). */
  replayCache?: PopReplayCache | boolean;
  /** How many verified chains to remember (default 1024; 0 disables the cache). */
  chainCacheSize?: number;
  /** Audit sink for this authorizer (default: the process-wide sink). */
  auditSink?: AuditSink | null;
}

/** Per-call options. */
export interface CallOptions {
  now?: number;
}

/**
 * Verifies delegation chains against trusted roots and authorizes tool calls.
 * Verified chains are cached by the hash of their bytes, so a repeated call
 * pays only for the time checks, the constraints and the PoP signature.
 */
export class Authorizer {
  readonly #roots: readonly PublicKey[];
  readonly #clock: Clock;
  readonly #popWindows: number;
  readonly #tolerance: number;
  readonly #replay: PopReplayCache | undefined;
  readonly #cacheSize: number;
  readonly #cache = new Map<string, readonly Warrant[]>();
  readonly #audit: AuditSink | null | undefined;
  #srl: SignedRevocationList | undefined;

  constructor(options: AuthorizerOptions) {
    if (!Array.isArray(options?.trustedRoots) || options.trustedRoots.length === 0) {
      throw new TypeError('Authorizer needs at least one trusted root');
    }
    this.#roots = options.trustedRoots.map((k) => toPublicKey(k, 'trustedRoots'));
    this.#clock = options.clock ?? systemClock;
    this.#popWindows = options.popWindows ?? DEFAULT_POP_WINDOWS;
    this.#tolerance = options.clockTolerance ?? DEFAULT_CLOCK_TOLERANCE;
    this.#replay = options.replayCache === true ? new PopReplayCache() : options.replayCache || undefined;
    this.#cacheSize = options.chainCacheSize ?? 1024;
    this.#audit = options.auditSink;
    if (options.revocationList !== undefined) this.setRevocationList(options.revocationList);
  }

  /**
   * Installs a newer revocation list. It must be signed by a trusted root, and
   * its version may not go backwards (Tenuo has no rollback check; Warden does).
   */
  setRevocationList(srl: SignedRevocationList): void {
    if (!(srl instanceof SignedRevocationList)) throw new TypeError('expected a SignedRevocationList');
    if (!this.#roots.some((r) => r.equals(srl.issuer))) {
      throw new ChainError('srl_invalid', 'revocation list is not signed by a trusted root');
    }
    if (this.#srl !== undefined && srl.version < this.#srl.version) {
      throw new ChainError('srl_version_rollback', 'revocation list version went backwards');
    }
    this.#srl = srl;
  }

  get revocationList(): SignedRevocationList | undefined {
    return this.#srl;
  }

  /** Verifies the chain at `now` and returns its leaf, or throws a typed error. */
  verifyChain(chain: ChainInput, options?: CallOptions): Warrant {
    const warrants = this.#verified(chain);
    const now = resolveNow(options, this.#clock);
    this.#checkTime(warrants, now);
    return warrants[warrants.length - 1] as Warrant;
  }

  /**
   * Authorizes calling `tool` with `args`: verifies the chain, checks the
   * leaf's PoP signature, and evaluates the constraints of every execution
   * link (and the bounds of every issuer link), not only the leaf's.
   */
  authorize(
    chain: ChainInput,
    tool: string,
    args: ToolArgs,
    signature: Uint8Array | undefined,
    options?: CallOptions,
  ): true {
    let leaf: Warrant | undefined;
    let length = 0;
    try {
      const warrants = this.#verified(chain);
      length = warrants.length;
      leaf = warrants[warrants.length - 1] as Warrant;
      const now = resolveNow(options, this.#clock);
      this.#checkTime(warrants, now);
      const normalized = normalizeArgs(args);
      checkLeafBeforePop(leaf, tool, now);
      verifyPop(leaf, tool, normalized, signature, {
        now,
        popWindows: this.#popWindows,
        replayCache: this.#replay,
      });
      for (const w of warrants) {
        if (w.payload.extensions.has(APPROVAL_GATES_EXTENSION)) {
          // Warden does not evaluate approval gates; a gate anywhere in the chain denies the call.
          throw new AuthorizationError(
            'unsupported_constraint',
            'approval gates are not supported by Warden; denied',
          );
        }
        if (w.type === 'execution') checkConstraints(w, tool, normalized);
        else w.payload.constraintBounds?.check(normalized);
      }
    } catch (err) {
      if (err instanceof WarrantError) {
        emitAudit(
          {
            event: 'authorization.failure',
            tool: typeof tool === 'string' ? tool : undefined,
            ...(leaf && { warrantId: leaf.id, holder: leaf.holder.toHex(), depth: leaf.depth }),
            chainLength: length,
            code: err.code,
            reason: err.message,
          },
          this.#audit,
        );
      }
      throw err;
    }
    if (!auditEnabled(this.#audit)) return true;
    emitAudit(
      {
        event: 'authorization.success',
        tool,
        warrantId: leaf.id,
        holder: leaf.holder.toHex(),
        depth: leaf.depth,
        chainLength: length,
      },
      this.#audit,
    );
    return true;
  }

  /** Everything about a chain that does not depend on the clock or the revocation list; cached. */
  #verified(chain: ChainInput): readonly Warrant[] {
    const key = this.#cacheSize > 0 ? cacheKey(chain) : undefined;
    const hit = key === undefined ? undefined : this.#cache.get(key);
    if (hit !== undefined) return hit;
    const warrants = toWarrants(chain);
    if (warrants.length === 0) throw new ChainError('chain_empty', 'chain is empty');
    if (warrants.length > MAX_STACK_LENGTH) throw new ChainError('chain_too_long', 'chain is too long');
    if (warrants.length > 1) {
      const ids = new Set(warrants.map((w) => w.idHex));
      if (ids.size !== warrants.length)
        throw new ChainError('chain_cycle', 'a warrant appears twice in the chain');
    }
    const root = warrants[0] as Warrant;
    if (!this.#roots.some((r) => r.equals(root.issuer)))
      throw new ChainError('untrusted_root', 'root issuer is not trusted');
    for (let i = 1; i < warrants.length; i++) checkLink(warrants[i - 1] as Warrant, warrants[i] as Warrant);
    if (key !== undefined && this.#cacheSize > 0) {
      if (this.#cache.size >= this.#cacheSize) this.#cache.delete(this.#cache.keys().next().value as string);
      this.#cache.set(key, warrants);
    }
    return warrants;
  }

  #checkTime(warrants: readonly Warrant[], now: number): void {
    for (const w of warrants) {
      if (this.#srl?.isRevoked(w))
        throw new AuthorizationError('warrant_revoked', 'a warrant in the chain is revoked');
      // Tenuo checks this only when decoding a single warrant; Warden checks every link on every call.
      if (w.issuedAt > now + FUTURE_SKEW_SECONDS)
        throw new ChainError('issued_in_future', 'a warrant in the chain is issued in the future');
    }
    for (let i = 1; i < warrants.length; i++) checkLinkTime(warrants[i] as Warrant, now, this.#tolerance);
    // Warden also refuses an expired leaf here (Tenuo checks it only when authorizing).
    const leaf = warrants[warrants.length - 1] as Warrant;
    if (now >= leaf.expiresAt) throw new AuthorizationError('warrant_expired', 'warrant has expired');
  }
}

function toWarrants(chain: ChainInput): readonly Warrant[] {
  if (chain instanceof Warrant) return [chain];
  if (chain instanceof WarrantStack) return chain.warrants;
  if (chain instanceof Uint8Array || typeof chain === 'string') return decodeChain(chain);
  if (Array.isArray(chain)) {
    if (!chain.every((w) => w instanceof Warrant)) throw new TypeError('chain must contain Warrant objects');
    return [...chain];
  }
  throw new TypeError('chain must be a Warrant, an array of warrants, a WarrantStack, bytes or text');
}

function cacheKey(chain: ChainInput): string | undefined {
  if (chain instanceof Uint8Array) return createHash('sha256').update(chain).digest('base64');
  if (typeof chain === 'string') return createHash('sha256').update(chain).digest('base64');
  const list = chain instanceof Warrant ? [chain] : chain instanceof WarrantStack ? chain.warrants : chain;
  if (!Array.isArray(list)) return undefined;
  // Each warrant object was signature-checked when it was made; its signature identifies its payload.
  const h = createHash('sha256');
  for (const w of list as readonly Warrant[]) if (w instanceof Warrant) h.update(w.signature);
  return h.digest('base64');
}
