import { DecodeError } from '../errors.js';
import { toFloat16Bits } from './encode.js';
import { CborFloat, type CborValue } from './value.js';

/** Limits for one decode. */
export interface DecodeLimits {
  /** Deepest nesting of arrays and maps (default 128). */
  maxDepth?: number;
}

/**
 * Strict CBOR decoding: exactly one item and no trailing bytes; definite
 * lengths only; minimal integer and length heads; floats in their shortest
 * exact width; no tags; no simple values but false/true/null; valid UTF-8;
 * no duplicate map keys. Tenuo's own decoder (ciborium) accepts all of these
 * and ignores trailing bytes; Warden rejects them deliberately, because every
 * conforming encoder emits the canonical form, and a second spelling of the
 * same bytes only helps an attacker. (Above this layer, an issuer can still
 * sign payload-level variants, e.g. an unsorted tools map; those are signed
 * statements of the issuer and are accepted, as in Tenuo.)
 */
export function decodeCbor(bytes: Uint8Array, limits?: DecodeLimits): CborValue {
  const reader = new Reader(bytes, limits?.maxDepth ?? 128);
  const value = reader.item(0);
  if (reader.offset !== bytes.length) fail('trailing bytes after CBOR item');
  return value;
}

/**
 * The byte ranges `[start, end)` of the items of a top-level CBOR array,
 * validated with the same strict rules, so each item can be handed on as the
 * exact bytes received (a stack's envelopes) without re-encoding.
 */
export function decodeArrayItemSpans(bytes: Uint8Array, limits?: DecodeLimits): [number, number][] {
  const reader = new Reader(bytes, limits?.maxDepth ?? 128);
  const spans = reader.arraySpans();
  if (reader.offset !== bytes.length) fail('trailing bytes after CBOR item');
  return spans;
}

function fail(message: string): never {
  throw new DecodeError('malformed_cbor', `malformed CBOR: ${message}`);
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

class Reader {
  offset = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly maxDepth: number,
  ) {}

  #byte(): number {
    const b = this.bytes[this.offset];
    if (b === undefined) fail('unexpected end of input');
    this.offset++;
    return b;
  }

  #take(n: number): Uint8Array {
    if (n > this.bytes.length - this.offset) fail('unexpected end of input');
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  /** Reads the argument of a head; rejects non-minimal encodings. */
  #argument(info: number): number | bigint {
    if (info < 24) return info;
    if (info === 24) {
      const v = this.#byte();
      if (v < 24) fail('non-minimal integer');
      return v;
    }
    if (info === 25 || info === 26) {
      const width = info === 25 ? 2 : 4;
      let v = 0;
      for (const b of this.#take(width)) v = v * 256 + b;
      if (v < (info === 25 ? 0x100 : 0x10000)) fail('non-minimal integer');
      return v;
    }
    if (info === 27) {
      let v = 0n;
      for (const b of this.#take(8)) v = (v << 8n) | BigInt(b);
      if (v < 0x100000000n) fail('non-minimal integer');
      return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    }
    if (info === 31) fail('indefinite length');
    return fail('reserved additional information');
  }

  #length(info: number): number {
    const n = this.#argument(info);
    // Every item takes at least one byte, so a length beyond the input is a lie; reject before allocating.
    if (typeof n === 'bigint' || n > this.bytes.length - this.offset) fail('length exceeds input');
    return n;
  }

  arraySpans(): [number, number][] {
    const initial = this.#byte();
    if (initial >> 5 !== 4) fail('expected an array');
    const n = this.#length(initial & 0x1f);
    const spans: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      const start = this.offset;
      this.item(1);
      spans.push([start, this.offset]);
    }
    return spans;
  }

  item(depth: number): CborValue {
    const initial = this.#byte();
    const major = initial >> 5;
    const info = initial & 0x1f;
    switch (major) {
      case 0:
        return this.#argument(info);
      case 1: {
        const n = this.#argument(info);
        if (typeof n === 'number' && n < Number.MAX_SAFE_INTEGER) return -1 - n;
        return -1n - BigInt(n);
      }
      case 2:
        return this.#take(this.#length(info)).slice();
      case 3:
        try {
          return utf8Decoder.decode(this.#take(this.#length(info)));
        } catch {
          return fail('invalid UTF-8 in text string');
        }
      case 4: {
        if (depth >= this.maxDepth) fail('nesting too deep');
        const n = this.#length(info);
        const out: CborValue[] = [];
        for (let i = 0; i < n; i++) out.push(this.item(depth + 1));
        return out;
      }
      case 5: {
        if (depth >= this.maxDepth) fail('nesting too deep');
        const n = this.#length(info);
        const out = new Map<CborValue, CborValue>();
        const seen = new Set<string>();
        for (let i = 0; i < n; i++) {
          const start = this.offset;
          const key = this.item(depth + 1);
          const spelled = Buffer.from(this.bytes.subarray(start, this.offset)).toString('latin1');
          if (seen.has(spelled)) fail('duplicate map key');
          seen.add(spelled);
          out.set(key, this.item(depth + 1));
        }
        return out;
      }
      case 6:
        return fail('tags are not allowed');
      default:
        return this.#simple(info);
    }
  }

  #simple(info: number): CborValue {
    switch (info) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
        return null;
      case 25: {
        const b = this.#take(2);
        const bits = ((b[0] as number) << 8) | (b[1] as number);
        const v = fromFloat16Bits(bits);
        if (toFloat16Bits(v) !== bits) fail('non-canonical float');
        return new CborFloat(v);
      }
      case 26: {
        const v = Buffer.from(this.#take(4)).readFloatBE(0);
        if (Number.isNaN(v) || toFloat16Bits(v) !== undefined) fail('non-canonical float');
        return new CborFloat(v);
      }
      case 27: {
        const v = Buffer.from(this.#take(8)).readDoubleBE(0);
        if (Number.isNaN(v) || Math.fround(v) === v) fail('non-canonical float');
        return new CborFloat(v);
      }
      default:
        return fail('unsupported simple value');
    }
  }
}

function fromFloat16Bits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}
