import { ed25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCanonicalSignature, isStrictPoint, verifyStrict } from '../src/ed25519.js';
import { Keypair, PublicKey } from '../src/keys.js';

const msg = new TextEncoder().encode('tenuo-warrant-v1 test message');

describe('strict Ed25519', () => {
  it('rejects a signature forged under the small-order key 01 00..00, which node:crypto alone accepts', async () => {
    const { verify, createPublicKey } = await import('node:crypto');
    const weak = new Uint8Array(32);
    weak[0] = 1; // the identity point: every (R = identity, S = 0) "signature" verifies cofactorless
    const forged = new Uint8Array(64);
    forged[0] = 1; // R = identity, S = 0
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), weak]);
    const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    expect(verify(null, msg, key, forged)).toBe(true); // the gap this module closes
    expect(verifyStrict(weak, msg, forged)).toBe(false);
    expect(() => PublicKey.fromBytes(weak)).toThrowError(expect.objectContaining({ code: 'invalid_key' }));
  });

  it('screens exactly the small-order points (checked against @noble/curves)', () => {
    const { Point } = ed25519;
    // All eight torsion points: multiples of a point of order 8, plus non-canonical encodings.
    const torsion: Uint8Array[] = [];
    let t = Point.fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a');
    for (let i = 0; i < 8; i++) {
      torsion.push(t.toBytes());
      t = t.add(Point.fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'));
    }
    for (const enc of torsion) {
      expect(Point.fromBytes(enc).isSmallOrder()).toBe(true);
      expect(isStrictPoint(enc)).toBe(false);
    }
    // Non-canonical y >= p.
    const p = Buffer.from(`ed${'ff'.repeat(30)}7f`, 'hex');
    expect(isStrictPoint(p)).toBe(false);
    const big = Buffer.from(`f0${'ff'.repeat(30)}7f`, 'hex');
    expect(isStrictPoint(big)).toBe(false);
  });

  it('accepts every honest key and signature (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 200 }),
        (seed, m) => {
          const k = Keypair.fromSeed(seed);
          const sig = k.sign(m);
          return (
            isStrictPoint(k.publicKey.bytes) &&
            isCanonicalSignature(sig) &&
            verifyStrict(k.publicKey.bytes, m, sig)
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects S >= L (malleated signature: S + L)', () => {
    const k = Keypair.fromSeed(new Uint8Array(32).fill(7));
    const sig = k.sign(msg);
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    let s = 0n;
    for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(sig[i] as number);
    s += L;
    const mall = Uint8Array.from(sig);
    for (let i = 32; i < 64; i++) {
      mall[i] = Number(s & 0xffn);
      s >>= 8n;
    }
    expect(isCanonicalSignature(mall)).toBe(false);
    expect(verifyStrict(k.publicKey.bytes, msg, mall)).toBe(false);
  });

  it('never throws on garbage', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 40 }),
        fc.uint8Array({ maxLength: 70 }),
        (key, sig) => verifyStrict(key, msg, sig) === false,
      ),
    );
  });
});

describe('Keypair', () => {
  it('round-trips PKCS#8 v2 and SPKI PEM, and zeroizes', () => {
    const k = Keypair.fromSeed('0101010101010101010101010101010101010101010101010101010101010101');
    const pem = k.toPem();
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(Keypair.fromPem(pem).publicKey.equals(k.publicKey)).toBe(true);
    expect(PublicKey.fromPem(k.publicKey.toPem()).equals(k.publicKey)).toBe(true);
    const seed = k.secretBytes();
    expect(seed).toEqual(new Uint8Array(32).fill(1));
    k.zeroize();
    expect(k.zeroized).toBe(true);
    expect(() => k.sign(msg)).toThrow(TypeError);
    expect(JSON.stringify(k)).not.toContain('0101');
    expect(String(k)).not.toContain('0101010101010101');
  });

  it('rejects malformed seeds and PEM with typed errors', () => {
    expect(() => Keypair.fromSeed(new Uint8Array(31))).toThrow(TypeError);
    expect(() => Keypair.fromSeed('zz')).toThrow(TypeError);
    expect(() =>
      Keypair.fromPem('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'),
    ).toThrowError(expect.objectContaining({ code: 'invalid_key' }));
  });
});

describe('PKCS#8 v2 (ed25519-dalek) import', () => {
  it('reads the v2 form with the public key and rejects a mismatched one', () => {
    const k = Keypair.fromSeed(new Uint8Array(32).fill(1));
    const v2 = (pub: Uint8Array) =>
      `-----BEGIN PRIVATE KEY-----\n${Buffer.concat([
        Buffer.from('3051020101300506032b657004220420', 'hex'),
        Buffer.alloc(32, 1),
        Buffer.from('812100', 'hex'),
        pub,
      ]).toString('base64')}\n-----END PRIVATE KEY-----\n`;
    expect(Keypair.fromPem(v2(k.publicKey.bytes)).publicKey.equals(k.publicKey)).toBe(true);
    expect(() => Keypair.fromPem(v2(new Uint8Array(32).fill(9)))).toThrowError(
      expect.objectContaining({ code: 'invalid_key' }),
    );
  });
});
