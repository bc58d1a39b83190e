import { decode as cborgDecode, encode as cborgEncode } from 'cborg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCbor } from '../src/cbor/decode.js';
import { encodeCbor, toFloat16Bits } from '../src/cbor/encode.js';
import { CborFloat, type CborValue, sortedTextMap } from '../src/cbor/value.js';

const hex = (v: CborValue) => Buffer.from(encodeCbor(v)).toString('hex');
const bytes = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

describe('CBOR encoding (ciborium 0.2.2 rules)', () => {
  it('writes floats in the shortest exact width, f16 subnormals included (fact sheet §3.1)', () => {
    expect(hex(new CborFloat(0))).toBe('f90000');
    expect(hex(new CborFloat(-0))).toBe('f98000');
    expect(hex(new CborFloat(100))).toBe('f95640');
    expect(hex(new CborFloat(10000))).toBe('f970e2');
    expect(hex(new CborFloat(65520))).toBe('fa477ff000');
    expect(hex(new CborFloat(0.1))).toBe('fb3fb999999999999a');
    expect(hex(new CborFloat(3 * 2 ** -24))).toBe('f90003'); // cborg writes fa34400000 here
    expect(hex(new CborFloat(Number.NaN))).toBe('f97e00');
    expect(hex(new CborFloat(0.5))).toBe('f93800');
    expect(hex(new CborFloat(Number.POSITIVE_INFINITY))).toBe('f97c00');
  });

  it('keeps integers and floats apart: 100 is 1864, 100.0 is f95640', () => {
    expect(hex(100)).toBe('1864');
    expect(hex(-1)).toBe('20');
    expect(hex(2n ** 63n - 1n)).toBe('1b7fffffffffffffff');
    expect(() => encodeCbor(1.5)).toThrow(TypeError);
  });

  it('orders text maps bytewise on UTF-8, not by UTF-16 or length', () => {
    expect(
      hex(
        sortedTextMap([
          ['b', 1],
          ['aa', 2],
        ]),
      ),
    ).toBe('a262616102616201');
    const m = sortedTextMap([
      ['\uFF01', 1],
      ['😀', 2],
    ]);
    expect([...m.keys()]).toEqual(['\uFF01', '😀']);
  });

  it('matches an independent encoder (cborg) on values both write identically', () => {
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
        fc.string(),
        fc.boolean(),
        fc.constant(null),
        fc.uint8Array({ maxLength: 20 }),
        fc.array(tie('v'), { maxLength: 4 }),
      ),
    }));
    fc.assert(
      fc.property(value.v, (v) => {
        const ours = encodeCbor(v as CborValue);
        expect(Buffer.from(ours).toString('hex')).toBe(Buffer.from(cborgEncode(v)).toString('hex'));
        expect(decodeCbor(ours)).toEqual(cborgDecode(ours, { useMaps: true }));
      }),
    );
  });

  it('round-trips any float exactly', () => {
    fc.assert(
      fc.property(fc.double(), (d) => {
        const back = decodeCbor(encodeCbor(new CborFloat(d)));
        expect(back).toBeInstanceOf(CborFloat);
        expect(
          Object.is((back as CborFloat).value, d) ||
            (Number.isNaN(d) && Number.isNaN((back as CborFloat).value)),
        ).toBe(true);
      }),
    );
  });

  it('toFloat16Bits agrees with a brute-force table of all finite binary16 values', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const exp = (bits >> 10) & 0x1f;
      if (exp === 0x1f) continue;
      const frac = bits & 0x3ff;
      const mag = exp === 0 ? frac * 2 ** -24 : (1 + frac / 1024) * 2 ** (exp - 15);
      const v = bits & 0x8000 ? -mag : mag;
      expect(toFloat16Bits(v)).toBe(bits);
    }
  });
});

describe('strict CBOR decoding', () => {
  const rejects = (h: string) =>
    expect(() => decodeCbor(bytes(h))).toThrowError(expect.objectContaining({ code: 'malformed_cbor' }));

  it('rejects non-minimal integers and lengths', () => {
    rejects('1801'); // 1 in two bytes
    rejects('190001');
    rejects('1a0000ffff');
    rejects('1b00000000ffffffff');
    rejects('5801aa'); // byte string length 1 in two bytes
  });

  it('rejects indefinite lengths, tags, undefined and other simple values', () => {
    rejects('9fff');
    rejects('bf01ff');
    rejects('5f41aaff');
    rejects('c11a65920080'); // tag 1
    rejects('f7');
    rejects('f0');
    rejects('f820');
  });

  it('rejects duplicate map keys (A.9.3), trailing bytes, truncation and invalid UTF-8', () => {
    rejects('a200010002');
    rejects('0100');
    rejects('82');
    rejects('62c328');
    rejects('5aFFFFFFFF');
  });

  it('rejects floats that are not in their shortest form', () => {
    rejects('fa00000000'); // 0.0 as f32
    rejects('fb3ff0000000000000'); // 1.0 as f64
    rejects('f97e01'); // a NaN other than the canonical one
    expect(decodeCbor(bytes('f95640'))).toEqual(new CborFloat(100));
  });

  it('limits nesting depth', () => {
    expect(() => decodeCbor(bytes(`${'81'.repeat(200)}00`))).toThrowError(
      expect.objectContaining({ code: 'malformed_cbor' }),
    );
    expect(decodeCbor(bytes(`${'81'.repeat(10)}00`))).toBeDefined();
  });

  it('never throws anything but a typed error on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        try {
          decodeCbor(b);
        } catch (err) {
          expect(err).toMatchObject({ code: 'malformed_cbor' });
        }
      }),
      { numRuns: 2000 },
    );
  });
});
