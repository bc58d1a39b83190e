// CompiledMcpConfig: a checked config that extracts constraint values from MCP tool calls.
import type { ConstraintValue } from '../constraints/value.js';
import { normalizeArgument } from './arguments.js';
import type { McpConfig } from './config.js';
import { configError, McpExtractionError, q } from './errors.js';
import { compilePath, extractPath, type Segment } from './extract.js';
import { allowedOk, typeOk, VALUE_TYPES } from './hints.js';
import { MCP_LIMITS } from './limits.js';
import type {
  ExtractionResult,
  ExtractionRule,
  ExtractionTrace,
  McpCompileOptions,
  McpSettings,
  McpValueType,
} from './types.js';

interface CompiledRule {
  readonly name: string;
  readonly rule: ExtractionRule;
  readonly segments: readonly Segment[];
  readonly wildcards: number;
  readonly valueType: McpValueType | undefined;
  readonly allowed: ReadonlySet<string> | undefined;
}

/** A compiled config: answers {@link CompiledMcpConfig.extractConstraints} for each MCP tool call. */
export class CompiledMcpConfig {
  readonly #tools: ReadonlyMap<string, readonly CompiledRule[]>;
  readonly #config: McpConfig;

  private constructor(config: McpConfig, tools: Map<string, CompiledRule[]>) {
    this.#config = config;
    this.#tools = tools;
  }

  /** Tenuo `CompiledMcpConfig::compile`: at most 200 tools and 64 rules per tool. */
  static compile(config: McpConfig, options?: McpCompileOptions): CompiledMcpConfig {
    const enforce = options?.enforceHints ?? true;
    if (config.tools.size > MCP_LIMITS.maxTools) {
      throw configError(`too many tools: ${config.tools.size} (maximum ${MCP_LIMITS.maxTools})`);
    }
    const tools = new Map<string, CompiledRule[]>();
    for (const [name, tool] of config.tools) {
      if (tool.constraints.size > MCP_LIMITS.maxConstraintsPerTool) {
        throw configError(
          `too many constraints for tool ${q(name)}: ${tool.constraints.size} (maximum ${MCP_LIMITS.maxConstraintsPerTool})`,
        );
      }
      const rules: CompiledRule[] = [];
      for (const [field, rule] of tool.constraints) {
        const segments = compilePath(rule.path);
        const wildcards = segments.filter((s) => s.t === 'wild').length;
        let valueType: McpValueType | undefined;
        let allowed: ReadonlySet<string> | undefined;
        if (enforce) {
          const where = `tool ${q(name)} field ${q(field)}`;
          if (rule.valueType !== undefined) {
            if (!(VALUE_TYPES as readonly string[]).includes(rule.valueType)) {
              throw configError(`${where}: unknown type (expected one of ${VALUE_TYPES.join(', ')})`);
            }
            valueType = rule.valueType as McpValueType;
          }
          if (rule.allowedValues !== undefined) allowed = new Set(rule.allowedValues);
          const d = rule.default;
          if (d !== undefined) {
            if (valueType !== undefined && !typeOk(d, valueType, wildcards)) {
              throw configError(`${where}: default does not match its type`);
            }
            if (allowed !== undefined && !allowedOk(d, allowed, 0)) {
              throw configError(`${where}: default is not in allowed_values`);
            }
          }
        }
        rules.push({ name: field, rule, segments, wildcards, valueType, allowed });
      }
      tools.set(name, rules);
    }
    return new CompiledMcpConfig(config, tools);
  }

  /** `settings` of the source config. */
  get settings(): McpSettings {
    return this.#config.settings;
  }

  /** Configured tool names, in document order. */
  get tools(): string[] {
    return [...this.#tools.keys()];
  }

  /** True when `toolName` has extraction rules. */
  hasTool(toolName: string): boolean {
    return this.#tools.has(toolName);
  }

  /**
   * Tenuo `validate()`: one warning per rule whose source cannot work for MCP
   * (same text as Tenuo), plus Warden's notes on ignored keys, defaults that a
   * required rule never uses, and literals without a value. Never throws.
   */
  validate(): string[] {
    const warnings: string[] = [];
    const debugName = { path: 'Path', query: 'Query', header: 'Header' } as const;
    for (const [tool, rules] of this.#tools) {
      for (const { name, rule } of rules) {
        if (rule.from === 'path' || rule.from === 'query' || rule.from === 'header') {
          warnings.push(
            `Tool '${tool}' field '${name}' uses ${debugName[rule.from]} source, which won't work in MCP (only body/literal supported)`,
          );
        }
        if (rule.required && rule.default !== undefined && rule.from !== 'literal') {
          warnings.push(`Tool '${tool}' field '${name}' is required, so its default is never used`);
        }
        if (rule.from === 'literal' && rule.default === undefined) {
          warnings.push(
            `Tool '${tool}' field '${name}' is a literal without a default, so it never has a value`,
          );
        }
      }
    }
    for (const key of this.#config.ignoredKeys) warnings.push(`Unknown key ${key} is ignored`);
    return warnings;
  }

  /**
   * Extracts the constraint values for one MCP tool call (Tenuo
   * `extract_constraints`). `args` is the call's `arguments` (undefined is
   * `{}`): values from {@link parseJsonPreservingNumbers}, or plain JS values
   * where a safe-integer number is an integer and any other number a float.
   * The whole of `args` must be JSON-representable (as Tenuo receives it).
   *
   * Per rule, in config order: `body` follows the dot path (`*` collects a list
   * and drops items without the rest of the path; no match, or an empty list,
   * is missing); `literal` yields `default`; `path`/`query`/`header` never match
   * in MCP. A missing value fails a required rule, otherwise `default` (if any)
   * is used. A JSON null is a value, not a missing one. Integers within i64 are
   * integers, larger u64 become decimal text, fractional numbers floats.
   *
   * @throws McpExtractionError `missing_required_field` (also for an unknown
   *   tool) or `constraint_violation` (enforced hints).
   * @throws WarrantError `invalid_encoding` when `args` is not JSON-representable.
   */
  extractConstraints(toolName: string, args: unknown): ExtractionResult {
    const rules = this.#tools.get(toolName);
    if (rules === undefined) {
      // The name comes from the caller, so it stays out of the message.
      throw new McpExtractionError('missing_required_field', 'tool not defined in MCP configuration', {
        field: 'tool',
        source: 'literal',
        path: '',
        required: true,
      });
    }
    const body = normalizeArgument(args === undefined ? {} : args, 0, { nodes: 0 });
    const constraints = new Map<string, ConstraintValue>();
    const traces: ExtractionTrace[] = [];
    for (const r of rules) {
      const { rule } = r;
      let value: ConstraintValue | undefined;
      if (rule.from === 'body') value = extractPath(body, r.segments, 0);
      else if (rule.from === 'literal') value = rule.default;
      let outcome: ExtractionTrace['outcome'] = 'extracted';
      if (value === undefined) {
        if (rule.required) {
          throw new McpExtractionError(
            'missing_required_field',
            `Missing required field ${q(r.name)} (from ${rule.from}, path: ${q(rule.path)})`,
            { field: r.name, source: rule.from, path: rule.path, required: true },
          );
        }
        value = rule.default;
        outcome = value === undefined ? 'absent' : 'default';
      }
      if (value !== undefined && outcome === 'extracted') this.#checkHints(r, value);
      if (value !== undefined) constraints.set(r.name, value);
      traces.push({ field: r.name, source: rule.from, path: rule.path, required: rule.required, outcome });
    }
    return { tool: toolName, constraints, traces };
  }

  #checkHints(r: CompiledRule, value: ConstraintValue): void {
    const detail = { field: r.name, source: r.rule.from, path: r.rule.path, required: true };
    if (r.valueType !== undefined && !typeOk(value, r.valueType, r.wildcards)) {
      throw new McpExtractionError(
        'constraint_violation',
        `Field ${q(r.name)} is not of type ${r.valueType}`,
        detail,
      );
    }
    if (r.allowed !== undefined && !allowedOk(value, r.allowed, 0)) {
      throw new McpExtractionError(
        'constraint_violation',
        `Field ${q(r.name)} is not one of its allowed_values`,
        detail,
      );
    }
  }
}
