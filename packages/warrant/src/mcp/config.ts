// McpConfig: Tenuo's config schema, read from YAML or from plain objects.
import { CompiledMcpConfig } from './compiled.js';
import { configError, q } from './errors.js';
import { objectToRaw, type Raw } from './raw.js';
import {
  isNone,
  readBool,
  readMap,
  readOptString,
  readSeq,
  readString,
  readStruct,
  readValue,
  required,
} from './readers.js';
import type {
  ExtractionRule,
  ExtractionSource,
  McpCompileOptions,
  McpSettings,
  McpToolConfig,
} from './types.js';
import { loadYaml } from './yaml.js';

const SOURCES: readonly ExtractionSource[] = ['path', 'query', 'header', 'body', 'literal'];
const CONFIG_FIELDS = ['version', 'settings', 'tools'] as const;
const SETTINGS_FIELDS = ['trusted_issuers'] as const;
const TOOL_FIELDS = ['description', 'constraints'] as const;
const RULE_FIELDS = ['from', 'path', 'description', 'required', 'default', 'type', 'allowed_values'] as const;

function readRule(raw: Raw, where: string, unknown: string[]): ExtractionRule {
  const f = readStruct(raw, where, RULE_FIELDS, unknown);
  const from = readString(required(f, 'from', where), `${where}.from`);
  if (!(SOURCES as readonly string[]).includes(from)) {
    throw configError(`${where}.from must be one of ${SOURCES.join(', ')}`);
  }
  const path = readString(required(f, 'path', where), `${where}.path`);
  const description = readOptString(f.get('description'), `${where}.description`);
  const req = f.get('required');
  const defaultRaw = f.get('default');
  const valueType = readOptString(f.get('type'), `${where}.type`);
  const allowedRaw = f.get('allowed_values');
  const allowedValues =
    allowedRaw === undefined || isNone(allowedRaw)
      ? undefined
      : Object.freeze(
          readSeq(allowedRaw, `${where}.allowed_values`).map((r) => readString(r, `${where}.allowed_values`)),
        );
  return Object.freeze({
    from: from as ExtractionSource,
    path,
    required: req === undefined ? false : readBool(req, `${where}.required`),
    ...(description === undefined ? {} : { description }),
    ...(defaultRaw === undefined || isNone(defaultRaw)
      ? {}
      : { default: readValue(defaultRaw, `${where}.default`) }),
    ...(valueType === undefined ? {} : { valueType }),
    ...(allowedValues === undefined ? {} : { allowedValues }),
  });
}

function readConfig(raw: Raw): McpConfig {
  const unknown: string[] = [];
  const top = readStruct(raw, 'config', CONFIG_FIELDS, unknown);
  const version = readString(required(top, 'version', 'config'), 'version');
  const settingsRaw = top.get('settings');
  let trustedIssuers: readonly string[] = [];
  if (settingsRaw !== undefined) {
    const s = readStruct(settingsRaw, 'settings', SETTINGS_FIELDS, unknown);
    const ti = s.get('trusted_issuers');
    if (ti !== undefined)
      trustedIssuers = readSeq(ti, 'settings.trusted_issuers').map((r) =>
        readString(r, 'settings.trusted_issuers'),
      );
  }
  const tools = new Map<string, McpToolConfig>();
  for (const [name, toolRaw] of readMap(required(top, 'tools', 'config'), 'tools')) {
    const where = `tools.${q(name)}`;
    const t = readStruct(toolRaw, where, TOOL_FIELDS, unknown);
    const description = readString(required(t, 'description', where), `${where}.description`);
    const constraints = new Map<string, ExtractionRule>();
    for (const [field, ruleRaw] of readMap(required(t, 'constraints', where), `${where}.constraints`)) {
      constraints.set(field, readRule(ruleRaw, `${where}.constraints.${q(field)}`, unknown));
    }
    tools.set(name, Object.freeze({ description, constraints }));
  }
  return new McpConfig(
    version,
    Object.freeze({ trustedIssuers: Object.freeze([...trustedIssuers]) }),
    tools,
    unknown,
  );
}

/**
 * A parsed MCP extraction config (Tenuo `McpConfig`). YAML schema, with
 * Tenuo's serde field names:
 *
 * ```yaml
 * version: "1"                  # required, any scalar (read as text)
 * settings:                     # optional
 *   trusted_issuers: ["<hex>"]  # optional
 * tools:                        # required: MCP tool name -> tool
 *   read_file:
 *     description: "Read files" # required (may be empty)
 *     constraints:              # required: constraint name -> rule
 *       path:     { from: body, path: "path", required: true }
 *       max_size: { from: body, path: "maxSize", type: integer, default: 1048576 }
 *       ids:      { from: body, path: "items.*.id" }   # a list
 * ```
 *
 * Rule keys: `from` (body|literal|path|query|header, required), `path`
 * (required), `description`, `required` (false), `default`, `type`,
 * `allowed_values`. Unknown keys are ignored, as by Tenuo; {@link CompiledMcpConfig.validate} lists them.
 */
export class McpConfig {
  /** @internal Use {@link McpConfig.fromYaml} or {@link McpConfig.fromObject}. */
  constructor(
    /** `version`, as written. */
    readonly version: string,
    /** `settings` */
    readonly settings: McpSettings,
    /** `tools`, in document order. */
    readonly tools: ReadonlyMap<string, McpToolConfig>,
    /** Paths of keys the schema ignores (e.g. `tools."x".constraints."y".value_type`). */
    readonly ignoredKeys: readonly string[] = [],
  ) {}

  /**
   * Reads a YAML config as Tenuo's serde_yaml load does. Refuses, with
   * `invalid_config`: more than 1 MiB, several documents, YAML tags, duplicate
   * keys, nesting beyond 64, more than 64 alias uses or 10 000 nodes reached
   * through aliases (alias bombs), and anything Tenuo's schema refuses.
   */
  static fromYaml(text: string): McpConfig {
    return readConfig(loadYaml(text));
  }

  /**
   * Reads an already-parsed config (e.g. from JSON) with serde_json's
   * strictness: text fields must be strings, `required` a boolean, maps
   * plain objects; `null` or `undefined` leave an optional field unset.
   * Numbers in `default` follow {@link CompiledMcpConfig.extractConstraints}'s rules.
   */
  static fromObject(obj: unknown): McpConfig {
    return readConfig(objectToRaw(obj, 0, { nodes: 0 }));
  }

  /** Checks Tenuo's limits and prepares paths (Tenuo `CompiledMcpConfig::compile`). */
  compile(options?: McpCompileOptions): CompiledMcpConfig {
    return CompiledMcpConfig.compile(this, options);
  }
}
