/**
 * The master key file: `<dataDir>/master.key`, generated at first start with
 * mode 0600, or a file named by `WARDEN_MASTER_KEY_FILE`. It holds 64 hex
 * characters and a newline (or 32 raw bytes).
 *
 * Policy on permissions (POSIX): a key file that group or others may read or
 * write is refused with `insecure_master_key_file`, as ssh refuses such a
 * private key. Warning and carrying on would leave the key exposed on every
 * start; the fix is one `chmod 600`, which the message names.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SealError } from './errors.js';
import { MASTER_KEY_LENGTH, MasterKey, masterKeyBytes } from './master-key.js';

/** File name of the generated key file inside the data dir. */
export const MASTER_KEY_FILE_NAME = 'master.key';

/** Larger than any valid key file: 64 hex characters plus a CRLF and some spaces. */
const MAX_FILE_SIZE = 256;

/**
 * Reads a master key file. Refuses a file group/world can access (POSIX) or
 * one that is not a regular file; parses 32 raw bytes, or hex/base64 text.
 */
export async function readMasterKeyFile(path: string): Promise<MasterKey> {
  const handle = await open(path, constants.O_RDONLY);
  let content: Buffer | undefined;
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      throw new SealError('insecure_master_key_file', `master key file ${path} is not a regular file`);
    }
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      throw new SealError(
        'insecure_master_key_file',
        `master key file ${path} is accessible by group or others; run: chmod 600 ${path}`,
      );
    }
    if (stat.size > MAX_FILE_SIZE) {
      throw new SealError('invalid_master_key', `master key file ${path} is too large to hold a key`);
    }
    content = await handle.readFile();
    if (content.length === MASTER_KEY_LENGTH) return MasterKey.fromBytes(content, `master key file ${path}`);
    return MasterKey.parse(content.toString('latin1'), `master key file ${path}`);
  } finally {
    content?.fill(0);
    await handle.close();
  }
}

/** Hex digits of the key written into a Buffer (no JS string holds the key), plus a newline. */
function hexLine(key: MasterKey): Buffer {
  const digits = '0123456789abcdef';
  const bytes = masterKeyBytes(key);
  const out = Buffer.alloc(bytes.length * 2 + 1);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    out[2 * i] = digits.charCodeAt(b >> 4);
    out[2 * i + 1] = digits.charCodeAt(b & 0x0f);
  }
  out[out.length - 1] = 0x0a;
  return out;
}

const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS']);

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
}

async function writeNew(path: string, content: Buffer): Promise<void> {
  // O_EXCL: fails if the file exists; 0600 before any byte is written (umask can only narrow it).
  const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not every platform can fsync a directory (Windows); the key file itself is synced.
  }
}

/**
 * Puts `content` at `path` unless a file is already there; true when this
 * call created it. Writes and syncs a private temporary file, then hard-links
 * it into place (atomic, and fails if `path` exists). Where the file system
 * has no hard links, falls back to an O_EXCL create of `path` itself.
 */
async function publish(path: string, content: Buffer): Promise<boolean> {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeNew(tmp, content);
  try {
    await link(tmp, path);
    return true;
  } catch (err) {
    const code = errorCode(err);
    if (code === 'EEXIST') return false;
    if (code === undefined || !NO_HARD_LINKS.has(code)) throw err;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  try {
    await writeNew(path, content);
    return true;
  } catch (err) {
    if (errorCode(err) === 'EEXIST') return false;
    throw err;
  }
}

/**
 * Reads the key file at `path`, or creates it with a fresh key when absent.
 * Creation is atomic (see `publish`): when processes start at once, one
 * creates the file and the others read its key, so they agree; a crash never
 * leaves a half-written key file. The directory is created with mode 0700
 * when missing.
 */
export async function readOrCreateMasterKeyFile(path: string): Promise<{ key: MasterKey; created: boolean }> {
  try {
    return { key: await readMasterKeyFile(path), created: false };
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw err;
  }
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const key = MasterKey.generate();
  const content = hexLine(key);
  let created = false;
  try {
    created = await publish(path, content);
  } finally {
    content.fill(0);
    if (!created) key.dispose();
  }
  if (!created) return { key: await readMasterKeyFile(path), created: false };
  await syncDir(dir);
  return { key, created: true };
}
