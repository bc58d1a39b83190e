import { emitAudit } from './audit.js';
import {
  buildExtensions,
  type CommonBuildOptions,
  type ConstraintsInput,
  checkSmallInt,
  checkTtl,
  resolveId,
  resolveIssuedAt,
  toConstraintSet,
  toPublicKey,
} from './build-options.js';
import { compareUtf8 } from './cbor/value.js';
import type { Constraint } from './constraints/constraint.js';
import { ConstraintSet } from './constraints/constraint-set.js';
import { AttenuationError, ChainError } from './errors.js';
import { resolveTools } from './issue.js';
import type { Keypair, PublicKey } from './keys.js';
import { checkLink } from './link.js';
import {
  AGENT_ID_EXTENSION,
  APPROVAL_GATES_EXTENSION,
  SESSION_ID_EXTENSION,
  type WarrantPayload,
} from './payload.js';
import { Warrant } from './warrant.js';

/** Options of `warrant.attenuate()`. */
export interface AttenuateOptions extends CommonBuildOptions {
  /** The parent's holder key; only the holder can delegate. */
  keypair: Keypair;
  /** Who receives the child (default: the parent's holder). */
  holder?: PublicKey | Keypair | string;
  /** Keep only this tool... */
  tool?: string;
  /** ...or these tools (names keep the parent's constraints; a map replaces them per tool). Default: all. */
  tools?: readonly string[] | Record<string, ConstraintsInput>;
  /** Constraints to tighten on every kept tool, merged over the parent's. */
  constraints?: Record<string, Constraint>;
  /** Issuer warrants: keep only these issuable tools. */
  issuableTools?: readonly string[];
  /** Issuer warrants: tighter bounds. */
  constraintBounds?: ConstraintsInput;
  /** Issuer warrants: lower issue depth. */
  maxIssueDepth?: number;
}

/** Options of `issuerWarrant.issueExecution()`. */
export interface IssueExecutionOptions extends CommonBuildOptions {
  /** The issuer warrant's holder key. */
  keypair: Keypair;
  /** Who receives the execution warrant; must be neither the issuer warrant's holder nor its issuer. */
  holder: PublicKey | Keypair | string;
  tool?: string;
  tools?: readonly string[] | Record<string, ConstraintsInput>;
  constraints?: ConstraintsInput;
  allowUnknown?: boolean;
}

function childBase(parent: Warrant, options: CommonBuildOptions & { keypair: Keypair }) {
  const p = parent.payload;
  if (!options.keypair.publicKey.equals(p.holder)) {
    throw new AttenuationError('invalid_issuer', 'only the holder of a warrant can delegate it');
  }
  if (p.depth + 1 > p.maxDepth)
    throw new ChainError('depth_exceeded', 'warrant is terminal (depth = max_depth)');
  const now = resolveIssuedAt(options);
  let expiresAt = p.expiresAt;
  if (options.ttlSeconds !== undefined) {
    checkTtl(options.ttlSeconds);
    expiresAt = Math.min(now + options.ttlSeconds, p.expiresAt);
  }
  if (expiresAt <= now) throw new ChainError('warrant_expired', 'parent warrant has expired');
  checkSmallInt(options.maxDepth, 255, 'maxDepth');
  checkSmallInt(options.clearance, 255, 'clearance');
  const inherited = new Map<string, Uint8Array>();
  for (const key of [SESSION_ID_EXTENSION, AGENT_ID_EXTENSION, APPROVAL_GATES_EXTENSION]) {
    const v = p.extensions.get(key);
    if (v !== undefined) inherited.set(key, v);
  }
  return {
    id: resolveId(options.id, now),
    issuer: options.keypair.publicKey,
    issuedAt: now,
    expiresAt,
    maxDepth: options.maxDepth ?? p.maxDepth,
    parentHash: parent.payloadHash,
    extensions: buildExtensions(inherited, options.extensions, undefined, undefined),
    requiredApprovers: p.requiredApprovers,
    minApprovals: p.minApprovals,
    clearance: options.clearance ?? p.clearance,
    depth: p.depth + 1,
  };
}

function executionTools(parent: Warrant, options: AttenuateOptions): Map<string, ConstraintSet> {
  if (options.tools !== undefined && !Array.isArray(options.tools))
    return resolveTools({ tools: options.tools });
  const names: string[] = options.tool !== undefined ? [options.tool] : [];
  if (Array.isArray(options.tools)) names.push(...(options.tools as readonly string[]));
  const selected = names.length > 0 ? names : parent.tools;
  const out = new Map<string, ConstraintSet>();
  for (const name of selected) {
    const base = parent.constraintsFor(name);
    if (base === undefined)
      throw new AttenuationError('tool_not_authorized', `tool '${name}' is not in the parent`);
    const merged = new Map(base.constraints);
    for (const [arg, c] of Object.entries(options.constraints ?? {})) merged.set(arg, c);
    out.set(name, new ConstraintSet(merged, base.allowUnknown));
  }
  return out;
}

function auditChild(child: Warrant): void {
  emitAudit({
    event: 'warrant.attenuated',
    warrantId: child.id,
    tools: child.type === 'issuer' ? [...(child.payload.issuableTools ?? [])] : child.tools,
    holder: child.holder.toHex(),
    issuer: child.issuer.toHex(),
    depth: child.depth,
    expiresAt: child.expiresAt,
  });
}

/**
 * Derives a narrower child. The result is checked with the very rules chain
 * verification applies, so `attenuate` never returns a warrant a verifier
 * would reject; a widening throws an `AttenuationError` instead.
 */
export function attenuateWarrant(parent: Warrant, options: AttenuateOptions): Warrant {
  const p = parent.payload;
  const base = childBase(parent, options);
  const isIssuer = p.warrantType === 'issuer';
  const payload: WarrantPayload = {
    version: 1,
    warrantType: p.warrantType,
    tools: isIssuer ? new Map() : executionTools(parent, options),
    holder: toPublicKey(options.holder ?? p.holder, 'holder'),
    issuableTools: isIssuer
      ? [...(options.issuableTools ?? p.issuableTools ?? [])].sort(compareUtf8)
      : undefined,
    maxIssueDepth: isIssuer ? (options.maxIssueDepth ?? p.maxIssueDepth) : undefined,
    constraintBounds: isIssuer
      ? options.constraintBounds === undefined
        ? p.constraintBounds
        : toConstraintSet(options.constraintBounds)
      : undefined,
    ...base,
  };
  const child = Warrant.sign(payload, options.keypair);
  checkLink(parent, child);
  auditChild(child);
  return child;
}

/** Mints an execution warrant from an issuer warrant (Tenuo's `issue_execution`). */
export function issueExecutionWarrant(parent: Warrant, options: IssueExecutionOptions): Warrant {
  if (parent.type !== 'issuer')
    throw new AttenuationError('invalid_warrant_type', 'only issuer warrants can issue');
  const base = childBase(parent, options);
  const tools = resolveTools(options);
  if (tools.size === 0) throw new TypeError('an execution warrant needs at least one tool');
  const payload: WarrantPayload = {
    version: 1,
    warrantType: 'execution',
    tools,
    holder: toPublicKey(options.holder, 'holder'),
    ...base,
  };
  const child = Warrant.sign(payload, options.keypair);
  checkLink(parent, child);
  auditChild(child);
  return child;
}
