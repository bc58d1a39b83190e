import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CliError, usage } from './errors.js';

/** Largest input the CLI reads from a file or stdin; a warrant stack is at most 256 KiB of bytes. */
export const MAX_INPUT_BYTES = 1024 * 1024;

/** Where a command writes and reads; the process streams by default, replaceable in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** All of stdin (at most `MAX_INPUT_BYTES`). */
  readStdin(): Promise<Buffer>;
  /** Whether stdin is a terminal (then nothing is piped in). */
  readonly stdinIsTTY: boolean;
}

/** The real process streams. */
export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += b.length;
      if (size > MAX_INPUT_BYTES) throw usage('input_too_large', 'stdin exceeds 1 MiB');
      chunks.push(b);
    }
    return Buffer.concat(chunks);
  },
  get stdinIsTTY() {
    return process.stdin.isTTY === true;
  },
};

/**
 * Reads `-` (stdin) or a file. Stdin can be read once per invocation, so
 * two inputs both given as `-` are refused rather than one silently empty.
 */
export class InputReader {
  #stdinUsed = false;

  constructor(private readonly io: CliIo) {}

  /** The bytes of `source`; `what` names the flag in error messages. Callers zero key buffers. */
  async readBytes(source: string, what: string): Promise<Buffer> {
    if (source === '-') {
      if (this.#stdinUsed) throw usage('stdin_reused', `${what}: stdin was already read by another input`);
      if (this.io.stdinIsTTY) throw usage('stdin_is_tty', `${what}: nothing piped on stdin`);
      this.#stdinUsed = true;
      return this.io.readStdin();
    }
    let size: number;
    try {
      const st = statSync(source);
      if (!st.isFile()) throw usage('file_unreadable', `${what}: ${source} is not a regular file`);
      size = st.size;
    } catch (err) {
      if (err instanceof CliError) throw err;
      throw usage(
        'file_unreadable',
        `${what}: cannot read ${source} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    if (size > MAX_INPUT_BYTES) throw usage('input_too_large', `${what}: ${source} exceeds 1 MiB`);
    try {
      return await readFile(source);
    } catch (err) {
      throw usage(
        'file_unreadable',
        `${what}: cannot read ${source} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }

  /** The UTF-8 text of `source` (`-` or a file). */
  async readText(source: string, what: string): Promise<string> {
    return (await this.readBytes(source, what)).toString('utf8');
  }
}

/** Whether `path` names an existing regular file (false on any error). */
export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Writes `data` to `path` with `mode`, refusing to replace an existing file
 * unless `force`. A forced write goes to a fresh temporary file that is then
 * renamed over the target, so a key never passes through a file with the old
 * (possibly wider) permissions and a crash leaves either the old or the new.
 */
export function writeFileSafely(
  path: string,
  data: string | Uint8Array,
  options: { mode: number; force: boolean },
): void {
  if (!options.force && existsSync(path))
    throw usage('file_exists', `${path} already exists (use --force to overwrite)`);
  const target = options.force
    ? join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
    : path;
  let fd: number;
  try {
    fd = openSync(target, 'wx', options.mode);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw usage('file_exists', `${path} already exists (use --force to overwrite)`);
    throw usage('file_unwritable', `cannot write ${path} (${code ?? 'error'})`);
  }
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    writeSync(fd, bytes);
    // Our own copy of a key's text can be wiped; the caller's string cannot.
    if (typeof data === 'string') bytes.fill(0);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(target);
    throw usage(
      'file_unwritable',
      `cannot write ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  closeSync(fd);
  if (target !== path) {
    try {
      renameSync(target, path);
    } catch (err) {
      unlinkSync(target);
      throw usage(
        'file_unwritable',
        `cannot write ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
}
