export {
  assertBytes,
  compareBytes,
  concatBytes,
  fromBase64,
  fromBase64Url,
  fromHex,
  toBase64,
  toBase64Url,
  toHex,
  utf8,
  zeroize,
} from './bytes.js';
export { type Clock, ManualClock, resolveNow, systemClock } from './clock.js';
export { constantTimeEqual } from './compare.js';
export { isWardenError, WardenError } from './errors.js';
