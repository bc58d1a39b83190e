// Public API of the MCP extraction config: exactly the names the former `mcp.ts` exported.

/**
 * Tenuo's MCP extraction config (tenuo-core `mcp.rs` + `extraction.rs`): a YAML
 * file that maps each MCP tool name to rules that pull constraint values out of
 * the tool call's `arguments` object, so a warrant can be checked against them.
 *
 * Loading follows serde_yaml 0.9 into Tenuo's structs (required and defaulted
 * fields, unknown keys ignored, every YAML scalar readable as text, YAML 1.2
 * plain-scalar resolution for `default`), and extraction follows `extraction.rs`
 * (dot paths, `*` wildcards yielding lists, integer/float/u64 mapping).
 */
export { CompiledMcpConfig } from './compiled.js';
export { McpConfig } from './config.js';
export { extractionErrorToJsonRpc, McpExtractionError } from './errors.js';
export { parseJsonPreservingNumbers } from './json-numbers.js';
export { MCP_LIMITS } from './limits.js';
export type {
  ExtractionResult,
  ExtractionRule,
  ExtractionSource,
  ExtractionTrace,
  McpCompileOptions,
  McpSettings,
  McpToolConfig,
  McpValueType,
} from './types.js';
