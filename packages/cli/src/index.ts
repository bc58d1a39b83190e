export { type CliEnv, type CommandContext, defineAction } from './context.js';
export { CliError, EXIT, type Failure, toFailure } from './errors.js';
export { type CliIo, InputReader, processIo, writeFileSafely } from './io.js';
export { loadKeypair, loadPublicKey } from './keys.js';
export { Output, type OutputOptions } from './output.js';
export {
  CONSTRAINT_TYPES,
  type ParsedConstraint,
  parseConstraint,
  parseConstraintJson,
  parseConstraints,
  parseRange,
  toConstraintRecord,
} from './parse-constraint.js';
export {
  collect,
  collectList,
  parseArgsJson,
  parseAt,
  parseClearance,
  parseIntIn,
  parseSignature,
  parseTtl,
} from './parse-options.js';
export { createProgram, runCli, VERSION } from './program.js';
export { decodeChainText, readChain } from './warrant-text.js';
