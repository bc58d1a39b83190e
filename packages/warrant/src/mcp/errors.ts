// McpExtractionError, its JSON-RPC mapping, and the config/encoding error helpers the loader uses.
import { WarrantError, type WarrantErrorCode } from '../errors.js';
import type { ExtractionSource } from './types.js';

/**
 * An extraction failure, with Tenuo `ExtractionError`'s fields. `code` is
 * `missing_required_field` (a required value, or the tool, is missing) or
 * `constraint_violation` (an enforced `type`/`allowed_values` hint failed).
 * The message names config fields only, never argument values.
 */
export class McpExtractionError extends WarrantError {
  /** Constraint name, or `tool` when the tool is not configured. */
  readonly field: string;
  /** Source of the failing rule. */
  readonly source: ExtractionSource;
  /** Path of the failing rule (empty for an unknown tool). */
  readonly path: string;
  /** Always true: optional fields never fail extraction. */
  readonly required: boolean;

  constructor(
    code: WarrantErrorCode,
    message: string,
    detail: { field: string; source: ExtractionSource; path: string; required: boolean },
  ) {
    super(code, message);
    this.field = detail.field;
    this.source = detail.source;
    this.path = detail.path;
    this.required = detail.required;
  }
}

/**
 * Tenuo's `to_jsonrpc_error`: every extraction failure is JSON-RPC `-32602`
 * (invalid params), with the error message after `Invalid params: `.
 */
export function extractionErrorToJsonRpc(error: McpExtractionError): { code: -32602; message: string } {
  return { code: -32602, message: `Invalid params: ${error.message}` };
}

export function configError(message: string, cause?: unknown): WarrantError {
  return new WarrantError('invalid_config', `invalid MCP config: ${message}`, { cause });
}

export function encodingError(message: string): WarrantError {
  return new WarrantError('invalid_encoding', message);
}

/** Quotes a config-supplied name for a message: escaped, so a name cannot forge log lines, and bounded. */
export function q(name: string): string {
  const short = name.length > 64 ? `${name.slice(0, 64)}…` : name;
  return JSON.stringify(short);
}
