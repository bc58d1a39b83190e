import { byteArray, type CborValue, sortedTextMap } from './cbor/value.js';
import { decodeConstraintSet } from './constraints/codec.js';
import type { ConstraintSet } from './constraints/constraint-set.js';
import { DecodeError } from './errors.js';
import { PublicKey } from './keys.js';

/** Execution warrants let their holder call tools; issuer warrants let it mint execution warrants. */
export type WarrantType = 'execution' | 'issuer';

/** Extension keys Tenuo folds the session and agent ids into (raw UTF-8 values). */
export const SESSION_ID_EXTENSION = 'tenuo.session_id';
export const AGENT_ID_EXTENSION = 'tenuo.agent_id';
/** Tenuo's approval-gate map; Warden does not evaluate approval gates and denies warrants that carry one. */
export const APPROVAL_GATES_EXTENSION = 'tenuo.approval_gates';

/** Limits from tenuo-core (§6.5 of the fact sheet). */
export const LIMITS = {
  maxTools: 256,
  maxExtensions: 64,
  maxExtensionValueBytes: 8192,
  maxExtensionKeyBytes: 255,
  maxDepth: 64,
  maxTtlSeconds: 7_776_000,
  defaultTtlSeconds: 300,
} as const;

/** The signed content of a warrant (Tenuo `WarrantPayload`), with the wire keys in comments. */
export interface WarrantPayload {
  /** 0: always 1. */
  version: 1;
  /** 1: 16 bytes (a UUID). */
  id: Uint8Array;
  /** 2 */
  warrantType: WarrantType;
  /** 3: tool name -> constraints; empty for issuer warrants. */
  tools: ReadonlyMap<string, ConstraintSet>;
  /** 4 */
  holder: PublicKey;
  /** 5 */
  issuer: PublicKey;
  /** 6: Unix seconds. */
  issuedAt: number;
  /** 7: Unix seconds. */
  expiresAt: number;
  /** 8 */
  maxDepth: number;
  /** 9: SHA-256 of the parent's payload bytes. */
  parentHash?: Uint8Array | undefined;
  /** 10: opaque values; includes `tenuo.session_id` / `tenuo.agent_id` as raw UTF-8. */
  extensions: ReadonlyMap<string, Uint8Array>;
  /** 11 */
  issuableTools?: readonly string[] | undefined;
  /** 13 */
  maxIssueDepth?: number | undefined;
  /** 14 */
  constraintBounds?: ConstraintSet | undefined;
  /** 15 */
  requiredApprovers?: readonly PublicKey[] | undefined;
  /** 16 */
  minApprovals?: number | undefined;
  /** 17: 0-255. */
  clearance?: number | undefined;
  /** 18 */
  depth: number;
}

const keyCbor = (k: PublicKey): CborValue => [1, k.bytes];

/** Encodes a payload exactly as tenuo-core's custom `Serialize` does (keys ascending, empty extensions omitted). */
export function encodePayloadCbor(p: WarrantPayload): CborValue {
  const m = new Map<CborValue, CborValue>();
  m.set(0, p.version);
  m.set(1, p.id);
  m.set(2, p.warrantType === 'issuer' ? 1 : 0);
  m.set(3, sortedTextMap([...p.tools].map(([name, set]) => [name, set.toCbor()] as const)));
  m.set(4, keyCbor(p.holder));
  m.set(5, keyCbor(p.issuer));
  m.set(6, p.issuedAt);
  m.set(7, p.expiresAt);
  m.set(8, p.maxDepth);
  if (p.parentHash !== undefined) m.set(9, byteArray(p.parentHash));
  if (p.extensions.size > 0)
    m.set(10, sortedTextMap([...p.extensions].map(([k, v]) => [k, byteArray(v)] as const)));
  if (p.issuableTools !== undefined) m.set(11, [...p.issuableTools]);
  if (p.maxIssueDepth !== undefined) m.set(13, p.maxIssueDepth);
  if (p.constraintBounds !== undefined) m.set(14, p.constraintBounds.toCbor());
  if (p.requiredApprovers !== undefined) m.set(15, p.requiredApprovers.map(keyCbor));
  if (p.minApprovals !== undefined) m.set(16, p.minApprovals);
  if (p.clearance !== undefined) m.set(17, p.clearance);
  m.set(18, p.depth);
  return m;
}

function bad(code: 'invalid_payload_structure' | 'missing_required_field', message: string): never {
  throw new DecodeError(code, message);
}

function uint(v: CborValue | undefined, max: number, what: string): number {
  if (typeof v !== 'number' || v < 0 || v > max)
    bad('invalid_payload_structure', `${what} must be an integer in 0..${max}`);
  return v;
}

/** A byte field written as serde's sequence of small integers (Warden does not accept the byte-string spelling). */
function byteSeq(v: CborValue | undefined, length: number | undefined, what: string): Uint8Array {
  if (!Array.isArray(v) || (length !== undefined && v.length !== length)) {
    bad('invalid_payload_structure', `${what} must be an array of ${length ?? 'n'} bytes`);
  }
  const out = new Uint8Array(v.length);
  v.forEach((b, i) => {
    out[i] = uint(b, 255, what);
  });
  return out;
}

/** Decodes `[1, bstr32]`. */
export function decodePublicKey(v: CborValue | undefined): PublicKey {
  if (!Array.isArray(v) || v.length !== 2)
    bad('invalid_payload_structure', 'public key must be [alg, bytes]');
  if (v[0] !== 1) throw new DecodeError('unsupported_algorithm', 'unsupported algorithm id');
  const bytes = v[1];
  if (!(bytes instanceof Uint8Array))
    bad('invalid_payload_structure', 'public key bytes must be a byte string');
  return PublicKey.fromBytes(bytes);
}

function textArray(v: CborValue | undefined, what: string): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
    bad('invalid_payload_structure', `${what} must be text`);
  return v as string[];
}

const U32 = 0xffff_ffff;

/** Decodes the payload map; unknown, duplicate or missing keys are errors. */
export function decodePayloadCbor(c: CborValue): WarrantPayload {
  if (!(c instanceof Map)) bad('invalid_payload_structure', 'payload must be a map');
  for (const k of c.keys()) {
    if (typeof k !== 'number' || k < 0 || k > 18 || k === 12) {
      throw new DecodeError('unknown_payload_field', 'unknown payload field');
    }
  }
  for (let k = 0; k <= 8; k++) if (!c.has(k)) bad('missing_required_field', `payload field ${k} is missing`);
  if (c.get(0) !== 1) throw new DecodeError('unsupported_payload_version', 'unsupported payload version');
  const id = c.get(1);
  if (!(id instanceof Uint8Array) || id.length !== 16)
    bad('invalid_payload_structure', 'id must be 16 bytes');
  // Tenuo truncates the type to u8 (256 reads as 0); Warden accepts only 0 and 1.
  const type = c.get(2);
  if (type !== 0 && type !== 1) bad('invalid_payload_structure', 'unknown warrant type');
  const toolsMap = c.get(3);
  if (!(toolsMap instanceof Map)) bad('invalid_payload_structure', 'tools must be a map');
  if (toolsMap.size > LIMITS.maxTools) throw new DecodeError('too_many_tools', 'too many tools');
  const tools = new Map<string, ConstraintSet>();
  for (const [name, set] of toolsMap) {
    if (typeof name !== 'string') bad('invalid_payload_structure', 'tool names must be text');
    tools.set(name, decodeConstraintSet(set));
  }
  const extensions = new Map<string, Uint8Array>();
  const ext = c.get(10);
  if (ext !== undefined) {
    if (!(ext instanceof Map)) bad('invalid_payload_structure', 'extensions must be a map');
    for (const [k, v] of ext) {
      if (typeof k !== 'string') bad('invalid_payload_structure', 'extension keys must be text');
      extensions.set(k, byteSeq(v, undefined, 'extension value'));
    }
  }
  const get = (k: number) => c.get(k);
  const opt = <T>(k: number, f: (v: CborValue) => T): T | undefined => {
    const v = get(k);
    return v === undefined || v === null ? undefined : f(v);
  };
  const payload: WarrantPayload = {
    version: 1,
    id: id.slice(),
    warrantType: type === 1 ? 'issuer' : 'execution',
    tools,
    holder: decodePublicKey(get(4)),
    issuer: decodePublicKey(get(5)),
    issuedAt: uint(get(6), Number.MAX_SAFE_INTEGER, 'issued_at'),
    expiresAt: uint(get(7), Number.MAX_SAFE_INTEGER, 'expires_at'),
    maxDepth: uint(get(8), 255, 'max_depth'),
    parentHash: opt(9, (v) => byteSeq(v, 32, 'parent_hash')),
    extensions,
    issuableTools: opt(11, (v) => textArray(v, 'issuable_tools')),
    maxIssueDepth: opt(13, (v) => uint(v, U32, 'max_issue_depth')),
    constraintBounds: opt(14, decodeConstraintSet),
    requiredApprovers: opt(15, (v) => {
      if (!Array.isArray(v)) bad('invalid_payload_structure', 'required_approvers must be an array');
      return v.map(decodePublicKey);
    }),
    minApprovals: opt(16, (v) => uint(v, U32, 'min_approvals')),
    clearance: opt(17, (v) => uint(v, 255, 'clearance')),
    depth: get(18) === undefined ? 0 : uint(get(18), U32, 'depth'),
  };
  validateStructure(payload);
  return payload;
}

/**
 * Tenuo's `validate_structural`, which every warrant passes before it is used:
 * expiry after issue, type consistency, depth bounds, extension limits, approvals.
 */
export function validateStructure(p: WarrantPayload): void {
  const fail = (message: string): never => bad('invalid_payload_structure', message);
  if (p.expiresAt <= p.issuedAt) fail('expires_at must be after issued_at');
  if (p.warrantType === 'execution') {
    if (p.issuableTools !== undefined || p.maxIssueDepth !== undefined) {
      fail('execution warrants cannot carry issuer fields');
    }
  } else {
    if (p.tools.size > 0) fail('issuer warrants cannot carry tools');
    if (p.issuableTools === undefined || p.issuableTools.length === 0)
      fail('issuer warrants need issuable tools');
  }
  if (p.maxIssueDepth !== undefined && p.maxIssueDepth > p.maxDepth)
    fail('max_issue_depth exceeds max_depth');
  if (p.tools.size > LIMITS.maxTools) throw new DecodeError('too_many_tools', 'too many tools');
  let counted = 0;
  for (const [k, v] of p.extensions) {
    if (k === SESSION_ID_EXTENSION || k === AGENT_ID_EXTENSION) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(v);
      } catch {
        throw new DecodeError('invalid_extension_value', 'session and agent ids must be UTF-8');
      }
      continue;
    }
    counted++;
    if (v.length > LIMITS.maxExtensionValueBytes)
      throw new DecodeError('extension_too_large', 'extension value too large');
  }
  if (counted > LIMITS.maxExtensions) throw new DecodeError('extension_too_large', 'too many extensions');
  if (p.requiredApprovers !== undefined && p.requiredApprovers.length > 0) {
    const n = p.minApprovals;
    if (n !== undefined && (n < 1 || n > p.requiredApprovers.length)) fail('min_approvals out of range');
  } else if (p.minApprovals !== undefined && p.minApprovals > 0) {
    fail('min_approvals without approvers');
  }
}
