/**
 * Credentials in URLs: `scheme://user:password@host/...` (HTTP basic auth,
 * FTP, database connection strings, `git+https://TOKEN:x-oauth-basic@...`)
 * and `https://TOKEN@host` with a token as the user.
 *
 * The whole URL is redacted, scheme to end: the path and query of a URL that
 * carries credentials (database names, replica sets, options) are as private
 * as its host, and it is what secretlint labels. Example credentials are left
 * alone, with secretlint's rules: the database rule compares the password
 * exactly with common placeholders (`password`, `secret`, `root`, ...), the
 * basic-auth rule rejects user names and passwords that contain one.
 */
import { finding } from '../finding.js';
import { anchoredDetector } from '../scan.js';
import type { Detector } from '../types.js';

const MAX_SCHEME = 32;
const MAX_AUTHORITY = 512;
/** Longest URL redacted (longer ones are cut there: what follows is query string). */
const MAX_URL = 2048;

const DATABASE_SCHEMES = new Set([
  'mongodb',
  'mongodb+srv',
  'mysql',
  'mysqlx',
  'mariadb',
  'postgres',
  'postgresql',
  'redis',
  'rediss',
  'amqp',
  'amqps',
  'mssql',
  'sqlserver',
  'cockroachdb',
  'clickhouse',
  'neo4j',
  'neo4j+s',
  'couchdb',
  'cassandra',
]);

/** Passwords a database URL example uses (compared exactly, case-insensitively). */
const DATABASE_PLACEHOLDERS = new Set(
  [
    'localhost',
    '127.0.0.1',
    'example.com',
    'example.org',
    'test.com',
    'password',
    'username',
    'secret',
    'mypassword',
    'myusername',
    'root',
    'admin',
    'user',
    'pass',
    'your_password',
    'your_username',
    'replace_with_password',
  ].map((s) => s.toLowerCase()),
);

/** Substrings that make a basic-auth user or password an example. */
const BASIC_PLACEHOLDERS = [
  'localhost',
  '127.0.0.1',
  'password',
  'mypassword',
  'myusername',
  'your_password',
  'your_username',
  'replace_with_password',
  'replace_with_username',
];

// URL characters: printable ASCII except quotes, brackets, braces, parentheses, `<>`, `\\`, `^`, `|` and backquote.
const AUTHORITY = new RegExp(`[A-Za-z0-9!$%&*+,\\-.:;=@_~]{0,${MAX_AUTHORITY}}`, 'y');

function isUrlChar(c: number): boolean {
  return c > 0x20 && c < 0x7f && !NOT_URL.has(c);
}
const NOT_URL = new Set([...'"\'()<>[]\\^`{|}'].map((ch) => ch.charCodeAt(0)));

function isSchemeChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x2b ||
    c === 0x2e ||
    c === 0x2d
  );
}

function isVariable(s: string): boolean {
  return /^[$%]/.test(s) || /%[A-Z_]{1,30}%|\$[A-Z_]/.test(s);
}

function isRepetitive(s: string): boolean {
  return /^(.)\1{3,}$/.test(s);
}

function realDatabaseCredential(user: string, password: string): boolean {
  if (user === password || password.length < 4 || isVariable(password) || isRepetitive(password))
    return false;
  return !DATABASE_PLACEHOLDERS.has(password.toLowerCase());
}

function realBasicCredential(user: string, password: string): boolean {
  if (user.length < 2 || password.length < 4 || isVariable(user) || isVariable(password)) return false;
  if (isRepetitive(password)) return false;
  const u = user.toLowerCase();
  const p = password.toLowerCase();
  return !BASIC_PLACEHOLDERS.some((x) => u.includes(x) || p.includes(x));
}

/** A token used as the user name alone (`https://ghp_...@github.com`). */
function tokenAsUser(user: string): boolean {
  return user.length >= 20 && /[A-Za-z]/.test(user) && /[0-9]/.test(user) && !isVariable(user);
}

/**
 * The `[start, end]` of a credentialed URL whose `://` is at `sep`, if any and
 * of the wanted family. The URL ends before `limit` (where the next `://` is:
 * a URL in the query string starts a redaction of its own).
 */
function credentialedUrl(
  text: string,
  sep: number,
  limit: number,
  wantDatabase: boolean,
): [number, number] | undefined {
  let start = sep;
  while (start > 0 && sep - start < MAX_SCHEME && isSchemeChar(text.charCodeAt(start - 1))) start--;
  if (start === sep || !/[A-Za-z]/.test(text[start] ?? '') || text.charCodeAt(start - 1) === 0x5d)
    return undefined;
  const scheme = text.slice(start, sep).toLowerCase();
  if (start >= 5 && text.slice(start - 5, start).toLowerCase() === 'jdbc:') start -= 5;
  const authorityStart = sep + 3;
  AUTHORITY.lastIndex = authorityStart;
  const authority = AUTHORITY.exec(text)?.[0] ?? '';
  const at = authority.lastIndexOf('@');
  if (at < 0) return undefined;
  const userinfo = authority.slice(0, at);
  const colon = userinfo.indexOf(':');
  const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
  const password = colon < 0 ? '' : userinfo.slice(colon + 1);
  const database = DATABASE_SCHEMES.has(scheme);
  if (database !== wantDatabase) return undefined;
  const real =
    colon < 0
      ? tokenAsUser(user)
      : database
        ? realDatabaseCredential(user, password)
        : realBasicCredential(user, password);
  if (!real) return undefined;
  const hostStart = authorityStart + at + 1;
  const stop = Math.min(limit, start + MAX_URL);
  let end = hostStart;
  while (end < stop && isUrlChar(text.charCodeAt(end))) end++;
  // Sentence punctuation after a URL is not part of it.
  while (end > hostStart && '.,;:!?'.includes(text[end - 1] as string)) end--;
  return [start, end];
}

function urlDetector(id: string, database: boolean): Detector {
  return anchoredDetector({
    id,
    confidence: 'medium',
    keywords: ['://'],
    maxLength: 5 + MAX_SCHEME + MAX_URL + 1,
    findAt(text, sep) {
      // A URL ends where the next one (in its query string, say) begins.
      const next = text.indexOf('://', sep + 1);
      let limit = next === -1 ? text.length : next;
      if (next !== -1) while (limit > sep + 3 && isSchemeChar(text.charCodeAt(limit - 1))) limit--;
      const url = credentialedUrl(text, sep, limit, database);
      return url === undefined ? undefined : finding(id, url[0], url[1], 'medium');
    },
  });
}

/** HTTP(S), FTP(S), git and other non-database URLs with credentials. */
export const urlCredentials: Detector = urlDetector('url-credentials', false);

/** Database connection URLs (MongoDB, MySQL, PostgreSQL, Redis, AMQP, ...) with a password. */
export const databaseConnectionString: Detector = urlDetector('database-connection-string', true);
