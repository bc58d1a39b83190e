/**
 * GCP service-account keys in PKCS#12 (.p12) form, found in binary text
 * (each code unit one byte, as `Buffer#toString('latin1')` gives). Google
 * protects every such file with the well-known password `notasecret`, so a
 * PFX whose MAC verifies under it is a GCP key and is redacted whole; a PFX
 * with another password is not (it is encrypted with a real secret).
 *
 * RFC 7292 §4 (PFX, MacData) and Appendix B.2 (the MAC key derivation).
 * Text that went through UTF-8 decoding has lost the bytes >= 0x80 and is
 * not recognised. A PFX is the one built-in match that may contain `[` or
 * `]` (chars.ts); that cannot break idempotence, since a PFX whose MAC
 * verifies cannot appear in redacted output unless it was in the input.
 */
import { createHash, createHmac } from 'node:crypto';
import { finding } from '../finding.js';
import { anchoredDetector } from '../scan.js';
import type { Detector } from '../types.js';

const GCP_P12_PASSWORD = 'notasecret';
/** Largest PFX looked at, in bytes. */
const MAX_PFX = 8192;
/** MAC iterations accepted: OpenSSL uses 2048, Java's keytool 10000; more is refused, bounding the work. */
const MAX_ITERATIONS = 10_000;
/** The DER of OBJECT IDENTIFIER pkcs7-data (1.2.840.113549.1.7.1): the anchor looked for. */
const DATA_OID_TLV = '\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x01';

const HASHES: ReadonlyArray<{ oid: string; name: string; u: number; v: number }> = [
  { oid: '\x2b\x0e\x03\x02\x1a', name: 'sha1', u: 20, v: 64 },
  { oid: '\x60\x86\x48\x01\x65\x03\x04\x02\x01', name: 'sha256', u: 32, v: 64 },
  { oid: '\x60\x86\x48\x01\x65\x03\x04\x02\x02', name: 'sha384', u: 48, v: 128 },
  { oid: '\x60\x86\x48\x01\x65\x03\x04\x02\x03', name: 'sha512', u: 64, v: 128 },
];

interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

/** The DER TLV at `at`, if it is well-formed, byte-valued and ends by `limit`. */
function tlv(text: string, at: number, limit: number, tag: number): Tlv | undefined {
  if (at + 2 > limit || text.charCodeAt(at) !== tag) return undefined;
  let length = text.charCodeAt(at + 1);
  let start = at + 2;
  if (length > 0xff) return undefined;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 3 || start + n > limit) return undefined;
    length = 0;
    for (let i = 0; i < n; i++) {
      const b = text.charCodeAt(start + i);
      if (b > 0xff) return undefined;
      length = length * 256 + b;
    }
    start += n;
  }
  return start + length <= limit ? { tag, start, end: start + length } : undefined;
}

function bytes(text: string, t: Tlv): Buffer | undefined {
  const s = text.slice(t.start, t.end);
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return undefined;
  return Buffer.from(s, 'latin1');
}

function repeatTo(b: Buffer, v: number): Buffer {
  const out = Buffer.alloc(b.length === 0 ? 0 : v * Math.ceil(b.length / v));
  for (let i = 0; i < out.length; i++) out[i] = b[i % b.length] as number;
  return out;
}

/** RFC 7292 B.2 with ID = 3 (MAC key) and n = u: one block of the iterated hash. */
function macKey(hash: (typeof HASHES)[number], salt: Buffer, iterations: number): Buffer {
  const password = Buffer.alloc(2 * (GCP_P12_PASSWORD.length + 1));
  for (let i = 0; i < GCP_P12_PASSWORD.length; i++) password[2 * i + 1] = GCP_P12_PASSWORD.charCodeAt(i);
  const input = Buffer.concat([repeatTo(salt, hash.v), repeatTo(password, hash.v)]);
  let a = createHash(hash.name).update(Buffer.alloc(hash.v, 3)).update(input).digest();
  for (let i = 1; i < iterations; i++) a = createHash(hash.name).update(a).digest();
  return a;
}

/** The end of a GCP PFX whose pkcs7-data OID is at `oidAt` and which starts at `start`, or -1. */
function gcpPfxEnd(text: string, start: number, oidAt: number): number {
  const pfx = tlv(text, start, Math.min(text.length, start + MAX_PFX), 0x30);
  if (pfx === undefined) return -1;
  const version = tlv(text, pfx.start, pfx.end, 0x02);
  if (version === undefined || version.end - version.start !== 1 || text.charCodeAt(version.start) !== 3)
    return -1;
  const authSafe = tlv(text, version.end, pfx.end, 0x30);
  const oid = authSafe && tlv(text, authSafe.start, authSafe.end, 0x06);
  if (authSafe === undefined || oid === undefined || authSafe.start !== oidAt) return -1;
  const explicit = tlv(text, oid.end, authSafe.end, 0xa0);
  const content = explicit && tlv(text, explicit.start, explicit.end, 0x04);
  const macData = tlv(text, authSafe.end, pfx.end, 0x30);
  const digestInfo = macData && tlv(text, macData.start, macData.end, 0x30);
  const algorithm = digestInfo && tlv(text, digestInfo.start, digestInfo.end, 0x30);
  const algOid = algorithm && tlv(text, algorithm.start, algorithm.end, 0x06);
  const digest = algorithm && digestInfo && tlv(text, algorithm.end, digestInfo.end, 0x04);
  const salt = digestInfo && macData && tlv(text, digestInfo.end, macData.end, 0x04);
  if (!content || !macData || !algOid || !digest || !salt) return -1;
  const hash = HASHES.find((h) => h.oid === text.slice(algOid.start, algOid.end));
  const iterTlv = tlv(text, salt.end, macData.end, 0x02);
  let iterations = 1;
  if (iterTlv !== undefined) {
    if (iterTlv.end - iterTlv.start > 4) return -1;
    iterations = 0;
    for (let i = iterTlv.start; i < iterTlv.end; i++) iterations = iterations * 256 + text.charCodeAt(i);
  }
  if (hash === undefined || iterations < 1 || iterations > MAX_ITERATIONS) return -1;
  const saltBytes = bytes(text, salt);
  const contentBytes = bytes(text, content);
  const expected = bytes(text, digest);
  if (!saltBytes || !contentBytes || !expected) return -1;
  const mac = createHmac(hash.name, macKey(hash, saltBytes, iterations))
    .update(contentBytes)
    .digest();
  return mac.equals(expected) ? pfx.end : -1;
}

export const gcpServiceAccountP12: Detector = anchoredDetector({
  id: 'gcp-service-account-p12',
  confidence: 'high',
  keywords: [DATA_OID_TLV],
  maxLength: MAX_PFX + 2,
  findAt(text, at) {
    if (!text.startsWith(DATA_OID_TLV, at)) return undefined;
    // PFX header (2-5 bytes), version (3 bytes), authSafe header (2-5 bytes), then the OID.
    for (let start = Math.max(0, at - 13); start <= at - 7; start++) {
      if (text.charCodeAt(start) !== 0x30) continue;
      const end = gcpPfxEnd(text, start, at);
      if (end > 0) return finding('gcp-service-account-p12', start, end, 'high');
    }
    return undefined;
  },
});
