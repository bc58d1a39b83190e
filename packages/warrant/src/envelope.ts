import { concatBytes, fromBase64, fromBase64Url } from '@warden/core';
import { decodeCbor } from './cbor/decode.js';
import { encodeCbor } from './cbor/encode.js';
import type { CborValue } from './cbor/value.js';
import { DecodeError } from './errors.js';

/** Largest single warrant envelope accepted (Tenuo's `MAX_WARRANT_SIZE`). */
export const MAX_WARRANT_BYTES = 65_536;
/** Largest warrant stack accepted (Tenuo's `MAX_STACK_SIZE`). */
export const MAX_STACK_BYTES = 262_144;

/** Domain prefix of every Tenuo signature (`crypto.rs` `prefix_message`). */
export const SIGNATURE_DOMAIN = new TextEncoder().encode('tenuo-warrant-v1');
const ENVELOPE_VERSION = 1;

/** The bytes the issuer signs: `"tenuo-warrant-v1" || 0x01 || payload`. */
export function warrantSigningMessage(payload: Uint8Array): Uint8Array {
  return concatBytes(SIGNATURE_DOMAIN, Uint8Array.of(ENVELOPE_VERSION), payload);
}

/** A parsed but not yet verified envelope. */
export interface Envelope {
  payload: Uint8Array;
  signature: Uint8Array;
}

/** The envelope CBOR `[1, payload, [1, signature]]`. */
export function encodeEnvelope(e: Envelope): CborValue {
  return [ENVELOPE_VERSION, e.payload, [1, e.signature]];
}

/** Parses an envelope value (from a single warrant or a stack element). */
export function parseEnvelope(v: CborValue): Envelope {
  if (!Array.isArray(v) || v.length !== 3) {
    throw new DecodeError('invalid_envelope_structure', 'warrant envelope must be a 3-element array');
  }
  if (v[0] !== ENVELOPE_VERSION)
    throw new DecodeError('unsupported_envelope_version', 'unsupported envelope version');
  const payload = v[1];
  if (!(payload instanceof Uint8Array))
    throw new DecodeError('invalid_envelope_structure', 'payload must be a byte string');
  const sig = v[2];
  if (!Array.isArray(sig) || sig.length !== 2) {
    throw new DecodeError('invalid_envelope_structure', 'signature must be [alg, bytes]');
  }
  if (sig[0] !== 1) throw new DecodeError('unsupported_algorithm', 'unsupported signature algorithm');
  const bytes = sig[1];
  if (!(bytes instanceof Uint8Array))
    throw new DecodeError('invalid_envelope_structure', 'signature must be bytes');
  if (bytes.length !== 64) throw new DecodeError('invalid_signature_length', 'signature must be 64 bytes');
  return { payload, signature: bytes };
}

/** Decodes envelope bytes. */
export function decodeEnvelopeBytes(bytes: Uint8Array): Envelope {
  if (bytes.length > MAX_WARRANT_BYTES) throw new DecodeError('warrant_too_large', 'warrant exceeds 64 KiB');
  return parseEnvelope(decodeCbor(bytes));
}

/** Envelope bytes. */
export function encodeEnvelopeBytes(e: Envelope): Uint8Array {
  return encodeCbor(encodeEnvelope(e));
}

const PEM_RE = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/g;

/** The bodies of every PEM block with one of `labels`, in order. */
export function pemBlocks(text: string, label: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(PEM_RE)) if (m[1] === label) out.push((m[2] ?? '').replace(/\s+/g, ''));
  return out;
}

/** PEM armour with 64-character lines and a trailing newline, as Tenuo writes it. */
export function toPem(label: string, body: string): string {
  return `-----BEGIN ${label}-----\n${body.replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;
}

/**
 * Decodes the text forms of warrants: base64url without padding (Tenuo's
 * form), or standard base64 with padding (used for stacks in MCP metadata).
 * Whitespace is ignored. Undefined when neither decodes.
 */
export function decodeBase64Text(text: string, maxBytes: number): Uint8Array | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact.length > Math.ceil((maxBytes * 4) / 3) + 4) {
    throw new DecodeError(
      maxBytes > MAX_WARRANT_BYTES ? 'chain_too_large' : 'warrant_too_large',
      'encoded warrant too large',
    );
  }
  return fromBase64Url(compact) ?? fromBase64(compact);
}
