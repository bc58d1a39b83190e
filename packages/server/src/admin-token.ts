import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { hashToken, newAdminToken } from './auth/tokens.js';
import { ConfigError } from './config-parse.js';

/** The file in the data dir that holds the admin token's SHA-256 (hex), never the token. */
export const ADMIN_TOKEN_HASH_FILE = 'admin-token.sha256';

/**
 * The SHA-256 of the admin token. A configured token wins and nothing is
 * written. Otherwise the hash stored at first start is used; when there is
 * none, a token is generated, its hash written (mode 0600, exclusive create,
 * so two first starts cannot both win), and the token handed to `announce`
 * exactly once: it cannot be recovered later.
 */
export function resolveAdminTokenHash(
  dataDir: string,
  configured: string | undefined,
  announce: (token: string, hashFile: string) => void,
): Buffer {
  if (configured !== undefined) return hashToken(configured);
  const path = join(dataDir, ADMIN_TOKEN_HASH_FILE);
  const token = newAdminToken();
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readHash(path);
    throw err;
  }
  try {
    const digest = hashToken(token);
    writeSync(fd, `${digest.toString('hex')}\n`);
    fsyncSync(fd);
    announce(token, path);
    return digest;
  } finally {
    closeSync(fd);
  }
}

function readHash(path: string): Buffer {
  const text = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(text)) {
    throw new ConfigError(
      'invalid_config',
      `${path}: not an admin token hash (delete it to generate a new token)`,
    );
  }
  return Buffer.from(text, 'hex');
}
