/**
 * `.env` text for `pull` and `push --from-env-file`, in the subset that the
 * dotenv package and Node's `--env-file` read the same way: each value is
 * quoted so that it comes back byte for byte, or refused when no quoting can
 * carry it. Error messages name line numbers, never line contents.
 */
import { usage } from '../errors.js';

/** A value quoted for a `.env` line, or undefined when no quote style round-trips it. */
export function quoteDotenv(value: string): string | undefined {
  // Node's reader drops carriage returns and stops at NUL, whatever the quoting.
  if (value.includes('\r') || value.includes('\0')) return undefined;
  // Single quotes are literal; double quotes expand \n, so only values without a backslash.
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"') && !value.includes('\\')) return `"${value}"`;
  if (!value.includes('`')) return `\`${value}\``;
  return undefined;
}

/** `.env` text for `values` (sorted by key), and the keys whose values it cannot represent. */
export function formatDotenv(values: Record<string, string>): { text: string; unrepresentable: string[] } {
  const lines: string[] = [];
  const unrepresentable: string[] = [];
  for (const key of Object.keys(values).sort()) {
    const quoted = quoteDotenv(values[key] as string);
    if (quoted === undefined) unrepresentable.push(key);
    else lines.push(`${key}=${quoted}`);
  }
  return { text: lines.length === 0 ? '' : `${lines.join('\n')}\n`, unrepresentable };
}

const KEY_RE = /^[A-Za-z0-9_.-]+$/;

/**
 * Entries of `.env` text: `KEY=value`, optional `export `, `#` comments,
 * values unquoted (trimmed, ` #` starts a comment) or in '...', "..." or
 * `...` quotes (which may span lines; "..." expands \n, as Node's reader does).
 */
export function parseDotenv(text: string, what: string): [string, string][] {
  const out: [string, string][] = [];
  const src = text.replace(/\r\n?/g, '\n');
  let i = 0;
  let line = 1;
  while (i < src.length) {
    const eol = src.indexOf('\n', i) === -1 ? src.length : src.indexOf('\n', i);
    const raw = src.slice(i, eol);
    const startLine = line;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      i = eol + 1;
      line++;
      continue;
    }
    const m = /^\s*(?:export\s+)?([^=\s]+)\s*=\s*/.exec(raw);
    if (m === null || !KEY_RE.test(m[1] as string))
      throw usage('invalid_env_file', `${what}: line ${startLine} is not KEY=value`);
    const key = m[1] as string;
    const valueStart = i + m[0].length;
    const q = src[valueStart];
    if (q === "'" || q === '"' || q === '`') {
      const close = src.indexOf(q, valueStart + 1);
      if (close === -1) throw usage('invalid_env_file', `${what}: line ${startLine}: unterminated quote`);
      let value = src.slice(valueStart + 1, close);
      line += (value.match(/\n/g) ?? []).length;
      if (q === '"') value = value.replace(/\\n/g, '\n');
      const restEnd = src.indexOf('\n', close) === -1 ? src.length : src.indexOf('\n', close);
      const rest = src.slice(close + 1, restEnd).trim();
      if (rest !== '' && !rest.startsWith('#'))
        throw usage('invalid_env_file', `${what}: line ${line}: text after the closing quote`);
      out.push([key, value]);
      i = restEnd + 1;
      line++;
      continue;
    }
    const value = src
      .slice(valueStart, eol)
      .replace(/\s+#.*$/, '')
      .trim();
    out.push([key, value]);
    i = eol + 1;
    line++;
  }
  return out;
}
