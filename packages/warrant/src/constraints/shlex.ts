/**
 * Tenuo's Rust `Shlex::matches` (tenuo-core `constraints.rs`, fact sheet §5.2):
 * a deliberately conservative pre-filter, not a POSIX shell parser. Quoting
 * is not understood, so any metacharacter anywhere rejects the command.
 */
import { isRustWhitespace } from './rust-whitespace.js';

/** Tenuo's `SHELL_DANGEROUS_CHARS`: control characters, expansions and shell operators. */
const DANGEROUS = new Set([
  '\0',
  '\n',
  '\r',
  '\x0b',
  '\x0c',
  '\x07',
  '\x08',
  '\x7f',
  '$',
  '`',
  '|',
  '&',
  ';',
  '<',
  '>',
  '(',
  ')',
]);

/** The first token of Rust's `split_whitespace`, or undefined when there is none. */
function firstToken(value: string): string | undefined {
  let start = 0;
  while (start < value.length && isRustWhitespace(value.charCodeAt(start))) start++;
  if (start === value.length) return undefined;
  let end = start;
  while (end < value.length && !isRustWhitespace(value.charCodeAt(end))) end++;
  return value.slice(start, end);
}

/**
 * Whether `value` is a command line Tenuo's Rust `Shlex` accepts: non-empty,
 * free of every dangerous character, and whose first whitespace-separated
 * token contains no `..` and equals an `allow` entry either whole or as the
 * basename after its last `/`.
 */
export function shlexMatches(allow: readonly string[], value: string): boolean {
  if (value.length === 0) return false;
  for (const ch of value) if (DANGEROUS.has(ch)) return false;
  const binary = firstToken(value);
  if (binary === undefined) return false;
  // `..` anywhere in the program token blocks allowlist bypass via traversal (`/usr/bin/../../tmp/ls`).
  if (binary.includes('..')) return false;
  const name = binary.slice(binary.lastIndexOf('/') + 1);
  return allow.some((a) => a === binary || a === name);
}

/** Tenuo's `Shlex::validate_attenuation`: every program the child allows is allowed, verbatim, by the parent. */
export function shlexNarrows(parent: readonly string[], child: readonly string[]): boolean {
  return child.every((bin) => parent.includes(bin));
}
