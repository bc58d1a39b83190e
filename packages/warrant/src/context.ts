import { AsyncLocalStorage } from 'node:async_hooks';
import type { Authorizer, ChainInput } from './authorizer.js';
import type { Keypair } from './keys.js';

/** What `withWarrant` puts in scope for `guard()`ed functions. */
export interface WarrantContext {
  /** The warrant (or chain, root first) the current task acts under. */
  warrant: ChainInput;
  /** The holder's key, to sign proofs-of-possession. */
  keypair: Keypair;
  /** Verify the chain against trusted roots too (recommended). */
  authorizer?: Authorizer;
}

const storage = new AsyncLocalStorage<WarrantContext>();

/**
 * Runs `fn` with a warrant in scope. The scope follows `fn`'s async work
 * (promises, timers) and nothing else, so concurrent requests never see each
 * other's warrants (the counterpart of Python's ContextVar in Tenuo).
 * @example
 * await withWarrant(warrant, agentKey, () => readFile({ path: '/tmp/a.txt' }));
 */
export function withWarrant<T>(
  warrant: ChainInput,
  keypair: Keypair,
  fn: () => T,
  options?: { authorizer?: Authorizer },
): T {
  return storage.run(
    { warrant, keypair, ...(options?.authorizer && { authorizer: options.authorizer }) },
    fn,
  );
}

/** The warrant context of the current async task, if any. */
export function currentWarrantContext(): WarrantContext | undefined {
  return storage.getStore();
}
