/**
 * The YAML manifest of a scope (promptise's `.agent` secrets block):
 *
 * ```yaml
 * secrets:
 *   OPENAI_API_KEY: ${OPENAI_API_KEY}
 *   DB_PASSWORD: vault:prod/db-password
 * default_ttl: 3600
 * ttls: { DB_PASSWORD: 300 }
 * revoke_on_stop: true
 * ```
 *
 * Parsed defensively: a size cap before parsing, one document only, no
 * aliases (no "billion laughs"), no duplicate or unknown keys, and the AST
 * is walked directly (never `toJS`) so no alias is ever expanded and no key
 * becomes an object's prototype. Errors give a key path or a line and
 * column, never a snippet of the text, which may hold literal secrets.
 */
import { isMap, isScalar, LineCounter, type Node, parseDocument, visit, type YAMLMap } from 'yaml';
import { ManifestError } from './errors.js';
import { checkName, checkRef, checkTtl, type Fail } from './ref.js';

/** The default size cap of a manifest, in UTF-8 bytes. */
export const MAX_MANIFEST_BYTES = 64 * 1024;

const KEYS = ['secrets', 'default_ttl', 'ttls', 'revoke_on_stop'] as const;
type Key = (typeof KEYS)[number];

/** What a manifest says, in the constructor's camelCase. */
export interface ManifestConfig {
  secrets: Record<string, string>;
  defaultTtl?: number;
  ttls?: Record<string, number>;
  revokeOnStop?: boolean;
}

const fail: Fail = (message) => {
  throw new ManifestError(message);
};

/** Parses and checks a manifest; throws `ManifestError` on anything but a well-formed one. */
export function parseManifest(text: string, maxBytes = MAX_MANIFEST_BYTES): ManifestConfig {
  if (typeof text !== 'string') throw new TypeError('manifest must be a string');
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1)
    throw new RangeError('maxBytes must be a positive integer');
  if (Buffer.byteLength(text, 'utf8') > maxBytes) fail(`larger than ${maxBytes} bytes`);

  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    schema: 'core',
    merge: false,
    uniqueKeys: true,
    strict: true,
  });
  const at = (offset: number | undefined): string => {
    if (offset === undefined) return 'at an unknown position';
    const { line, col } = lines.linePos(offset);
    return `at line ${line}, column ${col}`;
  };
  const problem = doc.errors[0] ?? doc.warnings[0];
  // The code and the position only: yaml's messages may quote the source.
  if (problem !== undefined) fail(`YAML ${problem.code} ${at(problem.pos[0])}`);
  visit(doc, {
    Alias(_key, node) {
      fail(`aliases are not allowed (${at(node.range?.[0])})`);
    },
  });

  const root = doc.contents;
  if (!isMap(root)) fail('the top level must be a mapping with a `secrets` key');
  // Keys first: a misindented secret shows up as an unknown top-level key, the clearest report of it.
  const pairs: [Key, Node | null][] = root.items.map((pair) => {
    const key = scalarKey(pair.key, 'the top level', at);
    if (!(KEYS as readonly string[]).includes(key)) {
      // Name the key when it looks like a name; anything else might be a misplaced value.
      const shown = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/.test(key) ? `"${key}"` : 'a key';
      fail(`unknown key ${shown} ${at(rangeOf(pair.key))} (allowed: ${KEYS.join(', ')})`);
    }
    return [key as Key, pair.value as Node | null];
  });
  if (!pairs.some(([key]) => key === 'secrets')) fail('missing key `secrets`');
  const config: ManifestConfig = { secrets: Object.create(null) };
  for (const [key, value] of pairs) {
    switch (key) {
      case 'secrets':
        config.secrets = stringMap(value, 'secrets', at);
        break;
      case 'default_ttl':
        config.defaultTtl = ttl(value, 'default_ttl');
        break;
      case 'ttls': {
        const ttls: Record<string, number> = Object.create(null);
        for (const [name, node] of entries(value, 'ttls', at)) ttls[name] = ttl(node, `ttls.${name}`);
        config.ttls = ttls;
        break;
      }
      case 'revoke_on_stop': {
        const v = isScalar(value) ? value.value : undefined;
        if (typeof v !== 'boolean') fail('revoke_on_stop: must be true or false');
        config.revokeOnStop = v;
        break;
      }
    }
  }
  for (const name of Object.keys(config.ttls ?? {}))
    if (!Object.hasOwn(config.secrets, name)) fail(`ttls.${name}: no such secret in \`secrets\``);
  return config;
}

type At = (offset: number | undefined) => string;

function rangeOf(node: unknown): number | undefined {
  return (node as { range?: [number, number, number] } | null)?.range?.[0];
}

function scalarKey(node: unknown, where: string, at: At): string {
  if (!isScalar(node) || typeof node.value !== 'string')
    fail(`${where}: keys must be plain strings (${at(rangeOf(node))})`);
  return node.value;
}

/** The pairs of a mapping whose keys are secret names. */
function* entries(node: Node | null, where: string, at: At): Generator<[string, Node | null]> {
  if (!isMap(node)) fail(`${where}: must be a mapping of secret names`);
  for (const pair of (node as YAMLMap).items) {
    const name = scalarKey(pair.key, where, at);
    checkName(name, `${where} ${at(rangeOf(pair.key))}`, fail);
    yield [name, pair.value as Node | null];
  }
}

function stringMap(node: Node | null, where: string, at: At): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [name, value] of entries(node, where, at)) {
    const v = isScalar(value) ? value.value : undefined;
    // Never echo the value: it may be a literal secret.
    if (typeof v !== 'string') fail(`${where}.${name}: must be a string (quote numbers and booleans)`);
    checkRef(v, `${where}.${name}`, fail);
    out[name] = v;
  }
  return out;
}

function ttl(node: Node | null, where: string): number {
  const v = isScalar(node) ? node.value : undefined;
  checkTtl(v, where, fail);
  return v;
}
