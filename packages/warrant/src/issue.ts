import { emitAudit } from './audit.js';
import {
  buildExtensions,
  type CommonBuildOptions,
  type ConstraintsInput,
  checkSmallInt,
  checkToolName,
  checkTtl,
  resolveId,
  resolveIssuedAt,
  toConstraintSet,
  toPublicKey,
} from './build-options.js';
import { compareUtf8 } from './cbor/value.js';
import type { ConstraintSet } from './constraints/constraint-set.js';
import type { Keypair, PublicKey } from './keys.js';
import { LIMITS, type WarrantPayload } from './payload.js';
import { Warrant } from './warrant.js';

/** Options of {@link issueWarrant} (`Warrant.issue`). */
export interface IssueOptions extends CommonBuildOptions {
  /** The issuer's signing key. */
  keypair: Keypair;
  /** Who may use the warrant (default: the issuer itself). */
  holder?: PublicKey | Keypair | string;
  /** One tool... */
  tool?: string;
  /** ...or several: names sharing `constraints`, or a map of tool -> its own constraints. */
  tools?: readonly string[] | Record<string, ConstraintsInput>;
  /** Constraints for `tool`/`tools` given by name. */
  constraints?: ConstraintsInput;
  /** Let arguments without a constraint through (Tenuo's `allow_unknown`). */
  allowUnknown?: boolean;
  /** Makes an issuer warrant that may mint execution warrants for these tools. */
  issuableTools?: readonly string[];
  /** Issuer warrants: the constraints every issued warrant must stay within. */
  constraintBounds?: ConstraintsInput;
  /** Issuer warrants: how deep issued warrants may go. */
  maxIssueDepth?: number;
  sessionId?: string;
  agentId?: string;
  requiredApprovers?: readonly (PublicKey | string)[];
  minApprovals?: number;
}

/** Collects `tool`/`tools`/`constraints` into a tool map. */
export function resolveTools(options: {
  tool?: string;
  tools?: readonly string[] | Record<string, ConstraintsInput>;
  constraints?: ConstraintsInput;
  allowUnknown?: boolean;
}): Map<string, ConstraintSet> {
  const tools = new Map<string, ConstraintSet>();
  const shared = toConstraintSet(options.constraints, options.allowUnknown);
  if (options.tool !== undefined) tools.set(options.tool, shared);
  if (Array.isArray(options.tools)) {
    for (const name of options.tools as readonly string[]) tools.set(name, shared);
  } else if (options.tools !== undefined) {
    for (const [name, c] of Object.entries(options.tools as Record<string, ConstraintsInput>)) {
      tools.set(name, toConstraintSet(c, options.allowUnknown));
    }
  }
  for (const name of tools.keys()) checkToolName(name);
  return tools;
}

/**
 * Issues a root warrant with Tenuo's builder rules: `issued_at` = now, TTL
 * 300 s by default and at most 90 days, `max_depth` 64 by default and at
 * most 64, issuable tools and approvers sorted, `tenuo:` tool names refused.
 */
export function issueWarrant(options: IssueOptions): Warrant {
  const now = resolveIssuedAt(options);
  const ttl = options.ttlSeconds ?? LIMITS.defaultTtlSeconds;
  checkTtl(ttl);
  const maxDepth = options.maxDepth ?? LIMITS.maxDepth;
  checkSmallInt(maxDepth, LIMITS.maxDepth, 'maxDepth');
  checkSmallInt(options.clearance, 255, 'clearance');
  const isIssuer = options.issuableTools !== undefined;
  const tools = resolveTools(options);
  if (isIssuer && tools.size > 0) throw new TypeError('issuer warrants take issuableTools, not tools');
  if (!isIssuer && tools.size === 0) throw new TypeError('an execution warrant needs at least one tool');
  const issuable = isIssuer ? [...(options.issuableTools as readonly string[])].sort(compareUtf8) : undefined;
  issuable?.forEach(checkToolName);
  const approvers = options.requiredApprovers
    ?.map((k) => toPublicKey(k, 'requiredApprovers'))
    .sort((a, b) => Buffer.compare(a.rawBytes, b.rawBytes));
  const bounds =
    options.constraintBounds === undefined ? undefined : toConstraintSet(options.constraintBounds);
  const payload: WarrantPayload = {
    version: 1,
    id: resolveId(options.id, now),
    warrantType: isIssuer ? 'issuer' : 'execution',
    tools,
    holder: toPublicKey(options.holder ?? options.keypair, 'holder'),
    issuer: options.keypair.publicKey,
    issuedAt: now,
    expiresAt: now + ttl,
    maxDepth,
    parentHash: undefined,
    extensions: buildExtensions(new Map(), options.extensions, options.sessionId, options.agentId),
    issuableTools: issuable,
    maxIssueDepth: options.maxIssueDepth,
    // Tenuo's builder writes bounds only when non-empty.
    constraintBounds: bounds !== undefined && bounds.size > 0 ? bounds : undefined,
    requiredApprovers: approvers,
    minApprovals: options.minApprovals,
    clearance: options.clearance,
    depth: 0,
  };
  const warrant = Warrant.sign(payload, options.keypair);
  emitAudit({
    event: 'warrant.issued',
    warrantId: warrant.id,
    tools: isIssuer ? [...(issuable ?? [])] : [...tools.keys()],
    holder: warrant.holder.toHex(),
    issuer: warrant.issuer.toHex(),
    depth: 0,
    expiresAt: warrant.expiresAt,
  });
  return warrant;
}
