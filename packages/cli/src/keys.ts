import { statSync } from 'node:fs';
import { fromBase64, fromHex } from '@warden/core';
import { Keypair, PublicKey } from '@warden/warrant';
import { asUsage, usage } from './errors.js';
import { type CliIo, type InputReader, isFile } from './io.js';

const HEX64 = /^[0-9a-fA-F]{64}$/;

/** 32 raw bytes from 64 hex characters or standard base64 (Tenuo's CLI accepts both); else undefined. */
function raw32(text: string): Uint8Array | undefined {
  if (HEX64.test(text)) return fromHex(text);
  const b = fromBase64(text);
  return b?.length === 32 ? b : undefined;
}

/**
 * Loads a signing key from `source` (a file, or `-` for stdin): a PKCS#8
 * PEM (OpenSSL's v1 or ed25519-dalek's v2), or a raw 32-byte seed in hex or
 * base64, the forms Tenuo's CLI reads. Warns when the file is readable by
 * others, as ssh does. The caller should `zeroize()` the key when done.
 */
export async function loadKeypair(
  source: string,
  what: string,
  reader: InputReader,
  io: CliIo,
): Promise<Keypair> {
  const buf = await reader.readBytes(source, what);
  try {
    if (source !== '-') warnIfExposed(source, what, io);
    const text = buf.toString('utf8').trim();
    if (text.includes('-----BEGIN')) {
      if (!text.includes('-----BEGIN PRIVATE KEY-----')) {
        throw usage('invalid_key', `${what}: expected a PKCS#8 private key (-----BEGIN PRIVATE KEY-----)`);
      }
      return asUsage(() => Keypair.fromPem(text), 'invalid_key');
    }
    const seed = raw32(text);
    if (seed === undefined)
      throw usage('invalid_key', `${what}: not a private key (expected PKCS#8 PEM, or a hex or base64 seed)`);
    try {
      return Keypair.fromSeed(seed);
    } finally {
      seed.fill(0);
    }
  } finally {
    buf.fill(0);
  }
}

function warnIfExposed(path: string, what: string, io: CliIo): void {
  if (process.platform === 'win32') return;
  try {
    if ((statSync(path).mode & 0o077) !== 0) {
      io.stderr(`warden: warning: ${what} ${path} is accessible by other users; run chmod 600 ${path}\n`);
    }
  } catch {
    // The read already succeeded; a failed stat only costs the warning.
  }
}

/**
 * Parses a public key given as 64 hex characters, standard base64, or a
 * file holding an SPKI PEM (`warden keygen`'s `.pub`), hex or base64. A
 * private key file is refused: a public key flag never needs the secret.
 */
export async function loadPublicKey(input: string, what: string, reader: InputReader): Promise<PublicKey> {
  const direct = input.trim();
  if (HEX64.test(direct)) return asUsage(() => PublicKey.fromHex(direct), 'invalid_key');
  if (!isFile(input)) {
    const bytes = raw32(direct);
    if (bytes !== undefined) return asUsage(() => PublicKey.fromBytes(bytes), 'invalid_key');
    if (input === '-') throw usage('invalid_key', `${what}: a public key cannot be read from stdin`);
    throw usage('invalid_key', `${what}: not a public key (64 hex characters, base64) nor a readable file`);
  }
  const text = (await reader.readText(input, what)).trim();
  if (text.includes('PRIVATE KEY')) {
    throw usage(
      'invalid_key',
      `${what}: ${input} holds a private key; pass the public key (.pub) or its hex`,
    );
  }
  if (text.includes('-----BEGIN')) return asUsage(() => PublicKey.fromPem(text), 'invalid_key');
  const bytes = raw32(text);
  if (bytes === undefined) throw usage('invalid_key', `${what}: ${input} does not hold a public key`);
  return asUsage(() => PublicKey.fromBytes(bytes), 'invalid_key');
}
