import { ConstraintError } from '../errors.js';

/**
 * Tenuo's `Subpath` (tenuo-core `constraints.rs`, fact sheet §5.2): purely
 * lexical containment, no filesystem access and no symlink resolution.
 */

/** The fields of a Subpath constraint that matching needs. */
export interface SubpathSpec {
  /** The root as stored: normalized (and lowercased when case-insensitive) if built here, verbatim if decoded. */
  readonly root: string;
  /** When false, the candidate path is lowercased before comparing; the root is assumed lowercase already. */
  readonly caseSensitive: boolean;
  /** Whether the root itself is contained. */
  readonly allowEqual: boolean;
}

/** Tenuo's `is_absolute`: `/…`, or an ASCII drive letter followed by `:\` or `:/`. */
function isAbsolute(path: string): boolean {
  if (path.startsWith('/')) return true;
  // Tenuo checks the first three bytes; these are all ASCII, so UTF-16 indexing is equivalent.
  const c0 = path.charCodeAt(0);
  const letter = (c0 >= 0x41 && c0 <= 0x5a) || (c0 >= 0x61 && c0 <= 0x7a);
  return letter && path[1] === ':' && (path[2] === '\\' || path[2] === '/');
}

/**
 * Tenuo's `normalize_path`: keep a leading `/` or drive prefix (`C:`, `C:\`, `C:/`) verbatim,
 * split the rest on `/` and `\`, drop empty and `.` segments, let `..` pop (never above the
 * root), and rejoin with `/`.
 */
function normalizePath(path: string): string {
  let prefix: string;
  let rest: string;
  if (path.startsWith('/')) {
    prefix = '/';
    rest = path.slice(1);
  } else if (path.length >= 2 && path[1] === ':') {
    // Tenuo tests byte 1; a ':' there means byte 0 is a one-byte character, so indices agree.
    const sep = path.length > 2 && (path[2] === '\\' || path[2] === '/') ? 3 : 2;
    prefix = path.slice(0, sep);
    rest = path.slice(sep);
  } else {
    prefix = '';
    rest = path;
  }
  const parts: string[] = [];
  for (const part of rest.split(/[/\\]/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  let out = prefix;
  parts.forEach((part, i) => {
    if ((i > 0 || prefix !== '') && !out.endsWith('/') && !out.endsWith('\\')) out += '/';
    out += part;
  });
  return out;
}

/**
 * Tenuo's `Subpath::with_options` normalization of a user-supplied root: it
 * must be absolute, is normalized lexically, and is lowercased when matching
 * is case-insensitive. Decoded roots must NOT pass through here (Tenuo keeps
 * them verbatim).
 *
 * @throws ConstraintError `invalid_constraint` when the root is not absolute.
 */
export function normalizeSubpathRoot(root: string, caseSensitive: boolean): string {
  if (!isAbsolute(root))
    throw new ConstraintError('invalid_constraint', 'Subpath root must be an absolute path');
  const normalized = normalizePath(root);
  // JS toLowerCase and Rust str::to_lowercase are both Unicode default full lowercasing (incl. final sigma).
  return caseSensitive ? normalized : normalized.toLowerCase();
}

/**
 * Tenuo's `Subpath::contains_path`: true when `path`, after lexical
 * normalization, equals the root (if `allowEqual`) or lies under
 * `root.trimEnd('/') + '/'`. A NUL byte or a relative path is never contained.
 */
export function subpathContains(opts: SubpathSpec, path: string): boolean {
  if (path.includes('\0')) return false;
  if (!isAbsolute(path)) return false;
  let normalized = normalizePath(path);
  if (!opts.caseSensitive) normalized = normalized.toLowerCase();
  if (opts.allowEqual && normalized === opts.root) return true;
  // Rust's trim_end_matches('/') strips every trailing '/', and only '/', so a root `C:\` contains nothing below it.
  let end = opts.root.length;
  while (end > 0 && opts.root.charCodeAt(end - 1) === 0x2f) end--;
  return normalized.startsWith(`${opts.root.slice(0, end)}/`);
}

/**
 * Tenuo's `Subpath::validate_attenuation`: the child's root must be contained
 * by the parent (with the parent's case and equality rules), case sensitivity
 * may not be dropped, and `allowEqual` may not be gained.
 */
export function subpathNarrows(parent: SubpathSpec, child: SubpathSpec): boolean {
  if (!subpathContains(parent, child.root)) return false;
  if (parent.caseSensitive && !child.caseSensitive) return false;
  if (!parent.allowEqual && child.allowEqual) return false;
  return true;
}
