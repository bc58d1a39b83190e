/**
 * `SecretScope.start`'s resolution: every ref into a `Buffer`, or one error
 * listing everything that could not be resolved.
 *
 * Order matters because a vault read may burn its secret: literals and
 * `${VAR}`s are checked first, then `vault:` refs are probed without
 * consuming them (when the backend can, as `VaultSecrets` does with HEAD),
 * and only when nothing is missing are they read. A start that fails on a
 * missing variable therefore spends no vault read; a backend that cannot
 * probe is not asked at all until every variable is present.
 */
import { isWardenError, zeroize } from '@warden/core';
import type { Env } from '../resolve/env.js';
import { canProbe, type Secrets } from '../resolve/types.js';
import { ScopeStartError, type UnresolvedSecret } from './errors.js';
import { parseRef } from './ref.js';

/** A value in a buffer of its own (never a slice of Node's shared pool, which would survive zeroing elsewhere). */
export function bufferOf(value: string): Buffer {
  const buf = Buffer.alloc(Buffer.byteLength(value, 'utf8'));
  buf.write(value, 'utf8');
  return buf;
}

function reasonOf(err: unknown): string {
  return isWardenError(err) ? err.code : 'error';
}

interface VaultRef {
  name: string;
  key: string;
  ref: string;
}

/** Resolves `refs` (name -> ref) in order; throws `ScopeStartError` and keeps nothing on any failure. */
export async function resolveRefs(
  refs: ReadonlyMap<string, string>,
  env: Env,
  backend: Secrets | undefined,
): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const unresolved: UnresolvedSecret[] = [];
  const errors: unknown[] = [];
  const vault: VaultRef[] = [];
  const fail = (): never => {
    for (const buf of out.values()) zeroize(buf);
    throw new ScopeStartError(unresolved, errors.length > 0 ? new AggregateError(errors) : undefined);
  };

  for (const [name, ref] of refs) {
    const parsed = parseRef(ref);
    if (parsed.kind === 'literal') out.set(name, bufferOf(parsed.value));
    else if (parsed.kind === 'env') {
      const value = env[parsed.name];
      if (typeof value === 'string' && value !== '') out.set(name, bufferOf(value));
      else unresolved.push({ name, ref, reason: 'missing' });
    } else vault.push({ name, key: parsed.key, ref });
  }
  if (vault.length > 0 && backend === undefined) throw new TypeError('vault: refs need a backend');
  const source = backend as Secrets;

  if (vault.length > 0 && canProbe(source)) {
    const probes = await Promise.allSettled(vault.map(async (v) => source.has(v.key)));
    probes.forEach((p, i) => {
      const v = vault[i] as VaultRef;
      if (p.status === 'fulfilled') {
        if (!p.value) unresolved.push({ name: v.name, ref: v.ref, reason: 'missing' });
      } else {
        unresolved.push({ name: v.name, ref: v.ref, reason: reasonOf(p.reason) });
        errors.push(p.reason);
      }
    });
  }
  if (unresolved.length > 0) fail();

  const reads = await Promise.allSettled(vault.map(async (v) => source.resolve(v.key)));
  reads.forEach((r, i) => {
    const v = vault[i] as VaultRef;
    if (r.status === 'fulfilled') out.set(v.name, bufferOf(r.value));
    else if (isWardenError(r.reason, 'secret_not_found'))
      unresolved.push({ name: v.name, ref: v.ref, reason: 'missing' });
    else {
      unresolved.push({ name: v.name, ref: v.ref, reason: reasonOf(r.reason) });
      errors.push(r.reason);
    }
  });
  if (unresolved.length > 0) fail();

  // Back in the configured order, for the journal.
  const ordered = new Map<string, Buffer>();
  for (const name of refs.keys()) ordered.set(name, out.get(name) as Buffer);
  return ordered;
}
