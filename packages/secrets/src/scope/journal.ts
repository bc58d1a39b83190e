/**
 * Journals of a scope's secret accesses. An entry names the secret and the
 * action, never the value. Appends are synchronous, so an access is on
 * record before its value is returned.
 */
import { appendFileSync } from 'node:fs';
import type { SecretAccessEntry, SecretJournal } from './types.js';

/** Keeps entries in memory, oldest first (for tests, and for a process that ships them elsewhere). */
export class MemoryJournal implements SecretJournal {
  readonly #entries: SecretAccessEntry[] = [];

  append(entry: SecretAccessEntry): void {
    this.#entries.push(entry);
  }

  /** The entries so far, oldest first. */
  get entries(): readonly SecretAccessEntry[] {
    return [...this.#entries];
  }

  /** Empties the journal. */
  clear(): void {
    this.#entries.length = 0;
  }
}

/**
 * Appends one JSON line per entry to a file, created with mode 0600 if absent.
 * Each append is a synchronous write: ordered, and on disk (in the page
 * cache) before the access returns.
 */
export class JsonlFileJournal implements SecretJournal {
  /** The file written to. */
  readonly path: string;

  constructor(path: string) {
    if (typeof path !== 'string' || path === '') throw new TypeError('path must be a non-empty string');
    this.path = path;
  }

  append(entry: SecretAccessEntry): void {
    appendFileSync(this.path, `${JSON.stringify(entry)}\n`, { encoding: 'utf8', mode: 0o600 });
  }
}

/** Hands every entry to a function (a logger, an audit pipeline). If it throws, the access fails. */
export class CallbackJournal implements SecretJournal {
  readonly #fn: (entry: SecretAccessEntry) => void;

  constructor(fn: (entry: SecretAccessEntry) => void) {
    if (typeof fn !== 'function') throw new TypeError('fn must be a function');
    this.#fn = fn;
  }

  append(entry: SecretAccessEntry): void {
    this.#fn(entry);
  }
}
