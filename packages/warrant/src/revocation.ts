import { concatBytes } from '@warden/core';
import { decodeCbor } from './cbor/decode.js';
import { encodeCbor } from './cbor/encode.js';
import type { CborValue } from './cbor/value.js';
import { SIGNATURE_DOMAIN } from './envelope.js';
import { DecodeError, SignatureError } from './errors.js';
import { parseWarrantId, prefixedWarrantId } from './id.js';
import type { Keypair, PublicKey } from './keys.js';
import { decodePublicKey } from './payload.js';
import { Warrant } from './warrant.js';

const SRL_DOMAIN = new TextEncoder().encode('tenuo-srl-v1');
/** Largest revocation list accepted. */
export const MAX_SRL_BYTES = 4 * 1024 * 1024;

/** Formats Unix seconds as chrono's `to_rfc3339_opts(AutoSi, true)` does for whole seconds. */
function rfc3339(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

const RFC3339_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.(?:\d{3}|\d{6}|\d{9}))?Z$/;

function payloadCbor(
  ids: readonly string[],
  version: number,
  issuedAt: string,
  issuer: PublicKey,
): CborValue {
  return new Map<CborValue, CborValue>([
    ['revoked_ids', [...ids]],
    ['version', version],
    ['issued_at', issuedAt],
    ['issuer', [1, issuer.bytes]],
  ]);
}

function signingMessage(payload: Uint8Array): Uint8Array {
  return concatBytes(SIGNATURE_DOMAIN, SRL_DOMAIN, payload);
}

/** Normalizes a warrant id (any accepted form) or a Warrant to `tnu_wrt_` + lowercase hex. */
function revocationId(id: string | Warrant): string {
  if (id instanceof Warrant) return id.id;
  const bytes = parseWarrantId(id);
  if (bytes === undefined) throw new TypeError('not a warrant id');
  return prefixedWarrantId(bytes);
}

/**
 * A signed revocation list in Tenuo's runtime format: `{payload: {revoked_ids,
 * version, issued_at (RFC 3339), issuer}, signature}`, signed over
 * `"tenuo-warrant-v1" || "tenuo-srl-v1" || CBOR(payload)`. Warden verifies
 * the received payload bytes and requires them to be canonical, so its
 * check and Tenuo's re-serializing check agree.
 */
export class SignedRevocationList {
  readonly revokedIds: readonly string[];
  readonly version: number;
  /** RFC 3339 text, as on the wire. */
  readonly issuedAt: string;
  readonly issuer: PublicKey;
  readonly signature: Uint8Array;
  readonly #payload: Uint8Array;
  readonly #set: ReadonlySet<string>;

  private constructor(
    ids: readonly string[],
    version: number,
    issuedAt: string,
    issuer: PublicKey,
    payload: Uint8Array,
    signature: Uint8Array,
  ) {
    this.revokedIds = Object.freeze([...ids]);
    this.version = version;
    this.issuedAt = issuedAt;
    this.issuer = issuer;
    this.#payload = payload;
    this.signature = signature;
    // Every id form Tenuo accepts is normalized, so a list naming a warrant by its UUID revokes it too
    // (Tenuo's runtime matches only the exact `tnu_wrt_` string; revoking more is the safe direction).
    this.#set = new Set(
      ids.flatMap((id) => {
        const bytes = parseWarrantId(id);
        return bytes === undefined ? [] : [prefixedWarrantId(bytes)];
      }),
    );
  }

  /** Signs a new list. `revoked` takes warrants or ids in any accepted form. */
  static create(options: {
    revoked: readonly (string | Warrant)[];
    version: number;
    keypair: Keypair;
    /** Unix seconds (default now). */
    issuedAt?: number;
  }): SignedRevocationList {
    const { version, keypair } = options;
    if (!Number.isSafeInteger(version) || version < 0)
      throw new RangeError('version must be a non-negative integer');
    const ids = options.revoked.map(revocationId);
    const issuedAt = rfc3339(options.issuedAt ?? Math.floor(Date.now() / 1000));
    const payload = encodeCbor(payloadCbor(ids, version, issuedAt, keypair.publicKey));
    const signature = keypair.sign(signingMessage(payload));
    return new SignedRevocationList(ids, version, issuedAt, keypair.publicKey, payload, signature);
  }

  /**
   * Decodes and verifies a list. The signature must verify under the
   * embedded issuer, and that issuer must be `expectedIssuer`.
   */
  static decode(bytes: Uint8Array, expectedIssuer: PublicKey): SignedRevocationList {
    const bad = (message: string): never => {
      throw new DecodeError('srl_invalid', `invalid revocation list: ${message}`);
    };
    if (bytes.length > MAX_SRL_BYTES) bad('too large');
    let top: CborValue;
    try {
      top = decodeCbor(bytes);
    } catch {
      return bad('malformed CBOR');
    }
    if (!(top instanceof Map) || top.size !== 2) bad('expected {payload, signature}');
    const m = top as ReadonlyMap<CborValue, CborValue>;
    const p = m.get('payload');
    const sig = m.get('signature');
    if (!(p instanceof Map)) bad('payload must be a map');
    const pm = p as ReadonlyMap<CborValue, CborValue>;
    const ids = pm.get('revoked_ids');
    const version = pm.get('version');
    const issuedAt = pm.get('issued_at');
    if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) bad('revoked_ids must be text');
    if (typeof version !== 'number' || version < 0) bad('version must be an unsigned integer');
    if (typeof issuedAt !== 'string' || !RFC3339_RE.test(issuedAt)) bad('issued_at must be RFC 3339 text');
    let issuer: PublicKey;
    try {
      issuer = decodePublicKey(pm.get('issuer'));
    } catch {
      return bad('issuer must be [1, key]');
    }
    if (
      !Array.isArray(sig) ||
      sig.length !== 2 ||
      sig[0] !== 1 ||
      !(sig[1] instanceof Uint8Array) ||
      sig[1].length !== 64
    ) {
      bad('signature must be [1, 64 bytes]');
    }
    const signature = (sig as CborValue[])[1] as Uint8Array;
    const payload = encodeCbor(payloadCbor(ids as string[], version as number, issuedAt as string, issuer));
    // Canonical check: the payload must be exactly what Tenuo's verifier would re-serialize.
    if (Buffer.compare(encodeCbor(top), bytes) !== 0 || pm.size !== 4)
      bad('payload is not in canonical form');
    if (!issuer.equals(expectedIssuer))
      throw new SignatureError('srl_invalid', 'revocation list issuer is not trusted');
    if (!issuer.verify(signingMessage(payload), signature)) {
      throw new SignatureError('signature_invalid', 'revocation list signature is invalid');
    }
    return new SignedRevocationList(
      ids as string[],
      version as number,
      issuedAt as string,
      issuer,
      payload,
      signature.slice(),
    );
  }

  /** Whether the warrant (or id) is revoked. Matching is on `tnu_wrt_` + lowercase hex, as Tenuo does. */
  isRevoked(warrant: Warrant | string): boolean {
    try {
      return this.#set.has(revocationId(warrant));
    } catch {
      return false;
    }
  }

  toBytes(): Uint8Array {
    return encodeCbor(
      new Map<CborValue, CborValue>([
        ['payload', decodeCbor(this.#payload)],
        ['signature', [1, this.signature]],
      ]),
    );
  }

  toJSON(): { version: number; issuedAt: string; issuer: string; revokedIds: readonly string[] } {
    return {
      version: this.version,
      issuedAt: this.issuedAt,
      issuer: this.issuer.toHex(),
      revokedIds: this.revokedIds,
    };
  }
}
