// Public config and result shapes (Tenuo `ToolConfig`, `ExtractionRule`, `McpSettings`, results).
import type { ConstraintValue } from '../constraints/value.js';

/** Tenuo `ExtractionSource` (serde lowercase names). Only `body` and `literal` can produce values for MCP. */
export type ExtractionSource = 'path' | 'query' | 'header' | 'body' | 'literal';

/** Type hints Warden can enforce for `type:` (Tenuo documents integer, float, boolean, string, list). */
export type McpValueType = 'string' | 'integer' | 'float' | 'number' | 'boolean' | 'list' | 'object';

/** One constraint's extraction rule (Tenuo `ExtractionRule`). */
export interface ExtractionRule {
  /** `from`: where the value comes from. */
  readonly from: ExtractionSource;
  /** `path`: dot path into the arguments (`a.b`, `items.0.id`, `items.*.id`) or the key for other sources. */
  readonly path: string;
  /** `description` */
  readonly description?: string;
  /** `required` (default false): a missing value fails extraction instead of falling back to `default`. */
  readonly required: boolean;
  /** `default`: used when the value is missing and the rule is not required; the value of a `literal` rule. */
  readonly default?: ConstraintValue;
  /** `type`: a hint in Tenuo; enforced by Warden unless compiled with `enforceHints: false`. */
  readonly valueType?: string;
  /** `allowed_values`: a hint in Tenuo; enforced by Warden unless compiled with `enforceHints: false`. */
  readonly allowedValues?: readonly string[];
}

/** One tool's configuration (Tenuo `ToolConfig`). */
export interface McpToolConfig {
  /** `description` (required by Tenuo's schema, may be empty). */
  readonly description: string;
  /** `constraints`: constraint name -> rule, in document order. */
  readonly constraints: ReadonlyMap<string, ExtractionRule>;
}

/** Global settings (Tenuo `McpSettings`). */
export interface McpSettings {
  /** `trusted_issuers`: hex public keys, kept as written (Tenuo does not check them here either). */
  readonly trustedIssuers: readonly string[];
}

/** Options for {@link McpConfig.compile}. */
export interface McpCompileOptions {
  /**
   * Enforce `type` and `allowed_values` (default true). Tenuo 0.2.3 parses both
   * but never checks them; pass false for exactly Tenuo's behaviour. When on,
   * an unknown `type` name or a `default` that breaks its own hints is a config
   * error, so a typo cannot silently switch a check off.
   */
  readonly enforceHints?: boolean;
}

/** How one rule was resolved; values are left out on purpose (they are in `constraints`). */
export interface ExtractionTrace {
  /** Constraint name. */
  readonly field: string;
  /** Rule source. */
  readonly source: ExtractionSource;
  /** Rule path. */
  readonly path: string;
  /** Whether the rule was required. */
  readonly required: boolean;
  /** `extracted`: found in the arguments (or a literal); `default`: fell back to `default`; `absent`: left out. */
  readonly outcome: 'extracted' | 'default' | 'absent';
}

/** Result of {@link CompiledMcpConfig.extractConstraints} (Tenuo `ExtractionResult` without the transport fields). */
export interface ExtractionResult {
  /** The tool the rules came from. */
  readonly tool: string;
  /** Constraint name -> extracted value, in config order. Values are frozen. */
  readonly constraints: Map<string, ConstraintValue>;
  /** One entry per rule, in config order. */
  readonly traces: readonly ExtractionTrace[];
}
