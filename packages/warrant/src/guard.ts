import { emitAudit } from './audit.js';
import type { Authorizer, ChainInput } from './authorizer.js';
import { currentWarrantContext } from './context.js';
import { AuthorizationError, WarrantError } from './errors.js';
import type { Keypair } from './keys.js';
import { decodeChain, WarrantStack } from './stack.js';
import { Warrant } from './warrant.js';

/** Options of {@link guard}. */
export interface GuardOptions<A extends unknown[]> {
  /** The tool name the warrant must grant. */
  tool: string;
  /** Maps the call's arguments to named tool arguments (default: the single object argument, or none). */
  extractArgs?: (...args: A) => Record<string, unknown>;
  /** A fixed warrant instead of the one from `withWarrant`. */
  warrant?: ChainInput;
  /** The holder key for a fixed warrant. */
  keypair?: Keypair;
  /** Verify the chain against trusted roots (else the context's authorizer, else the leaf alone). */
  authorizer?: Authorizer;
}

function defaultArgs(args: readonly unknown[]): Record<string, unknown> {
  if (args.length === 0) return {};
  const first = args[0];
  if (
    args.length === 1 &&
    typeof first === 'object' &&
    first !== null &&
    Object.getPrototypeOf(first) === Object.prototype
  ) {
    return first as Record<string, unknown>;
  }
  throw new TypeError('guard() needs extractArgs for functions that do not take one plain-object argument');
}

function leafOf(chain: ChainInput): Warrant {
  if (chain instanceof Warrant) return chain;
  if (chain instanceof WarrantStack) return chain.leaf;
  const list = Array.isArray(chain) ? chain : decodeChain(chain as Uint8Array | string);
  const leaf = list[list.length - 1];
  if (!(leaf instanceof Warrant)) throw new TypeError('guard() needs a warrant or a non-empty chain');
  return leaf;
}

/**
 * Wraps `fn` so it runs only when the warrant allows the call (Tenuo's
 * `@lockdown`). The warrant and key come from `options` or from the
 * enclosing `withWarrant`. The wrapper signs the proof-of-possession itself,
 * authorizes (chain, PoP, constraints of every link when an authorizer is
 * given), and only then calls `fn`; otherwise it throws without calling it.
 * PoP signatures are deterministic, so with a replay cache two identical calls
 * (same tool and arguments) within one 30 s window: the second is refused.
 * @example
 * const readFile = guard(async ({ path }: { path: string }) => fs.readFile(path, 'utf8'), { tool: 'read_file' });
 */
export function guard<A extends unknown[], R>(
  fn: (...args: A) => R,
  options: GuardOptions<A>,
): (...args: A) => R {
  if (typeof fn !== 'function') throw new TypeError('guard() wraps a function');
  if (typeof options?.tool !== 'string' || options.tool.length === 0)
    throw new TypeError('guard() needs a tool name');
  const { tool } = options;
  const guarded = function (this: unknown, ...args: A): R {
    const context = currentWarrantContext();
    const chain = options.warrant ?? context?.warrant;
    const keypair = options.warrant !== undefined ? options.keypair : context?.keypair;
    if (chain === undefined || keypair === undefined) {
      const err = new AuthorizationError('no_warrant_in_context', 'no warrant in context for this call');
      emitAudit({ event: 'authorization.failure', tool, code: err.code, reason: err.message });
      throw err;
    }
    const toolArgs = options.extractArgs ? options.extractArgs(...args) : defaultArgs(args);
    const authorizer = options.authorizer ?? context?.authorizer;
    const leaf = leafOf(chain);
    const signature = leaf.createPopSignature(keypair, tool, toolArgs);
    if (authorizer !== undefined) {
      authorizer.authorize(chain, tool, toolArgs, signature);
    } else {
      try {
        leaf.authorize(tool, toolArgs, signature);
      } catch (err) {
        if (err instanceof WarrantError) {
          emitAudit({
            event: 'authorization.failure',
            tool,
            warrantId: leaf.id,
            code: err.code,
            reason: err.message,
          });
        }
        throw err;
      }
      emitAudit({
        event: 'authorization.success',
        tool,
        warrantId: leaf.id,
        holder: leaf.holder.toHex(),
        depth: leaf.depth,
      });
    }
    return fn.apply(this, args);
  };
  Object.defineProperty(guarded, 'name', { value: fn.name || tool });
  return guarded;
}
