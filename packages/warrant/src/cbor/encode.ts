import { CborFloat, type CborValue } from './value.js';

/**
 * A CBOR encoder that reproduces ciborium 0.2.2's output: minimal integer and
 * length heads, definite lengths only, maps in insertion order, and floats in
 * the shortest exact width (f16 subnormals included, which cborg gets wrong).
 */
export function encodeCbor(value: CborValue): Uint8Array {
  const out = new Writer();
  write(out, value);
  return out.finish();
}

/** The head of a CBOR array of `length` items, for callers that append already-encoded items. */
export function encodeArrayHead(length: number): Uint8Array {
  const out = new Writer();
  out.head(4, length);
  return out.finish();
}

class Writer {
  #buf = new Uint8Array(256);
  #len = 0;

  #reserve(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
  }

  byte(b: number): void {
    this.#reserve(1);
    this.#buf[this.#len++] = b;
  }

  bytes(b: Uint8Array): void {
    this.#reserve(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
  }

  head(major: number, n: number | bigint): void {
    const m = major << 5;
    if (typeof n === 'number' && n < 24) {
      this.byte(m | n);
      return;
    }
    const big = BigInt(n);
    if (big < 0x100n) {
      this.byte(m | 24);
      this.byte(Number(big));
    } else if (big < 0x10000n) {
      this.byte(m | 25);
      this.bytes(beBytes(big, 2));
    } else if (big < 0x100000000n) {
      this.byte(m | 26);
      this.bytes(beBytes(big, 4));
    } else if (big < 0x10000000000000000n) {
      this.byte(m | 27);
      this.bytes(beBytes(big, 8));
    } else {
      throw new RangeError('integer does not fit in 64 bits');
    }
  }

  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}

function beBytes(n: bigint, width: number): Uint8Array {
  const out = new Uint8Array(width);
  let v = n;
  for (let i = width - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

const textEncoder = new TextEncoder();

function write(out: Writer, value: CborValue): void {
  if (value === null) out.byte(0xf6);
  else if (value === true) out.byte(0xf5);
  else if (value === false) out.byte(0xf4);
  else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw new TypeError('plain numbers must be safe integers; wrap floats in CborFloat');
    if (value >= 0) out.head(0, value);
    else out.head(1, -1 - value);
  } else if (typeof value === 'bigint') {
    if (value >= 0n) out.head(0, value);
    else out.head(1, -1n - value);
  } else if (typeof value === 'string') {
    const b = textEncoder.encode(value);
    out.head(3, b.length);
    out.bytes(b);
  } else if (value instanceof CborFloat) {
    writeFloat(out, value.value);
  } else if (value instanceof Uint8Array) {
    out.head(2, value.length);
    out.bytes(value);
  } else if (Array.isArray(value)) {
    out.head(4, value.length);
    for (const item of value) write(out, item);
  } else if (value instanceof Map) {
    out.head(5, value.size);
    for (const [k, v] of value) {
      write(out, k);
      write(out, v);
    }
  } else {
    throw new TypeError('value has no CBOR encoding');
  }
}

const f32 = new Float32Array(1);
const f32Bytes = new Uint8Array(f32.buffer);
const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);

function writeFloat(out: Writer, v: number): void {
  const half = toFloat16Bits(v);
  if (half !== undefined) {
    out.byte(0xf9);
    out.byte(half >> 8);
    out.byte(half & 0xff);
    return;
  }
  if (Math.fround(v) === v) {
    f32[0] = v;
    out.byte(0xfa);
    for (let i = 3; i >= 0; i--) out.byte(f32Bytes[i] as number);
    return;
  }
  f64[0] = v;
  out.byte(0xfb);
  for (let i = 7; i >= 0; i--) out.byte(f64Bytes[i] as number);
}

/** The IEEE 754 binary16 bits of `v` if binary16 holds it exactly, else undefined. */
export function toFloat16Bits(v: number): number | undefined {
  if (Number.isNaN(v)) return 0x7e00; // ciborium writes every NaN as the canonical quiet NaN
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a === 0) return sign;
  if (a === Number.POSITIVE_INFINITY) return sign | 0x7c00;
  if (a < 2 ** -14) {
    // Subnormal: a = m * 2^-24 with integer m in [1, 1023]. Multiplying by a power of two is exact.
    const m = a * 2 ** 24;
    return Number.isInteger(m) ? sign | m : undefined;
  }
  if (a > 65504) return undefined;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  const frac = (a / 2 ** e - 1) * 1024;
  if (!Number.isInteger(frac)) return undefined;
  return sign | ((e + 15) << 10) | frac;
}
