import type Database from 'better-sqlite3';
import type { OrgScope, SealedValue, SecretMeta, SecretRecord } from './types.js';

/** A parameter better-sqlite3 can bind (booleans must be turned into 0/1 first). */
export type SqlValue = string | number | bigint | Uint8Array | null;

/** Prepared statements cached by their text, over one connection. */
export class Sql {
  readonly #db: Database.Database;
  readonly #cache = new Map<string, Database.Statement>();

  constructor(db: Database.Database) {
    this.#db = db;
  }

  #stmt(sql: string): Database.Statement {
    let stmt = this.#cache.get(sql);
    if (stmt === undefined) {
      stmt = this.#db.prepare(sql);
      this.#cache.set(sql, stmt);
    }
    return stmt;
  }

  /** The first row, or undefined. */
  get<T>(sql: string, ...params: SqlValue[]): T | undefined {
    return this.#stmt(sql).get(...params) as T | undefined;
  }

  /** Every row. */
  all<T>(sql: string, ...params: SqlValue[]): T[] {
    return this.#stmt(sql).all(...params) as T[];
  }

  /** Runs a write; returns the number of rows it changed. */
  run(sql: string, ...params: SqlValue[]): number {
    return this.#stmt(sql).run(...params).changes;
  }
}

/** The public bucket is stored as '' (see sqlite-migrations.ts). */
export function orgCol(orgId: OrgScope): string {
  return orgId ?? '';
}

/** The inverse of {@link orgCol}. */
export function orgOf(column: string): OrgScope {
  return column === '' ? null : column;
}

/** A `secrets` row as better-sqlite3 returns it. */
export interface SecretRow {
  id: string;
  org: string;
  key: string;
  ciphertext: Buffer;
  nonce: Buffer;
  key_version: number;
  created_at: number;
  expires_at: number | null;
  max_reads: number | null;
  read_count: number;
  delete_on_exhaust: number;
  owner_id: string | null;
  webhook_url: string | null;
  allowed_keys: string | null;
}

/** Stored sealed bytes as a `SealedValue`; the bytes are copied so a caller may zero them. */
export function toSealed(ciphertext: Buffer, nonce: Buffer, keyVersion: number): SealedValue {
  return { ciphertext: new Uint8Array(ciphertext), nonce: new Uint8Array(nonce), keyVersion };
}

/** The row as a record; the bytes are copied so a caller may zero them. */
export function toRecord(row: SecretRow): SecretRecord {
  return { ...toMeta(row), ...toSealed(row.ciphertext, row.nonce, row.key_version) };
}

/** The row without its sealed value. */
export function toMeta(row: SecretRow): SecretMeta {
  return {
    id: row.id,
    orgId: orgOf(row.org),
    key: row.key,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    maxReads: row.max_reads,
    readCount: row.read_count,
    deleteOnExhaust: row.delete_on_exhaust === 1,
    ownerId: row.owner_id,
    webhookUrl: row.webhook_url,
    allowedKeys: row.allowed_keys === null ? null : (JSON.parse(row.allowed_keys) as string[]),
  };
}

/** Sirr's "expired": `expires_at != null && now >= expires_at` (sirr-v1-api §3.2). */
export function isExpired(row: { expires_at: number | null }, now: number): boolean {
  return row.expires_at !== null && now >= row.expires_at;
}

/** The read budget is spent. */
export function isExhausted(row: { max_reads: number | null; read_count: number }): boolean {
  return row.max_reads !== null && row.read_count >= row.max_reads;
}

/**
 * A record that exhausted its budget but was meant to be deleted by that read.
 * The store never leaves one behind; a row like this can only come from
 * outside (a restored backup, a manual edit) and is treated as burned.
 */
export function isBurnedLeftover(row: SecretRow): boolean {
  return row.delete_on_exhaust === 1 && isExhausted(row);
}

/** Sirr's "sealed": kept after its last read, answering 410. */
export function isSealed(row: SecretRow): boolean {
  return row.delete_on_exhaust === 0 && isExhausted(row);
}

/** Reads a metadata column (a JSON object of strings, written by this store). */
export function parseStringMap(json: string): Record<string, string> {
  return JSON.parse(json) as Record<string, string>;
}
