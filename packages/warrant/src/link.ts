import { checkConstraintSetNarrows } from './constraints/narrow.js';
import { AttenuationError, ChainError } from './errors.js';
import { APPROVAL_GATES_EXTENSION } from './payload.js';
import type { Warrant } from './warrant.js';

/** Expired links are tolerated this long, for clock skew between issuers (Tenuo's default 30 s). */
export const DEFAULT_CLOCK_TOLERANCE = 30;

/**
 * Checks that `child` is a valid delegation of `parent` (Tenuo `verify_link`,
 * fact sheet §6.1 step 7) without expiry; {@link checkLinkTime} adds the
 * clock. Warden gives "absent" an explicit meaning everywhere Tenuo skips the
 * comparison: no clearance is clearance 0, no constraint bounds are
 * unbounded, and an execution parent with no tools grants no tools.
 */
export function checkLink(parent: Warrant, child: Warrant): void {
  const p = parent.payload;
  const c = child.payload;
  if (!c.issuer.equals(p.holder))
    throw new ChainError('invalid_issuer', 'child issuer is not the parent holder');
  if (c.parentHash === undefined || Buffer.compare(c.parentHash, parent.payloadHash) !== 0) {
    throw new ChainError('parent_hash_mismatch', 'child parent_hash does not match the parent payload');
  }
  if (c.depth !== p.depth + 1)
    throw new ChainError('depth_violation', 'child depth must be parent depth + 1');
  if (c.depth > p.maxDepth)
    throw new ChainError('depth_exceeded', 'delegation depth exceeds the parent max_depth');
  if (c.maxDepth > p.maxDepth)
    throw new ChainError('depth_violation', 'child max_depth exceeds the parent max_depth');
  if (c.depth > c.maxDepth) throw new ChainError('depth_exceeded', 'delegation depth exceeds max_depth');
  if (c.expiresAt > p.expiresAt) throw new ChainError('ttl_exceeded', 'child outlives its parent');
  // Tenuo checks that gates only grow (I5); Warden cannot evaluate gates, so it refuses any change to them.
  const gates = p.extensions.get(APPROVAL_GATES_EXTENSION);
  if (gates !== undefined) {
    const childGates = c.extensions.get(APPROVAL_GATES_EXTENSION);
    if (childGates === undefined || Buffer.compare(gates, childGates) !== 0) {
      throw new AttenuationError('capability_expansion', 'approval gates cannot be removed or changed');
    }
  }
  checkCapabilities(parent, child);
}

/** Non-root link expiry with tolerance: expired iff `now > expires_at + tolerance` (Tenuo's rule). */
export function checkLinkTime(child: Warrant, now: number, tolerance = DEFAULT_CLOCK_TOLERANCE): void {
  if (now > child.expiresAt + tolerance)
    throw new ChainError('warrant_expired', 'a warrant in the chain has expired');
}

function checkClearance(parent: Warrant, child: Warrant): void {
  if ((child.payload.clearance ?? 0) > (parent.payload.clearance ?? 0)) {
    throw new AttenuationError('clearance_violation', 'child clearance exceeds its parent');
  }
}

function checkCapabilities(parent: Warrant, child: Warrant): void {
  const p = parent.payload;
  const c = child.payload;
  checkClearance(parent, child);
  if (p.warrantType === 'execution') {
    if (c.warrantType !== 'execution') {
      throw new AttenuationError(
        'invalid_attenuation',
        'an execution warrant cannot delegate an issuer warrant',
      );
    }
    for (const [tool, set] of c.tools) {
      const granted = p.tools.get(tool) ?? p.tools.get('*');
      if (granted === undefined)
        throw new AttenuationError('tool_not_authorized', `tool '${tool}' is not in the parent`);
      checkConstraintSetNarrows(granted, set, `tool '${tool}'`);
    }
    return;
  }
  const issuable = p.issuableTools ?? [];
  const covers = (tool: string) => issuable.includes('*') || issuable.includes(tool);
  if (c.warrantType === 'issuer') {
    for (const tool of c.issuableTools ?? []) {
      if (!covers(tool))
        throw new AttenuationError('tool_not_authorized', `tool '${tool}' is not issuable by the parent`);
    }
    if (p.constraintBounds !== undefined) {
      if (c.constraintBounds === undefined) {
        throw new AttenuationError('capability_expansion', 'child drops the parent constraint bounds');
      }
      checkConstraintSetNarrows(p.constraintBounds, c.constraintBounds, 'constraint bounds');
    }
    if (
      p.maxIssueDepth !== undefined &&
      (c.maxIssueDepth === undefined || c.maxIssueDepth > p.maxIssueDepth)
    ) {
      throw new AttenuationError('capability_expansion', 'child max_issue_depth exceeds its parent');
    }
    return;
  }
  // Issuer -> Execution.
  if (c.holder.equals(p.holder) || c.holder.equals(p.issuer)) {
    throw new AttenuationError('self_issuance', 'an issuer cannot issue an execution warrant to itself');
  }
  if (p.maxIssueDepth !== undefined && c.depth > p.maxIssueDepth) {
    throw new ChainError('depth_exceeded', 'issued warrant exceeds max_issue_depth');
  }
  for (const [tool, set] of c.tools) {
    if (!covers(tool))
      throw new AttenuationError('tool_not_authorized', `tool '${tool}' is not issuable by the parent`);
    if (p.constraintBounds !== undefined)
      checkConstraintSetNarrows(p.constraintBounds, set, `tool '${tool}'`);
  }
}
