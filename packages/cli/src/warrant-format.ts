import { type Warrant, WarrantStack } from '@warden/warrant';
import type { Output } from './output.js';

const iso = (unix: number): string => new Date(unix * 1000).toISOString().replace('.000Z', 'Z');

/** "in 4m 10s" / "expired 3s ago". */
export function relative(unix: number, now: number): string {
  const d = unix - now;
  const abs = Math.abs(d);
  const text =
    abs >= 86_400
      ? `${Math.floor(abs / 86_400)}d ${Math.floor((abs % 86_400) / 3600)}h`
      : abs >= 3600
        ? `${Math.floor(abs / 3600)}h ${Math.floor((abs % 3600) / 60)}m`
        : abs >= 60
          ? `${Math.floor(abs / 60)}m ${abs % 60}s`
          : `${abs}s`;
  return d > 0 ? `in ${text}` : `expired ${text} ago`;
}

/**
 * A warrant's fields as indented lines, never its bytes or signature. The
 * constraint descriptions are policy (what is allowed), not secrets.
 */
export function describeWarrant(w: Warrant, now: number): string {
  const p = w.payload;
  const lines = [
    `id:          ${w.id}`,
    `type:        ${w.type}`,
    `issuer:      ${w.issuer.toHex()}`,
    `holder:      ${w.holder.toHex()}`,
    `issued:      ${iso(w.issuedAt)}`,
    `expires:     ${iso(w.expiresAt)} (${relative(w.expiresAt, now)})`,
    `depth:       ${w.depth} of max ${w.maxDepth}`,
  ];
  if (p.parentHash) lines.push(`parent hash: ${Buffer.from(p.parentHash).toString('hex')}`);
  if (w.clearance !== undefined) lines.push(`clearance:   ${w.clearance}`);
  if (w.sessionId !== undefined) lines.push(`session:     ${w.sessionId}`);
  if (w.agentId !== undefined) lines.push(`agent:       ${w.agentId}`);
  if (w.type === 'execution') {
    lines.push('tools:');
    for (const [tool, set] of p.tools) {
      const open = set.size === 0 ? ' (any arguments)' : set.allowUnknown ? ' (other arguments allowed)' : '';
      lines.push(`  ${tool}${open}`);
      for (const [arg, c] of set.constraints) lines.push(`    ${arg}: ${c.describe()}`);
    }
  } else {
    lines.push(`issuable:    ${(p.issuableTools ?? []).join(', ') || '(none)'}`);
    if (p.maxIssueDepth !== undefined) lines.push(`issue depth: ${p.maxIssueDepth}`);
    if (p.constraintBounds && p.constraintBounds.size > 0) {
      lines.push('bounds:');
      for (const [arg, c] of p.constraintBounds.constraints) lines.push(`    ${arg}: ${c.describe()}`);
    }
  }
  if (p.requiredApprovers)
    lines.push(
      `approvers:   ${p.minApprovals ?? p.requiredApprovers.length} of ${p.requiredApprovers.length}`,
    );
  return lines.join('\n');
}

/** Every warrant of a chain, root first, as `inspect` prints it. */
export function describeChain(warrants: readonly Warrant[], now: number): string {
  return warrants
    .map((w, i) => {
      const head =
        warrants.length > 1
          ? `warrant ${i} of ${warrants.length}${i === 0 ? ' (root)' : ''}${i === warrants.length - 1 ? ' (leaf)' : ''}`
          : 'warrant';
      const body = describeWarrant(w, now)
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n');
      return `${head}\n${body}`;
    })
    .join('\n\n');
}

/**
 * Prints a newly made warrant (or, with `chain`, the stack ending in it):
 * base64url by default, PEM with `pem`, or a JSON summary plus the text.
 */
export function emitWarrant(
  out: Output,
  made: Warrant,
  options: { pem?: boolean; chain?: readonly Warrant[] },
): void {
  const chain = options.chain;
  const text =
    chain === undefined
      ? options.pem
        ? made.toPem()
        : made.toBase64()
      : options.pem
        ? new WarrantStack(chain).toPem()
        : new WarrantStack(chain).toBase64();
  const summary = chain === undefined ? made.toJSON() : { leaf: made.toJSON(), chainLength: chain.length };
  out.result(
    {
      [chain === undefined ? 'warrant' : 'chain']: text.trimEnd(),
      format: options.pem ? 'pem' : 'base64url',
      ...summary,
    },
    text.trimEnd(),
  );
  const tools =
    made.type === 'execution'
      ? `tools ${made.tools.join(', ')}`
      : `issuable ${(made.payload.issuableTools ?? []).join(', ')}`;
  out.note(`${made.id}: ${made.type}, ${tools}, depth ${made.depth}, expires ${iso(made.expiresAt)}`);
}
