import { WardenError } from '@warden/core';
import Database from 'better-sqlite3';

/**
 * SQLite result codes that mean "the database cannot serve right now" (locked,
 * disk full, I/O failure, unreadable file) as opposed to a bug or a violated
 * constraint. A client may retry the former (503); the latter is a 500.
 */
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|NOMEM|PROTOCOL|CORRUPT|NOTADB)/;

/**
 * Maps a SQLite failure to a `WardenError` with a fixed message (SQLite's own
 * text stays on `cause` for operators; it names columns, never bound values).
 * Anything else (a `WardenError` or an error thrown by a caller's callback)
 * passes through unchanged.
 */
export function toStoreError(error: unknown): unknown {
  if (!(error instanceof Database.SqliteError)) return error;
  if (UNAVAILABLE.test(error.code)) {
    return new WardenError('store_unavailable', 'the store is unavailable', { status: 503, cause: error });
  }
  return new WardenError('store_error', 'the store failed', { status: 500, cause: error });
}

/** The error for a call on a store that is not open (never initialized, or closed). */
export function storeClosed(): WardenError {
  return new WardenError('store_unavailable', 'the store is not open', { status: 503 });
}
