// Hardened YAML loading: size, depth, alias, tag and duplicate-key checks; YAML nodes read into Raw.
import { Composer, type CST, type Document, isAlias, isMap, isScalar, isSeq, Lexer, Parser } from 'yaml';
import { configError } from './errors.js';
import { MCP_LIMITS } from './limits.js';
import type { Raw } from './raw.js';
import { LONE_SURROGATE } from './values.js';

interface Budget {
  aliases: number;
  aliasedNodes: number;
}

/**
 * Tokenizes the YAML and rejects collection nesting beyond the limit before
 * anything is composed: the `yaml` composer recurses per level and, near stack
 * exhaustion, V8 can abort the whole process instead of throwing.
 */
function yamlTokens(text: string): CST.Token[] {
  // Cheap first pass: flow brackets are single lexemes, so runaway `[[[[` stops here without building a tree.
  let flow = 0;
  for (const lexeme of new Lexer().lex(text)) {
    if (lexeme === '[' || lexeme === '{') {
      if (++flow > MCP_LIMITS.maxYamlDepth) throw configError('YAML nests too deeply');
    } else if ((lexeme === ']' || lexeme === '}') && flow > 0) {
      flow--;
    }
  }
  const tokens = [...new Parser().parse(text)];
  const stack: [CST.Token | null | undefined, number][] = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [t, d] = stack.pop() as [CST.Token | null | undefined, number];
    if (t === null || t === undefined) continue;
    if (t.type === 'document') {
      stack.push([t.value, d]);
    } else if (t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection') {
      if (d + 1 > MCP_LIMITS.maxYamlDepth) throw configError('YAML nests too deeply');
      for (const item of t.items) stack.push([item.key, d + 1], [item.value, d + 1]);
    }
  }
  return tokens;
}

/**
 * Maps each alias to the node it names: the latest same-named anchor before it
 * in document order (pre-order, so `&a [*a]` refers to itself). One pass, where
 * `Alias.resolve` would rescan the whole document for every alias.
 */
function aliasTargets(root: unknown): Map<unknown, unknown> {
  const latest = new Map<string, unknown>();
  const targets = new Map<unknown, unknown>();
  // Recursion is bounded: yamlTokens has already limited collection nesting.
  const walk = (n: unknown): void => {
    if (isAlias(n)) {
      targets.set(n, latest.get(n.source));
    } else if (isScalar(n) || isMap(n) || isSeq(n)) {
      if (n.anchor) latest.set(n.anchor, n);
      if (isSeq(n)) for (const item of n.items) walk(item);
      else if (isMap(n)) {
        for (const pair of n.items) {
          walk(pair.key);
          walk(pair.value);
        }
      }
    }
  };
  walk(root);
  return targets;
}

function yamlToRaw(
  targets: Map<unknown, unknown>,
  node: unknown,
  depth: number,
  budget: Budget,
  viaAlias: boolean,
): Raw {
  if (viaAlias && ++budget.aliasedNodes > MCP_LIMITS.maxYamlAliasedNodes) {
    throw configError('YAML aliases expand too far');
  }
  if (isAlias(node)) {
    if (++budget.aliases > MCP_LIMITS.maxYamlAliases) throw configError('too many YAML aliases');
    const target = targets.get(node);
    if (target === undefined) throw configError('unresolved YAML alias');
    return yamlToRaw(targets, target, depth, budget, true);
  }
  // An empty node (`key:` with nothing after it) is an empty plain scalar, as in libyaml.
  if (node === null || node === undefined) return { kind: 'scalar', text: '', plain: true };
  if (isScalar(node)) {
    // Tags change serde_yaml's reading in ways configs never need; refuse them rather than guess.
    if (node.tag) throw configError('YAML tags are not supported');
    return { kind: 'scalar', text: String(node.value ?? ''), plain: node.type === 'PLAIN' };
  }
  if (isMap(node) || isSeq(node)) {
    if (node.tag) throw configError('YAML tags are not supported');
    // Aliases can re-enter ancestors, so depth is checked here as well as on the token stream.
    if (depth + 1 > MCP_LIMITS.maxYamlDepth) throw configError('YAML nests too deeply');
    if (isSeq(node))
      return {
        kind: 'seq',
        items: node.items.map((n) => yamlToRaw(targets, n, depth + 1, budget, viaAlias)),
      };
    const entries: [string, Raw][] = [];
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = yamlToRaw(targets, pair.key, depth + 1, budget, viaAlias);
      // serde reads map keys as strings: any scalar's text will do, a collection will not.
      if (key.kind !== 'scalar') throw configError('YAML map keys must be scalars');
      if (seen.has(key.text)) throw configError('duplicate YAML map key');
      seen.add(key.text);
      entries.push([key.text, yamlToRaw(targets, pair.value, depth + 1, budget, viaAlias)]);
    }
    return { kind: 'map', entries };
  }
  throw configError('unsupported YAML node');
}

/**
 * Reads one YAML document into a Raw tree, refusing with `invalid_config`
 * what `McpConfig.fromYaml` documents (size, several documents, tags,
 * duplicate keys, nesting, alias bombs).
 */
export function loadYaml(text: string): Raw {
  if (typeof text !== 'string') throw configError('YAML input must be a string');
  if (Buffer.byteLength(text, 'utf8') > MCP_LIMITS.maxYamlBytes) throw configError('YAML larger than 1 MiB');
  if (LONE_SURROGATE.test(text)) throw configError('YAML is not valid UTF-8 text');
  const tokens = yamlTokens(text);
  let docs: Document[];
  try {
    // failsafe: every scalar stays text with its style, so serde_yaml's own resolution can be applied.
    const composer = new Composer({
      schema: 'failsafe',
      merge: false, // serde_yaml 0.9 has no merge keys: `<<` is an ordinary key there too
      uniqueKeys: true,
      strict: true,
    });
    docs = [...composer.compose(tokens, true, text.length)];
  } catch (e) {
    throw configError('YAML could not be parsed', e);
  }
  const doc = docs[0];
  if (doc === undefined || docs.length > 1) throw configError('expected exactly one YAML document');
  if (doc.errors.length > 0) throw configError('YAML syntax error', doc.errors[0]);
  if (doc.contents === null || doc.contents === undefined) throw configError('empty YAML document');
  return yamlToRaw(aliasTargets(doc.contents), doc.contents, 0, { aliases: 0, aliasedNodes: 0 }, false);
}
