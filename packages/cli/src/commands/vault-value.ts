/**
 * Where a secret value comes from: stdin, a file, a hidden prompt, or (with a
 * warning) the command line. Values travel as Buffers the caller zeroes.
 */
import { usage } from '../errors.js';
import { type CliIo, type InputReader, processIo } from '../io.js';
import type { Output } from '../output.js';

export interface ValueSources {
  /** A value given on the command line (positional or `KEY=value`). */
  argv?: string | undefined;
  /** `--file F`: the exact bytes of the file. */
  file?: string | undefined;
  /** Read stdin even when the caller would not by default (`patch --stdin`). */
  stdin?: boolean | undefined;
}

/** The warning every value given on the command line gets. */
export const ARGV_WARNING =
  'a value on the command line is visible to other processes (ps, shell history); pipe it on stdin or use --file';

/**
 * The value from exactly one source. Stdin drops one trailing newline (the
 * one `echo` adds); a file is taken byte for byte. With no source, a piped
 * stdin is read, else a terminal is prompted without echo.
 */
export async function readValue(
  src: ValueSources,
  ctx: { reader: InputReader; io: CliIo; out: Output },
  what: string,
): Promise<Buffer> {
  const given = [src.argv !== undefined, src.file !== undefined, src.stdin === true].filter(Boolean).length;
  if (given > 1)
    throw usage('usage_error', 'give the value one way: as an argument, with --file, or on stdin');
  let value: Buffer;
  if (src.argv !== undefined) {
    ctx.out.warn(ARGV_WARNING);
    value = Buffer.from(src.argv, 'utf8');
  } else if (src.file !== undefined) {
    value = await ctx.reader.readBytes(src.file, '--file');
  } else if (src.stdin === true || !ctx.io.stdinIsTTY) {
    value = stripNewline(await ctx.reader.readBytes('-', 'value'));
  } else {
    value = await promptHidden(`${what}: `, ctx.io);
  }
  if (value.length === 0) throw usage('empty_value', 'the value is empty');
  return value;
}

/** Without one trailing `\n` or `\r\n`. */
function stripNewline(b: Buffer): Buffer {
  let end = b.length;
  if (end > 0 && b[end - 1] === 0x0a) end--;
  if (end > 0 && b[end - 1] === 0x0d && end < b.length) end--;
  if (end === b.length) return b;
  const out = Buffer.from(b.subarray(0, end));
  b.fill(0);
  return out;
}

/**
 * Reads one line from the terminal without echoing it. Only on the real
 * process streams: in-process callers (tests) must pipe the value instead.
 */
export async function promptHidden(question: string, io: CliIo): Promise<Buffer> {
  const stdin = process.stdin;
  if (io !== processIo || !stdin.isTTY || typeof stdin.setRawMode !== 'function')
    throw usage('no_value', 'no value: pipe it on stdin, use --file, or run in a terminal to be prompted');
  process.stderr.write(question);
  const bytes: number[] = [];
  stdin.setRawMode(true);
  stdin.resume();
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        for (const byte of chunk) {
          if (byte === 0x03) return finish(() => reject(usage('cancelled', 'cancelled')));
          if (byte === 0x0d || byte === 0x0a || (byte === 0x04 && bytes.length === 0))
            return finish(() => resolve(Buffer.from(bytes)));
          if (byte === 0x7f || byte === 0x08) {
            // Drop one UTF-8 character: its continuation bytes, then its lead byte.
            while (bytes.length > 0 && ((bytes[bytes.length - 1] as number) & 0xc0) === 0x80) bytes.pop();
            bytes.pop();
          } else if (byte >= 0x20 || byte === 0x09) bytes.push(byte);
        }
      };
      const finish = (settle: () => void) => {
        stdin.off('data', onData);
        settle();
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    bytes.fill(0);
    process.stderr.write('\n');
  }
}
