/** The constructor's checks of a scope config: misuse throws `TypeError`/`RangeError` naming the field. */
import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '@warden/core';
import type { Env } from '../resolve/env.js';
import type { Secrets } from '../resolve/types.js';
import { checkName, checkRef, checkTtl, failMisuse, parseRef } from './ref.js';
import type { SecretJournal, SecretScopeConfig } from './types.js';

/** A checked config, with every default applied. */
export interface CheckedConfig {
  refs: Map<string, string>;
  defaultTtl: number | undefined;
  ttls: ReadonlyMap<string, number>;
  revokeOnStop: boolean;
  rememberRevoked: boolean;
  backend: Secrets | undefined;
  env: Env | undefined;
  clock: Clock;
  journals: readonly SecretJournal[];
  id: string;
}

export function checkConfig(config: SecretScopeConfig): CheckedConfig {
  if (config === null || typeof config !== 'object') throw new TypeError('config must be an object');
  const { secrets, backend } = config;
  if (secrets === null || typeof secrets !== 'object' || Array.isArray(secrets))
    throw new TypeError('config.secrets must be an object of name -> reference');
  if (backend !== undefined && (backend === null || typeof backend.resolve !== 'function'))
    throw new TypeError('config.backend must implement Secrets');

  const refs = new Map<string, string>();
  for (const [name, ref] of Object.entries(secrets)) {
    checkName(name, 'config.secrets', failMisuse);
    checkRef(ref, `config.secrets.${name}`, failMisuse);
    if (parseRef(ref).kind === 'vault' && backend === undefined)
      throw new TypeError(`config.secrets.${name}: a vault: reference needs a backend`);
    refs.set(name, ref);
  }
  if (config.defaultTtl !== undefined) checkTtl(config.defaultTtl, 'config.defaultTtl', failMisuse);
  const ttls = new Map<string, number>();
  for (const [name, ttl] of Object.entries(config.ttls ?? {})) {
    if (!refs.has(name)) throw new TypeError(`config.ttls.${name}: no such secret in config.secrets`);
    checkTtl(ttl, `config.ttls.${name}`, failMisuse);
    ttls.set(name, ttl);
  }
  if (config.env !== undefined && (config.env === null || typeof config.env !== 'object'))
    throw new TypeError('config.env must be an object');
  if (config.clock !== undefined && typeof config.clock?.now !== 'function')
    throw new TypeError('config.clock must have now()');
  const journals: readonly SecretJournal[] =
    config.journal === undefined
      ? []
      : Array.isArray(config.journal)
        ? [...config.journal]
        : [config.journal];
  for (const j of journals)
    if (j === null || typeof j?.append !== 'function')
      throw new TypeError('config.journal must have append()');
  if (
    config.id !== undefined &&
    (typeof config.id !== 'string' || config.id === '' || config.id.length > 256)
  )
    throw new TypeError('config.id must be a non-empty string of at most 256 characters');

  return {
    refs,
    defaultTtl: config.defaultTtl,
    ttls,
    revokeOnStop: optionalBoolean(config.revokeOnStop, 'config.revokeOnStop', true),
    rememberRevoked: optionalBoolean(config.rememberRevoked, 'config.rememberRevoked', true),
    backend,
    env: config.env,
    clock: config.clock ?? systemClock,
    journals,
    id: config.id ?? randomUUID(),
  };
}

function optionalBoolean(value: unknown, what: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`${what} must be a boolean`);
  return value;
}
