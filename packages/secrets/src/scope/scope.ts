import { type Clock, zeroize } from '@warden/core';
import { assertText } from '../resolve/assert.js';
import type { Env } from '../resolve/env.js';
import { SecretNotFoundError } from '../resolve/errors.js';
import type { Secrets } from '../resolve/types.js';
import { checkConfig } from './config.js';
import { ScopeStateError } from './errors.js';
import { HeldValues } from './held.js';
import { parseManifest } from './manifest.js';
import { checkName, checkTtl, failMisuse, isSecretName } from './ref.js';
import { bufferOf, resolveRefs } from './resolve-refs.js';
import { createSecretTool, type SecretTool, type SecretToolOptions } from './tool.js';
import type {
  SecretAccessEntry,
  SecretAction,
  SecretJournal,
  SecretScopeConfig,
  SecretScopeOptions,
} from './types.js';

/** Options of `SecretScope.fromManifest`: the scope options, with the backend named `secrets`. */
export interface ManifestOptions extends Omit<SecretScopeOptions, 'backend'> {
  /** Backend of `vault:KEY` refs. */
  secrets?: Secrets;
  /** Size cap of the manifest in UTF-8 bytes (default 64 KiB). */
  maxBytes?: number;
}

/** Options of `SecretScope.rotate`. */
export interface RotateOptions {
  /** Lifetime of the new value in seconds (default: the secret's `ttls` entry, then `defaultTtl`). */
  ttl?: number;
}

/** `idle` -> `start()` -> `running` -> `stop()` -> `stopped`. */
export type ScopeState = 'idle' | 'starting' | 'running' | 'stopped';

interface Held {
  buf: Buffer;
  /** Unix seconds, or null: no TTL. */
  expiresAt: number | null;
}

const INVALID_NAME = '(invalid name)';
const REDACTED_NAME = '(redacted)';

/**
 * The secrets one agent process needs, for as long as it needs them (after
 * promptise's SecretScope): resolved at `start` from literals, `${ENV_VAR}`s
 * and `vault:KEY`s, each with a TTL, every access journaled (never a
 * value), rotated without restart, and wiped on `revokeAll`/`stop`.
 *
 * **What wiping means in JavaScript.** The scope keeps each value in a
 * `Buffer` of its own and overwrites it with zeros when the secret is
 * revoked, rotated out, expires or the scope stops. That wipe is real for
 * the scope's copy. But a JavaScript string cannot be overwritten: every
 * string the value ever was stays in the heap until the garbage collector
 * reuses its memory, and may be found in a heap dump or core file until
 * then. That includes the strings `get()` returns, the strings a backend
 * (env, vault) produced, literal values in the config, and the redactor
 * `sanitizeText` compiles. `use(name, fn)` gives the bytes without creating
 * a string; code that must not leave copies behind uses it, and passes the
 * `Buffer` on to APIs that take bytes (crypto keys, sockets, HTTP headers
 * as `Buffer`).
 *
 * @example
 * ```ts
 * const scope = SecretScope.fromManifest(readFileSync('agent.yaml', 'utf8'), {
 *   secrets: new VaultSecrets(WardenClient.fromEnv()),
 *   journal: new JsonlFileJournal('secret-access.jsonl'),
 * });
 * await scope.start(); // fails with one error naming every missing ref
 * const key = scope.get('OPENAI_API_KEY'); // journaled; undefined once expired or revoked
 * scope.use('DB_PASSWORD', (buf) => connect({ password: buf })); // no string copy
 * log(scope.sanitizeText(modelOutput)); // values (and their encodings) -> [REDACTED]
 * await scope.stop(); // zero-fills every buffer
 * ```
 */
export class SecretScope {
  /** The scope's id in journal entries. */
  readonly id: string;
  #state: ScopeState = 'idle';
  /** name -> ref; dropped once started (literal refs are values). */
  #refs: Map<string, string> | undefined;
  readonly #defaultTtl: number | undefined;
  readonly #ttls: ReadonlyMap<string, number>;
  readonly #revokeOnStop: boolean;
  readonly #rememberRevoked: boolean;
  readonly #backend: Secrets | undefined;
  readonly #env: Env | undefined;
  readonly #clock: Clock;
  readonly #journals: readonly SecretJournal[];
  /** Every name the scope has been configured or rotated with. */
  readonly #names = new Set<string>();
  readonly #active = new Map<string, Held>();
  readonly #held = new HeldValues();

  constructor(config: SecretScopeConfig) {
    const c = checkConfig(config);
    this.#refs = c.refs;
    for (const name of c.refs.keys()) this.#names.add(name);
    this.#defaultTtl = c.defaultTtl;
    this.#ttls = c.ttls;
    this.#revokeOnStop = c.revokeOnStop;
    this.#rememberRevoked = c.rememberRevoked;
    this.#backend = c.backend;
    this.#env = c.env;
    this.#clock = c.clock;
    this.#journals = c.journals;
    this.id = c.id;
  }

  /**
   * A scope from a YAML manifest (keys `secrets`, `default_ttl`, `ttls`,
   * `revoke_on_stop`); throws `ManifestError` (`invalid_manifest`) on
   * anything else. `options.secrets` is the backend of `vault:` refs.
   */
  static fromManifest(yamlText: string, options: ManifestOptions = {}): SecretScope {
    const { secrets: backend, maxBytes, ...rest } = options;
    const manifest = parseManifest(yamlText, maxBytes);
    return new SecretScope({ ...rest, ...manifest, backend });
  }

  get state(): ScopeState {
    return this.#state;
  }

  /**
   * Resolves every reference. Fails with one `ScopeStartError` listing every
   * missing ref (`scope_secrets_missing`), or every ref a backend failed on
   * (`scope_start_failed`); then nothing is kept and `start` may be called
   * again. Variables are checked before any vault read is spent (see
   * `resolve-refs`).
   */
  async start(): Promise<void> {
    if (this.#state !== 'idle') throw new ScopeStateError(`cannot start a scope that is ${this.#state}`);
    this.#state = 'starting';
    let resolved: Map<string, Buffer>;
    try {
      resolved = await resolveRefs(this.#refs ?? new Map(), this.#env ?? process.env, this.#backend);
    } catch (err) {
      if (this.#state === 'starting') this.#state = 'idle';
      throw err;
    }
    if (this.#state !== 'starting') {
      for (const buf of resolved.values()) zeroize(buf);
      throw new ScopeStateError('the scope was stopped while starting');
    }
    try {
      for (const name of resolved.keys()) this.#journal('resolve', name);
    } catch (err) {
      for (const buf of resolved.values()) zeroize(buf);
      this.#state = 'idle';
      throw err;
    }
    const now = this.#clock.now();
    for (const [name, buf] of resolved)
      this.#active.set(name, { buf, expiresAt: this.#expiry(name, undefined, now) });
    this.#refs = undefined;
    this.#held.invalidate();
    this.#state = 'running';
  }

  /**
   * The value of `name` as a string (journaled `access`), or `undefined`
   * when the scope does not hold it (never had it, expired, revoked;
   * journaled `miss`). The string is a copy that cannot be wiped: prefer
   * `use` where the consumer takes bytes.
   */
  get(name: string): string | undefined {
    return this.#access(name, 'access')?.buf.toString('utf8');
  }

  /**
   * Runs `fn` with the scope's own `Buffer` of `name` (journaled `access`),
   * without creating a string; returns what `fn` returns. Throws
   * `SecretNotFoundError` when the scope does not hold it. The buffer is
   * lent, not given: do not modify it, and do not keep it; a kept
   * reference reads zeros once the secret is revoked, rotated, expired or
   * the scope stops (a still-running async `fn` sees that too).
   */
  use<T>(name: string, fn: (value: Buffer) => T): T {
    if (typeof fn !== 'function') throw new TypeError('fn must be a function');
    const held = this.#access(name, 'access');
    if (held === undefined) throw new SecretNotFoundError(this.#journalName(name));
    return fn(held.buf);
  }

  /**
   * Replaces `name`'s value (or adds a secret under a new name) without a
   * restart; the old buffer is zero-filled. The new TTL runs from now. A
   * `Uint8Array` value is copied: the caller may zero its own (`get` decodes
   * it as UTF-8; binary material is for `use`).
   */
  rotate(name: string, value: string | Uint8Array, options: RotateOptions = {}): void {
    if (this.#state !== 'running')
      throw new ScopeStateError(`cannot rotate in a scope that is ${this.#state}`);
    checkName(name, 'name', failMisuse);
    if (options.ttl !== undefined) checkTtl(options.ttl, 'options.ttl', failMisuse);
    let buf: Buffer;
    if (typeof value === 'string' && value !== '') buf = bufferOf(value);
    else if (value instanceof Uint8Array && value.length > 0) {
      buf = Buffer.alloc(value.length);
      buf.set(value);
    } else throw new TypeError('value must be a non-empty string or Uint8Array');
    const old = this.#active.get(name);
    if (old !== undefined) this.#wipe(old);
    this.#active.set(name, { buf, expiresAt: this.#expiry(name, options.ttl, this.#clock.now()) });
    this.#names.add(name);
    this.#held.invalidate();
    this.#journal('rotate', name);
  }

  /** Names of the secrets held now (expired ones are wiped first, and journaled `expire`). */
  get activeSecrets(): string[] {
    this.sweep();
    return [...this.#active.keys()];
  }

  /** Wipes every expired secret now (otherwise that happens at the next access); returns their names. */
  sweep(): string[] {
    const now = this.#clock.now();
    const expired: string[] = [];
    for (const [name, held] of this.#active)
      if (held.expiresAt !== null && now >= held.expiresAt) expired.push(name);
    this.#dropAll(expired, 'expire');
    return expired;
  }

  /** Zero-fills and drops `name` (journaled `revoke`); false when it was not held. */
  revoke(name: string): boolean {
    if (typeof name !== 'string') throw new TypeError('name must be a string');
    this.sweep();
    if (!this.#active.has(name)) return false;
    this.#dropAll([name], 'revoke');
    return true;
  }

  /**
   * Zero-fills and drops every secret (each journaled `revoke`). Every
   * buffer is zeroed before any journal is written, so a failing journal
   * cannot leave a value behind. The scope keeps running: `rotate` may add
   * values again. `sanitizeText` still covers the revoked values until
   * `forget()` (unless `rememberRevoked: false`).
   */
  revokeAll(): void {
    this.sweep();
    this.#dropAll([...this.#active.keys()], 'revoke');
  }

  /**
   * Stops the scope. With `revokeOnStop` (the default) every secret is
   * revoked and every retained copy forgotten: nothing the scope held is
   * left in its buffers. Sanitize what you still need to before stopping.
   * Idempotent.
   */
  async stop(): Promise<void> {
    if (this.#state === 'stopped') return;
    this.#state = 'stopped';
    this.#refs = undefined;
    if (!this.#revokeOnStop) return;
    try {
      this.revokeAll();
    } finally {
      this.forget();
    }
  }

  /**
   * Zero-fills the copies kept of values no longer held, so `sanitizeText`
   * stops recognizing them. Values still held are unaffected.
   */
  forget(): void {
    this.#held.forget();
  }

  /**
   * `text` with every value the scope holds or held (since the last
   * `forget`), in every encoding the redactor knows (raw, base64,
   * base64url, URL-encoded, JSON-escaped), replaced by `[REDACTED]`.
   */
  sanitizeText(text: string): string {
    assertText(text);
    return this.#held.redact(
      text,
      [...this.#active.values()].map((h) => h.buf),
    );
  }

  /**
   * A framework-neutral `get_secret` tool over this scope; every call is
   * journaled. By default it returns the value, which then enters the
   * model's transcript: see `SecretToolOptions.reveal` and the notes of
   * `tool.ts` before handing it to a model.
   */
  getSecretTool(options: SecretToolOptions = {}): SecretTool {
    return createSecretTool(
      {
        read: (name) => this.#access(name, 'tool_access')?.buf.toString('utf8'),
        confirm: (name) => this.#access(name, 'tool_confirm') !== undefined,
        deny: (name) => this.#journal('denied', this.#journalName(name)),
      },
      options,
    );
  }

  /** The held entry of `name` (journaled `action`), or undefined (journaled `miss`). */
  #access(name: string, action: SecretAction): Held | undefined {
    if (this.#state === 'idle' || this.#state === 'starting')
      throw new ScopeStateError('the scope has not started: call start() first');
    if (typeof name !== 'string') throw new TypeError('name must be a string');
    let held = this.#active.get(name);
    if (held !== undefined && held.expiresAt !== null && this.#clock.now() >= held.expiresAt) {
      this.#dropAll([name], 'expire');
      held = undefined;
    }
    this.#journal(held === undefined ? 'miss' : action, this.#journalName(name));
    return held;
  }

  /**
   * The name to journal. A name the scope never had is the caller's (or a
   * model's) free text, and could be a value: it is journaled only when it
   * is a well-formed name and not one of the scope's values in any encoding.
   */
  #journalName(name: string): string {
    if (this.#names.has(name)) return name;
    if (!isSecretName(name)) return INVALID_NAME;
    return this.sanitizeText(name) === name ? name : REDACTED_NAME;
  }

  #expiry(name: string, ttl: number | undefined, now: number): number | null {
    const seconds = ttl ?? this.#ttls.get(name) ?? this.#defaultTtl;
    return seconds === undefined ? null : now + seconds;
  }

  /** Keeps a copy for `sanitizeText` (if remembering), then zero-fills. */
  #wipe(held: Held): void {
    if (this.#rememberRevoked) this.#held.retire(held.buf);
    this.#held.invalidate();
    zeroize(held.buf);
  }

  /** Wipes every named secret first, then journals each; rethrows the first journal failure. */
  #dropAll(names: readonly string[], action: 'revoke' | 'expire'): void {
    const dropped: string[] = [];
    for (const name of names) {
      const held = this.#active.get(name);
      if (held === undefined) continue;
      this.#wipe(held);
      this.#active.delete(name);
      dropped.push(name);
    }
    let failure: { err: unknown } | undefined;
    for (const name of dropped) {
      try {
        this.#journal(action, name);
      } catch (err) {
        failure ??= { err };
      }
    }
    if (failure !== undefined) throw failure.err;
  }

  /** Appends to every journal; a failing journal fails the operation (after the others were written). */
  #journal(action: SecretAction, secretName: string): void {
    if (this.#journals.length === 0) return;
    const entry: SecretAccessEntry = Object.freeze({
      entryType: 'secret_access',
      scopeId: this.id,
      timestamp: this.#clock.now(),
      data: Object.freeze({ action, secretName }),
    });
    let failure: { err: unknown } | undefined;
    for (const journal of this.#journals) {
      try {
        journal.append(entry);
      } catch (err) {
        failure ??= { err };
      }
    }
    if (failure !== undefined) throw failure.err;
  }
}
