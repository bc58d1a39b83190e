import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { isWardenError } from '@warden/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  loadMasterKey,
  MASTER_KEY_FILE_NAME,
  MasterKey,
  openEncryption,
  readMasterKeyFile,
  readOrCreateMasterKeyFile,
} from '../src/seal/index.js';
import { MemoryKeyringStore, recordId } from './seal-memory-store.js';

const posix = process.platform !== 'win32';
const raw = randomBytes(32);

let dir: string;

/** Gives each test of the calling `describe` a fresh, empty `dir`, removed after it. */
function useTempDir(): void {
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warden-seal-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
}

function expectCode(fn: () => unknown, code: string, secret?: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(isWardenError(caught, code)).toBe(true);
  if (secret !== undefined && secret.trim() !== '') {
    const err = caught as Error;
    expect(err.message).not.toContain(secret.trim());
    expect(JSON.stringify(err)).not.toContain(secret.trim());
  }
}

describe('MasterKey.parse', () => {
  const fromRaw = MasterKey.fromBytes(raw);

  it('accepts 64 hex characters (either case), base64 and base64url, padded or not, with surrounding whitespace', () => {
    const forms = [
      raw.toString('hex'),
      raw.toString('hex').toUpperCase(),
      raw.toString('base64'),
      raw.toString('base64').replace(/=$/, ''),
      raw.toString('base64url'),
      `${raw.toString('base64url')}=`,
      `  ${raw.toString('hex')}\n`,
      `${raw.toString('base64')}\r\n`,
    ];
    for (const form of forms) expect(MasterKey.parse(form, 'WARDEN_MASTER_KEY').equals(fromRaw)).toBe(true);
  });

  it('refuses wrong lengths, garbage and non-canonical encodings with invalid_master_key, never echoing the value', () => {
    const secretish = randomBytes(31).toString('hex');
    const bad = [
      '',
      '   ',
      secretish, // 31 bytes of hex
      randomBytes(33).toString('hex'),
      randomBytes(16).toString('base64'),
      randomBytes(48).toString('base64'),
      `${raw.toString('hex').slice(0, 63)}g`,
      `${raw.toString('base64').slice(0, 42)}*=`,
      `${raw.toString('base64').slice(0, 20)}-${raw.toString('base64').slice(21, 42)}+`, // mixed alphabets
      `${raw.toString('base64')}==`,
      'correct horse battery staple, correct horse battery',
      `${raw.toString('hex')} ${raw.toString('hex')}`,
      '0'.repeat(64), // all zeros
    ];
    for (const text of bad)
      expectCode(() => MasterKey.parse(text, 'WARDEN_MASTER_KEY'), 'invalid_master_key', text);
    // Base64 whose unused trailing bits are not zero decodes to the same bytes as the canonical text: refused.
    const b64 = raw.toString('base64url');
    const last = b64.at(-1) ?? 'A';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const tweaked = `${b64.slice(0, -1)}${alphabet[alphabet.indexOf(last) ^ 1]}`;
    expectCode(() => MasterKey.parse(tweaked), 'invalid_master_key', tweaked);
  });

  it('names the variable in the message', () => {
    expect(() => MasterKey.parse('nope', 'SIRR_MASTER_KEY')).toThrow(/SIRR_MASTER_KEY/);
  });

  it('never prints its bytes', () => {
    const key = MasterKey.fromBytes(raw);
    const hex = raw.toString('hex');
    expect(inspect(key)).not.toContain(hex);
    expect(JSON.stringify({ key })).toBe('{"key":"[MasterKey]"}');
    expect(String(key)).toBe('[MasterKey]');
  });

  it('copies its input and can be disposed', () => {
    const bytes = Buffer.from(raw);
    const key = MasterKey.fromBytes(bytes);
    bytes.fill(0);
    expect(key.equals(MasterKey.fromBytes(raw))).toBe(true);
    key.dispose();
    expect(key.disposed).toBe(true);
    expect(() => key.clone()).toThrow(TypeError);
  });
});

describe('master key file', () => {
  useTempDir();

  it('is created at first start with mode 0600 as hex, then reused', async () => {
    const path = join(dir, 'data', MASTER_KEY_FILE_NAME);
    const first = await readOrCreateMasterKeyFile(path);
    expect(first.created).toBe(true);
    if (posix) {
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect((await stat(join(dir, 'data'))).mode & 0o777).toBe(0o700);
    }
    expect((await readFile(path, 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
    const second = await readOrCreateMasterKeyFile(path);
    expect(second.created).toBe(false);
    expect(second.key.equals(first.key)).toBe(true);
    // No temporary file is left behind.
    expect(await readdir(join(dir, 'data'))).toEqual([MASTER_KEY_FILE_NAME]);
  });

  it('agrees on one key when many processes start at once', async () => {
    const path = join(dir, MASTER_KEY_FILE_NAME);
    const results = await Promise.all(Array.from({ length: 16 }, () => readOrCreateMasterKeyFile(path)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    for (const r of results) expect(r.key.equals(results[0]?.key as MasterKey)).toBe(true);
    expect(await readdir(dir)).toEqual([MASTER_KEY_FILE_NAME]);
  });

  it.runIf(posix)('is refused when group or others can access it', async () => {
    const path = join(dir, MASTER_KEY_FILE_NAME);
    await readOrCreateMasterKeyFile(path);
    for (const mode of [0o640, 0o604, 0o660, 0o606]) {
      await chmod(path, mode);
      await expect(readMasterKeyFile(path)).rejects.toSatisfy(
        (err) =>
          isWardenError(err, 'insecure_master_key_file') && (err as Error).message.includes('chmod 600'),
      );
    }
    await chmod(path, 0o400);
    await expect(readMasterKeyFile(path)).resolves.toBeInstanceOf(MasterKey);
  });

  it('accepts 32 raw bytes, refuses garbage without echoing it', async () => {
    const path = join(dir, 'raw.key');
    await writeFile(path, raw, { mode: 0o600 });
    expect((await readMasterKeyFile(path)).equals(MasterKey.fromBytes(raw))).toBe(true);
    const garbage = 'this-is-not-a-key-but-looks-secret';
    await writeFile(path, garbage, { mode: 0o600 });
    await expect(readMasterKeyFile(path)).rejects.toSatisfy(
      (err) => isWardenError(err, 'invalid_master_key') && !(err as Error).message.includes(garbage),
    );
  });

  it.runIf(posix)('is refused when it is not a regular file', async () => {
    await expect(readMasterKeyFile(dir)).rejects.toSatisfy((err) =>
      isWardenError(err, 'insecure_master_key_file'),
    );
  });
});

describe('loadMasterKey', () => {
  useTempDir();

  it('takes WARDEN_MASTER_KEY first, then the Sirr alias, and creates no file', async () => {
    const other = randomBytes(32);
    const a = await loadMasterKey({
      dataDir: dir,
      env: { WARDEN_MASTER_KEY: raw.toString('hex'), SIRR_MASTER_KEY: other.toString('hex') },
    });
    expect(a).toMatchObject({ source: 'env', origin: 'WARDEN_MASTER_KEY' });
    expect(a.key.equals(MasterKey.fromBytes(raw))).toBe(true);
    const b = await loadMasterKey({ dataDir: dir, env: { SIRR_MASTER_KEY: other.toString('base64') } });
    expect(b).toMatchObject({ source: 'env', origin: 'SIRR_MASTER_KEY' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('fails at startup on a bad or empty variable, naming it but not its value', async () => {
    const value = randomBytes(20).toString('hex');
    await expect(loadMasterKey({ dataDir: dir, env: { WARDEN_MASTER_KEY: value } })).rejects.toSatisfy(
      (err) =>
        isWardenError(err, 'invalid_master_key') &&
        (err as Error).message.includes('WARDEN_MASTER_KEY') &&
        !(err as Error).message.includes(value),
    );
    await expect(loadMasterKey({ dataDir: dir, env: { WARDEN_MASTER_KEY: '' } })).rejects.toSatisfy((err) =>
      isWardenError(err, 'invalid_master_key'),
    );
  });

  it('reads WARDEN_MASTER_KEY_FILE, else generates <dataDir>/master.key', async () => {
    const path = join(dir, 'elsewhere.key');
    await writeFile(path, `${raw.toString('base64')}\n`, { mode: 0o600 });
    const named = await loadMasterKey({ dataDir: dir, env: { WARDEN_MASTER_KEY_FILE: path } });
    expect(named).toMatchObject({ source: 'file', origin: path });
    await expect(
      loadMasterKey({ dataDir: dir, env: { WARDEN_MASTER_KEY_FILE: join(dir, 'absent.key') } }),
    ).rejects.toSatisfy((err) => isWardenError(err, 'master_key_missing'));
    const generated = await loadMasterKey({ dataDir: dir, env: {} });
    expect(generated).toMatchObject({ source: 'generated', origin: join(dir, MASTER_KEY_FILE_NAME) });
    const again = await loadMasterKey({ dataDir: dir, env: {} });
    expect(again.source).toBe('file');
    expect(again.key.equals(generated.key)).toBe(true);
  });

  it('does not generate a key when told a keyring exists: master_key_missing', async () => {
    await expect(loadMasterKey({ dataDir: dir, env: {}, generate: false })).rejects.toSatisfy((err) =>
      isWardenError(err, 'master_key_missing'),
    );
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('openEncryption (server start)', () => {
  useTempDir();

  it('generates the key file and keyring at first start, reuses both after, and refuses a lost key file', async () => {
    const store = new MemoryKeyringStore();
    const first = await openEncryption({ store, dataDir: dir, env: {} });
    expect(first.masterKeySource).toBe('generated');
    const context = { kind: 'secret' as const, orgId: null, key: 'K', recordId: recordId() };
    const sealed = first.sealer.seal(new TextEncoder().encode('v'), context);
    first.sealer.dispose();

    const second = await openEncryption({ store, dataDir: dir, env: {} });
    expect(second.masterKeySource).toBe('file');
    expect(Buffer.from(await second.sealer.open(sealed, context)).toString()).toBe('v');

    await rm(join(dir, MASTER_KEY_FILE_NAME));
    await expect(openEncryption({ store, dataDir: dir, env: {} })).rejects.toSatisfy((err) =>
      isWardenError(err, 'master_key_missing'),
    );
    await expect(
      openEncryption({ store, dataDir: dir, env: { WARDEN_MASTER_KEY: randomBytes(32).toString('hex') } }),
    ).rejects.toSatisfy((err) => isWardenError(err, 'master_key_mismatch'));
  });
});
