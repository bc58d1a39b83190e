import { concatBytes, toBase64, toBase64Url } from '@warden/core';
import { decodeArrayItemSpans } from './cbor/decode.js';
import { encodeArrayHead } from './cbor/encode.js';
import { decodeBase64Text, MAX_STACK_BYTES, pemBlocks, toPem } from './envelope.js';
import { DecodeError } from './errors.js';
import { Warrant } from './warrant.js';

const CHAIN_LABEL = 'TENUO WARRANT CHAIN';

/** Most warrants a stack may hold (Tenuo has no count limit; 64 is its delegation depth cap). */
export const MAX_STACK_LENGTH = 64;

/**
 * A delegation chain in transit: a CBOR array of warrant envelopes, root
 * first (Tenuo's `WarrantStack`). Decoding verifies every signature but not
 * the chain itself: that is `Authorizer.verifyChain`.
 */
export class WarrantStack {
  readonly warrants: readonly Warrant[];

  constructor(warrants: readonly Warrant[]) {
    if (!Array.isArray(warrants) || warrants.length === 0 || !warrants.every((w) => w instanceof Warrant)) {
      throw new TypeError('a WarrantStack needs at least one Warrant');
    }
    this.warrants = Object.freeze([...warrants]);
  }

  get root(): Warrant {
    return this.warrants[0] as Warrant;
  }

  get leaf(): Warrant {
    return this.warrants[this.warrants.length - 1] as Warrant;
  }

  get length(): number {
    return this.warrants.length;
  }

  /** Decodes stack bytes (at most 256 KiB, not empty). */
  static decode(bytes: Uint8Array): WarrantStack {
    if (bytes.length > MAX_STACK_BYTES)
      throw new DecodeError('chain_too_large', 'warrant stack exceeds 256 KiB');
    let spans: [number, number][];
    try {
      spans = decodeArrayItemSpans(bytes);
    } catch (err) {
      if (err instanceof DecodeError && err.message.includes('expected an array')) {
        throw new DecodeError('invalid_envelope_structure', 'a warrant stack is a non-empty array');
      }
      throw err;
    }
    if (spans.length === 0)
      throw new DecodeError('invalid_envelope_structure', 'a warrant stack is a non-empty array');
    if (spans.length > MAX_STACK_LENGTH) throw new DecodeError('chain_too_long', 'warrant stack is too long');
    return new WarrantStack(spans.map(([start, end]) => Warrant.fromEnvelope(bytes.subarray(start, end))));
  }

  /**
   * From text: a `TENUO WARRANT CHAIN` PEM block, concatenated `TENUO WARRANT`
   * blocks, or base64url / standard base64 of stack bytes (Tenuo's order).
   */
  static fromBase64(text: string): WarrantStack {
    if (typeof text !== 'string') throw new TypeError('fromBase64 takes a string');
    const chain = pemBlocks(text, CHAIN_LABEL);
    if (chain.length > 0) return WarrantStack.#fromText(chain[0] as string);
    const singles = pemBlocks(text, 'TENUO WARRANT');
    if (singles.length > 0) return new WarrantStack(singles.map((b) => Warrant.fromBase64(b)));
    return WarrantStack.#fromText(text);
  }

  static #fromText(text: string): WarrantStack {
    const bytes = decodeBase64Text(text, MAX_STACK_BYTES);
    if (bytes === undefined)
      throw new DecodeError('invalid_encoding', 'warrant stack text is not base64url or base64');
    return WarrantStack.decode(bytes);
  }

  toBytes(): Uint8Array {
    // An array head followed by the envelopes exactly as they were received or signed.
    const head = encodeArrayHead(this.warrants.length);
    return concatBytes(head, ...this.warrants.map((w) => w.rawBytes));
  }

  /** base64url without padding. */
  toBase64(): string {
    return toBase64Url(this.toBytes());
  }

  /** Standard base64 with padding, the form Tenuo's Python SDK and MCP metadata carry stacks in. */
  toStandardBase64(): string {
    return toBase64(this.toBytes());
  }

  toPem(): string {
    return toPem(CHAIN_LABEL, this.toBase64());
  }

  toJSON(): unknown[] {
    return this.warrants.map((w) => w.toJSON());
  }
}

/**
 * Decodes a warrant or a chain, root first, from bytes or text (base64url,
 * standard base64, or `TENUO WARRANT` / `TENUO WARRANT CHAIN` PEM blocks,
 * several concatenated root first). Stack and single warrant are told apart
 * by trial decoding, as Tenuo does. Signatures are verified; the chain's
 * linkage, trust and clock are `Authorizer.verifyChain`'s job.
 */
export function decodeChain(input: Uint8Array | string): Warrant[] {
  if (input instanceof Uint8Array) return decodeChainBytes(input);
  if (typeof input !== 'string') throw new TypeError('decodeChain takes bytes or text');
  if (input.includes('-----BEGIN')) {
    const blocks = [
      ...input.matchAll(/-----BEGIN (TENUO WARRANT(?: CHAIN)?)-----([\s\S]*?)-----END \1-----/g),
    ];
    if (blocks.length === 0) throw new DecodeError('invalid_encoding', 'no TENUO WARRANT PEM block found');
    return blocks.flatMap((b) => decodeChainBytes(textBytes(b[2] ?? '')));
  }
  return decodeChainBytes(textBytes(input));
}

function textBytes(text: string): Uint8Array {
  const bytes = decodeBase64Text(text, MAX_STACK_BYTES);
  if (bytes === undefined || bytes.length === 0) {
    throw new DecodeError('invalid_encoding', 'input is not base64url or base64 of a warrant or stack');
  }
  return bytes;
}

function decodeChainBytes(bytes: Uint8Array): Warrant[] {
  try {
    return [...WarrantStack.decode(bytes).warrants];
  } catch (err) {
    if (!(err instanceof DecodeError)) throw err;
    return [Warrant.fromEnvelope(bytes)];
  }
}
