import type { Clock } from '@warden/core';
import type { Env } from '../resolve/env.js';
import type { Secrets } from '../resolve/types.js';

/**
 * What happened to a secret of a scope:
 * - `resolve`: resolved at `start`;
 * - `access`: read through `get` or `use`;
 * - `tool_access`: read through the `get_secret` tool (the value went to the caller);
 * - `tool_confirm`: the tool confirmed availability without the value;
 * - `miss`: asked for, but not held (never held, expired, revoked);
 * - `denied`: asked for through the tool, but not in its `allow` list;
 * - `rotate`: replaced (or added) by `rotate`;
 * - `revoke`: wiped by `revoke`, `revokeAll` or `stop`;
 * - `expire`: its TTL ran out; wiped.
 */
export type SecretAction =
  | 'resolve'
  | 'access'
  | 'tool_access'
  | 'tool_confirm'
  | 'miss'
  | 'denied'
  | 'rotate'
  | 'revoke'
  | 'expire';

/** One journal entry. It names the secret and never carries its value. */
export interface SecretAccessEntry {
  readonly entryType: 'secret_access';
  /** The scope's id. */
  readonly scopeId: string;
  /** Unix seconds, from the scope's clock. */
  readonly timestamp: number;
  readonly data: { readonly action: SecretAction; readonly secretName: string };
}

/**
 * Where a scope writes its journal. `append` is called synchronously before
 * the access it records returns; if it throws, the access fails (a read that
 * cannot be journaled is not granted).
 */
export interface SecretJournal {
  append(entry: SecretAccessEntry): void;
}

/** Options of a scope that a manifest does not carry. */
export interface SecretScopeOptions {
  /** Backend of `vault:KEY` refs (any `Secrets`, e.g. a `VaultSecrets` or a `ChainSecrets`). */
  backend?: Secrets;
  /** Source of `${VAR}` refs (default: `process.env`). */
  env?: Env;
  /** The clock TTLs are measured with (default: the wall clock). */
  clock?: Clock;
  /** Journal(s) every access, rotation, revocation and expiry is written to. */
  journal?: SecretJournal | readonly SecretJournal[];
  /** The scope's id in journal entries (default: a random UUID). */
  id?: string;
  /**
   * Keep a copy of each value the scope no longer holds (revoked, rotated
   * out, expired) so `sanitizeText` still recognizes it, until `forget()` or
   * `stop()` (default `true`). With `false`, revocation wipes every copy at
   * once, and `sanitizeText` only knows the values still held.
   */
  rememberRevoked?: boolean;
}

/** A scope's configuration (the manifest's keys, in camelCase) and options. */
export interface SecretScopeConfig extends SecretScopeOptions {
  /** Secret name -> a literal value, `${ENV_VAR}`, or `vault:KEY`. */
  secrets: Readonly<Record<string, string>>;
  /** Lifetime of every secret, in seconds from resolution or rotation (default: none). */
  defaultTtl?: number;
  /** Per-secret lifetimes in seconds, overriding `defaultTtl`. */
  ttls?: Readonly<Record<string, number>>;
  /** Wipe every secret on `stop()` (default `true`). */
  revokeOnStop?: boolean;
}
