import { createHash } from 'node:crypto';
import { type Clock, resolveNow, toBase64Url, toHex } from '@warden/core';
import {
  type AttenuateOptions,
  attenuateWarrant,
  type IssueExecutionOptions,
  issueExecutionWarrant,
} from './attenuate.js';
import { authorizeWarrant } from './authorize.js';
import { decodeCbor } from './cbor/decode.js';
import { encodeCbor } from './cbor/encode.js';
import type { ConstraintSet } from './constraints/constraint-set.js';
import {
  decodeBase64Text,
  decodeEnvelopeBytes,
  encodeEnvelopeBytes,
  MAX_WARRANT_BYTES,
  pemBlocks,
  toPem,
  warrantSigningMessage,
} from './envelope.js';
import { DecodeError, SignatureError } from './errors.js';
import { prefixedWarrantId } from './id.js';
import { type IssueOptions, issueWarrant } from './issue.js';
import type { Keypair, PublicKey } from './keys.js';
import {
  AGENT_ID_EXTENSION,
  decodePayloadCbor,
  encodePayloadCbor,
  SESSION_ID_EXTENSION,
  validateStructure,
  type WarrantPayload,
  type WarrantType,
} from './payload.js';
import { createPopSignature, type PopVerifyOptions, type ToolArgs } from './pop.js';

/** Tolerance for clock skew when rejecting warrants issued in the future (Tenuo: 30 s). */
export const FUTURE_SKEW_SECONDS = 30;

/** Options of {@link Warrant.decode}. */
export interface DecodeOptions {
  /** Unix seconds used for the issued-in-future check. */
  now?: number;
  clock?: Clock;
}

const PEM_LABEL = 'TENUO WARRANT';

/**
 * A signed warrant. Instances are immutable and always verified: the only
 * ways to get one are decoding bytes whose signature verifies (strictly)
 * under the embedded issuer key, or signing a payload with a keypair.
 * Verifying what the warrant *grants* (trusted root, chain, expiry, PoP) is
 * the job of `Authorizer` and `authorize`.
 */
export class Warrant {
  /** The decoded payload. */
  readonly payload: Readonly<WarrantPayload>;
  /** The payload bytes exactly as signed; hashes and signatures always use these. */
  readonly payloadBytes: Uint8Array;
  /** The 64-byte Ed25519 signature. */
  readonly signature: Uint8Array;
  #envelope: Uint8Array | undefined;
  #hash: Uint8Array | undefined;

  private constructor(
    payload: WarrantPayload,
    payloadBytes: Uint8Array,
    signature: Uint8Array,
    envelope?: Uint8Array,
  ) {
    this.payload = Object.freeze(payload);
    this.payloadBytes = payloadBytes;
    this.signature = signature;
    this.#envelope = envelope;
  }

  /**
   * Issues a root warrant.
   * @example
   * const w = Warrant.issue({ tool: 'read_file', constraints: { path: Pattern('/tmp/*') },
   *   ttlSeconds: 600, keypair: issuer, holder: agent.publicKey });
   */
  static issue(options: IssueOptions): Warrant {
    return issueWarrant(options);
  }

  /**
   * A narrower child for `holder`, signed by this warrant's holder. Throws
   * `AttenuationError` if the child would be wider in any way.
   * @example
   * const child = w.attenuate({ constraints: { path: Pattern('/tmp/reports/*') },
   *   ttlSeconds: 60, keypair: agent, holder: worker.publicKey });
   */
  attenuate(options: AttenuateOptions): Warrant {
    return attenuateWarrant(this, options);
  }

  /** For issuer warrants: mint an execution warrant within `issuable_tools` and the constraint bounds. */
  issueExecution(options: IssueExecutionOptions): Warrant {
    return issueExecutionWarrant(this, options);
  }

  /** The holder's proof-of-possession signature for one call (valid for about two minutes). */
  createPopSignature(
    keypair: Keypair,
    tool: string,
    args: ToolArgs,
    options?: { now?: number; clock?: Clock },
  ): Uint8Array {
    return createPopSignature(this, keypair, tool, args, options);
  }

  /**
   * Authorizes a call against this warrant alone (no chain, no trusted
   * roots: use `Authorizer` for those). Returns true or throws an
   * `AuthorizationError` / `PopError` with a stable code.
   */
  authorize(
    tool: string,
    args: ToolArgs,
    signature: Uint8Array | undefined,
    options?: PopVerifyOptions,
  ): true {
    return authorizeWarrant(this, tool, args, signature, options);
  }

  /**
   * Signs a payload as given, without builder rules (defaults, TTL caps,
   * sorting). The signing key must be the payload's issuer. Use
   * `Warrant.issue` or `attenuate` unless you need exact control, e.g. to
   * reproduce a test vector.
   */
  static sign(payload: WarrantPayload, keypair: Keypair): Warrant {
    if (!keypair.publicKey.equals(payload.issuer)) throw new TypeError('keypair must be the payload issuer');
    validateStructure(payload);
    const bytes = encodeCbor(encodePayloadCbor(payload));
    const signature = keypair.sign(warrantSigningMessage(bytes));
    const envelope = encodeEnvelopeBytes({ payload: bytes, signature });
    if (envelope.length > MAX_WARRANT_BYTES)
      throw new DecodeError('warrant_too_large', 'warrant exceeds 64 KiB');
    // The payload is read back from the signed bytes, so nothing the caller still holds (a Map, say)
    // can change what this warrant grants after signing.
    return new Warrant(decodePayloadCbor(decodeCbor(bytes)), bytes, signature, envelope);
  }

  /**
   * Decodes and verifies envelope bytes: strict CBOR, known fields, valid
   * structure, a strict Ed25519 signature by the embedded issuer, and not
   * issued more than 30 s in the future.
   */
  static decode(bytes: Uint8Array, options?: DecodeOptions): Warrant {
    const w = Warrant.fromEnvelope(bytes);
    if (w.payload.issuedAt > resolveNow(options) + FUTURE_SKEW_SECONDS) {
      throw new DecodeError('issued_in_future', 'warrant issued in the future');
    }
    return w;
  }

  /** Decode without the clock check; stacks use this (Tenuo's `decode_stack` skips it too). */
  static fromEnvelope(bytes: Uint8Array): Warrant {
    const envelope = decodeEnvelopeBytes(bytes);
    // The payload is parsed before the signature check because the issuer key is inside it (Tenuo does the same).
    const payload = decodePayloadCbor(decodeCbor(envelope.payload));
    if (!payload.issuer.verify(warrantSigningMessage(envelope.payload), envelope.signature)) {
      throw new SignatureError('signature_invalid', 'warrant signature is invalid');
    }
    return new Warrant(payload, envelope.payload.slice(), envelope.signature.slice(), Uint8Array.from(bytes));
  }

  /** From base64url (no padding; Tenuo's text form), standard base64, or a `TENUO WARRANT` PEM block. */
  static fromBase64(text: string, options?: DecodeOptions): Warrant {
    if (typeof text !== 'string') throw new TypeError('fromBase64 takes a string');
    const blocks = pemBlocks(text, PEM_LABEL);
    const body = blocks.length > 0 ? (blocks[0] as string) : text;
    const bytes = decodeBase64Text(body, MAX_WARRANT_BYTES);
    if (bytes === undefined)
      throw new DecodeError('invalid_encoding', 'warrant text is not base64url or base64');
    return Warrant.decode(bytes, options);
  }

  /** From a `-----BEGIN TENUO WARRANT-----` block. */
  static fromPem(pem: string, options?: DecodeOptions): Warrant {
    const blocks = pemBlocks(pem, PEM_LABEL);
    if (blocks.length !== 1)
      throw new DecodeError('invalid_encoding', 'expected one TENUO WARRANT PEM block');
    return Warrant.fromBase64(blocks[0] as string, options);
  }

  /** The envelope bytes `[1, payload, [1, signature]]`. */
  toBytes(): Uint8Array {
    this.#envelope ??= encodeEnvelopeBytes({ payload: this.payloadBytes, signature: this.signature });
    return this.#envelope.slice();
  }

  /** The envelope bytes without a copy; callers must not modify them. */
  get rawBytes(): Uint8Array {
    this.#envelope ??= encodeEnvelopeBytes({ payload: this.payloadBytes, signature: this.signature });
    return this.#envelope;
  }

  /** base64url without padding, Tenuo's text form. */
  toBase64(): string {
    return toBase64Url(this.rawBytes);
  }

  /** `-----BEGIN TENUO WARRANT-----` PEM. */
  toPem(): string {
    return toPem(PEM_LABEL, this.toBase64());
  }

  /** SHA-256 of the payload bytes: what a child's `parent_hash` must equal. */
  get payloadHash(): Uint8Array {
    this.#hash ??= new Uint8Array(createHash('sha256').update(this.payloadBytes).digest());
    return this.#hash;
  }

  /** `tnu_wrt_` + 32 hex: the id as revocation lists and logs spell it. */
  get id(): string {
    return prefixedWarrantId(this.payload.id);
  }

  /** The plain 32-hex id, as the PoP challenge uses it. */
  get idHex(): string {
    return toHex(this.payload.id);
  }

  get type(): WarrantType {
    return this.payload.warrantType;
  }

  get holder(): PublicKey {
    return this.payload.holder;
  }

  get issuer(): PublicKey {
    return this.payload.issuer;
  }

  get issuedAt(): number {
    return this.payload.issuedAt;
  }

  get expiresAt(): number {
    return this.payload.expiresAt;
  }

  get depth(): number {
    return this.payload.depth;
  }

  get maxDepth(): number {
    return this.payload.maxDepth;
  }

  /** Clearance level; absent means 0. */
  get clearance(): number | undefined {
    return this.payload.clearance;
  }

  /** Tool names this execution warrant grants. */
  get tools(): string[] {
    return [...this.payload.tools.keys()];
  }

  /** The constraints of `tool` (falling back to the `*` tool), or undefined when the tool is not granted. */
  constraintsFor(tool: string): ConstraintSet | undefined {
    return this.payload.tools.get(tool) ?? this.payload.tools.get('*');
  }

  get sessionId(): string | undefined {
    const v = this.payload.extensions.get(SESSION_ID_EXTENSION);
    return v === undefined ? undefined : new TextDecoder().decode(v);
  }

  get agentId(): string | undefined {
    const v = this.payload.extensions.get(AGENT_ID_EXTENSION);
    return v === undefined ? undefined : new TextDecoder().decode(v);
  }

  /** Whether the warrant is expired at `now` (Tenuo's leaf rule: `now >= expires_at`). */
  isExpired(options?: { now?: number; clock?: Clock }): boolean {
    return resolveNow(options) >= this.payload.expiresAt;
  }

  /** A summary without any bytes, for logs and `--json` output. */
  toJSON(): Record<string, unknown> {
    const p = this.payload;
    return {
      id: this.id,
      type: p.warrantType,
      tools: Object.fromEntries([...p.tools].map(([k, v]) => [k, v.toJSON()])),
      holder: p.holder.toHex(),
      issuer: p.issuer.toHex(),
      issuedAt: p.issuedAt,
      expiresAt: p.expiresAt,
      depth: p.depth,
      maxDepth: p.maxDepth,
      ...(p.parentHash && { parentHash: toHex(p.parentHash) }),
      ...(p.issuableTools && { issuableTools: p.issuableTools }),
      ...(p.maxIssueDepth !== undefined && { maxIssueDepth: p.maxIssueDepth }),
      ...(p.constraintBounds && { constraintBounds: p.constraintBounds.toJSON() }),
      ...(p.clearance !== undefined && { clearance: p.clearance }),
      ...(p.requiredApprovers && { requiredApprovers: p.requiredApprovers.map((k) => k.toHex()) }),
      ...(p.minApprovals !== undefined && { minApprovals: p.minApprovals }),
      ...(p.extensions.size > 0 && { extensions: [...p.extensions.keys()] }),
    };
  }

  toString(): string {
    return `Warrant(${this.id}, ${this.type}, depth ${this.depth})`;
  }
}
