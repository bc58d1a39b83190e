export type { AttenuateOptions, IssueExecutionOptions } from './attenuate.js';
export {
  type AuditEvent,
  type AuditSink,
  memoryAuditSink,
  setAuditSink,
  stderrAuditSink,
  stdoutAuditSink,
} from './audit.js';
export { Authorizer, type AuthorizerOptions, type CallOptions, type ChainInput } from './authorizer.js';
export type { CommonBuildOptions, ConstraintsInput } from './build-options.js';
export { decodeCbor } from './cbor/decode.js';
export { encodeCbor } from './cbor/encode.js';
export { CborFloat, type CborValue } from './cbor/value.js';
export { decodeConstraint } from './constraints/codec.js';
export { Constraint, type ConstraintType, TYPE_IDS } from './constraints/constraint.js';
export { ConstraintSet } from './constraints/constraint-set.js';
export {
  All,
  Any,
  Cel,
  Cidr,
  Contains,
  Exact,
  Not,
  NotOneOf,
  OneOf,
  Pattern,
  Range,
  Regex,
  Shlex,
  Subpath,
  Subset,
  UrlPattern,
  UrlSafe,
  Wildcard,
} from './constraints/factories.js';
export { constraintNarrows } from './constraints/narrow.js';
export { type ConstraintValue, Float } from './constraints/value.js';
export { currentWarrantContext, type WarrantContext, withWarrant } from './context.js';
export {
  AttenuationError,
  AuthorizationError,
  ChainError,
  ConstraintError,
  DecodeError,
  PopError,
  SignatureError,
  WARRANT_ERROR_CODES,
  WarrantError,
  type WarrantErrorCode,
} from './errors.js';
export { type GuardOptions, guard } from './guard.js';
export { parseWarrantId, WARRANT_ID_PREFIX } from './id.js';
export type { IssueOptions } from './issue.js';
export { Keypair, PublicKey } from './keys.js';
export {
  CompiledMcpConfig,
  type ExtractionResult,
  type ExtractionRule,
  extractionErrorToJsonRpc,
  MCP_LIMITS,
  McpConfig,
  McpExtractionError,
  parseJsonPreservingNumbers,
} from './mcp/index.js';
export { LIMITS, type WarrantPayload, type WarrantType } from './payload.js';
export { DEFAULT_POP_WINDOWS, POP_WINDOW_SECONDS, type PopVerifyOptions, type ToolArgs } from './pop.js';
export { PopReplayCache } from './replay-cache.js';
export { SignedRevocationList } from './revocation.js';
export { decodeChain, WarrantStack } from './stack.js';
export { type DecodeOptions, Warrant } from './warrant.js';
