/**
 * `get_secret`: a framework-neutral tool definition over a scope, which the
 * integrations adapt (LangChain.js, the Vercel AI SDK, MCP...).
 *
 * **A tool that returns a secret to a model defeats redaction**: the value
 * enters the transcript, and from there any later prompt, trace or log,
 * unless the integration passes everything it records through
 * `scope.sanitizeText` (or a stream redactor built from the scope's
 * values). Prefer `reveal: 'confirm'`, which tells the model a secret is
 * available without giving its value, and let the tool that needs the
 * secret take it from the scope itself (`scope.use`).
 */
import { isSecretName } from './ref.js';

/** `value`: the handler returns the value; `confirm`: only whether the secret is available. */
export type SecretToolReveal = 'value' | 'confirm';

/** Options of `SecretScope.getSecretTool`. */
export interface SecretToolOptions {
  /** Default `value` (see the module notes before using it). */
  reveal?: SecretToolReveal;
  /** The only names the tool serves (default: every secret of the scope); others are journaled `denied`. */
  allow?: readonly string[];
  /** Replaces the default description given to the model. */
  description?: string;
}

/** The tool's input. */
export interface GetSecretInput {
  name: string;
}

/** The tool's result: `value` only with `reveal: 'value'` and an available secret. */
export interface GetSecretResult {
  name: string;
  available: boolean;
  value?: string;
}

/** JSON Schema (draft 2020-12 subset) of the input. */
export interface GetSecretInputSchema {
  type: 'object';
  properties: { name: { type: 'string'; description: string; enum?: string[] } };
  required: ['name'];
  additionalProperties: false;
}

/** A tool definition any agent framework can adapt. */
export interface SecretTool {
  readonly name: 'get_secret';
  readonly description: string;
  readonly inputSchema: GetSecretInputSchema;
  /** Runs the tool; every call is journaled. Throws `TypeError` on input that does not fit the schema. */
  handler(input: GetSecretInput): Promise<GetSecretResult>;
}

/** What the tool needs from its scope; each call journals. */
export interface ToolAccess {
  /** The value (journaled `tool_access`), or undefined (journaled `miss`). */
  read(name: string): string | undefined;
  /** Whether it is held (journaled `tool_confirm` or `miss`). */
  confirm(name: string): boolean;
  /** Journals a `denied` request. */
  deny(name: string): void;
}

export function createSecretTool(access: ToolAccess, options: SecretToolOptions = {}): SecretTool {
  const reveal = options.reveal ?? 'value';
  if (reveal !== 'value' && reveal !== 'confirm') throw new TypeError("reveal must be 'value' or 'confirm'");
  let allow: ReadonlySet<string> | undefined;
  if (options.allow !== undefined) {
    if (!Array.isArray(options.allow) || !options.allow.every(isSecretName))
      throw new TypeError('allow must be an array of secret names');
    allow = new Set(options.allow);
  }
  const description =
    options.description ??
    (reveal === 'value'
      ? "Returns the value of a named secret from this agent's secret scope. Every call is recorded."
      : "Tells whether a named secret is available in this agent's secret scope, without revealing it. Every call is recorded.");
  const nameSchema: GetSecretInputSchema['properties']['name'] = {
    type: 'string',
    description: 'The name of the secret',
  };
  if (allow !== undefined) nameSchema.enum = [...allow];
  return Object.freeze({
    name: 'get_secret',
    description,
    inputSchema: {
      type: 'object',
      properties: { name: nameSchema },
      required: ['name'],
      additionalProperties: false,
    },
    async handler(input: GetSecretInput): Promise<GetSecretResult> {
      if (input === null || typeof input !== 'object' || typeof input.name !== 'string')
        throw new TypeError('get_secret: input must be an object with a string `name`');
      const { name } = input;
      if (allow !== undefined && !allow.has(name)) {
        access.deny(name);
        return { name, available: false };
      }
      if (reveal === 'confirm') return { name, available: access.confirm(name) };
      const value = access.read(name);
      return value === undefined ? { name, available: false } : { name, available: true, value };
    },
  } satisfies SecretTool);
}
