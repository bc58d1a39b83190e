/**
 * `warden redact [file]`: a filter that copies stdin (or a file) to stdout
 * with every secret masked, streaming, so a log of any size passes through
 * in bounded memory and a secret split across reads is still masked.
 */
import { open } from 'node:fs/promises';
import { type Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createRedactStream } from '@warden/secrets';
import type { Command } from 'commander';
import { type CliEnv, type CommandContext, defineAction } from '../context.js';
import { CliError, usage } from '../errors.js';
import { type CliIo, processIo } from '../io.js';
import { collect } from '../parse-options.js';

interface RedactOptions {
  valueFromEnv?: string[];
  entropy?: boolean;
  replacement?: string;
}

/**
 * A `CliIo` that can also hand out stdin as a stream. The process's stdin is
 * always streamed; another `CliIo` without this is read whole through `readStdin`.
 */
export interface StreamingStdinIo extends CliIo {
  stdinStream(): AsyncIterable<Uint8Array | string>;
}

const EXAMPLES = `
Examples:
  $ my-agent 2>&1 | warden redact                       # mask known key shapes in a live log
  $ warden redact build.log > build.redacted.log
  $ warden redact --value-from-env OPENAI_API_KEY --value-from-env DB_PASSWORD < transcript.txt
  $ warden redact --entropy --replacement '***' app.log

Masks the default detectors' key shapes (cloud, SaaS and AI provider keys,
private keys, JWTs, URLs with passwords, Bearer headers, *_API_KEY= lines),
plus, with --value-from-env, the exact value of each named variable in its
common encodings (base64, base64url, URL-encoded, JSON-escaped). Values are
never printed. Output follows the input with a lag of some kilobytes (text
that could still turn out to be part of a secret) and catches up at the end.

Exit codes: 0 success; 1 usage error, unset variable, unreadable input.`;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The values of the named environment variables; errors name the variable, never a value. */
function valuesFromEnv(names: readonly string[]): string[] {
  return names.map((name) => {
    if (!ENV_NAME.test(name))
      throw usage('invalid_argument', `--value-from-env: ${name} is not a variable name`);
    const value = process.env[name];
    if (value === undefined) throw usage('env_missing', `--value-from-env: ${name} is not set`);
    // An empty value would match between every two characters.
    if (value === '') throw usage('env_empty', `--value-from-env: ${name} is empty`);
    return value;
  });
}

/** The file as a stream, opened first so a missing or unreadable file is a usage error before any output. */
async function openFile(path: string): Promise<Readable> {
  let handle: Awaited<ReturnType<typeof open>>;
  let isDirectory: boolean;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw unreadable(path, err);
  }
  try {
    isDirectory = (await handle.stat()).isDirectory();
  } catch (err) {
    await handle.close();
    throw unreadable(path, err);
  }
  if (isDirectory) {
    await handle.close();
    throw usage('file_unreadable', `cannot read ${path} (EISDIR)`);
  }
  return handle.createReadStream();
}

function unreadable(what: string, err: unknown): CliError {
  return usage('file_unreadable', `cannot read ${what} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
}

function stdinSource(io: CliIo): AsyncIterable<Uint8Array | string> {
  if (io.stdinIsTTY) throw usage('stdin_is_tty', 'nothing piped on stdin (give a FILE or pipe text in)');
  if ('stdinStream' in io && typeof io.stdinStream === 'function')
    return (io as StreamingStdinIo).stdinStream();
  if (io === processIo) return process.stdin;
  return (async function* () {
    yield await io.readStdin();
  })();
}

/** stdout as a Writable; the process's stdout is written with back-pressure. */
function stdoutSink(io: CliIo): Writable {
  return new Writable({
    decodeStrings: false,
    write(chunk: string, _encoding, callback) {
      if (io !== processIo) {
        io.stdout(chunk);
        callback();
      } else process.stdout.write(chunk, (err) => callback(err ?? null));
    },
  });
}

async function redact({ opts, args, io }: CommandContext<RedactOptions>): Promise<void> {
  const file = args[0] as string | undefined;
  const values = valuesFromEnv(opts.valueFromEnv ?? []);
  const redacting = createRedactStream({
    values,
    entropy: opts.entropy === true,
    ...(opts.replacement !== undefined && { replacement: opts.replacement }),
  });
  const fromStdin = file === undefined || file === '-';
  const source = fromStdin ? stdinSource(io) : await openFile(file);
  // An EPIPE (`warden redact big.log | head`) reaches the write callback; without a listener
  // it would also be an unhandled 'error' event on process.stdout.
  const onStdoutError = () => {};
  if (io === processIo) process.stdout.on('error', onStdoutError);
  try {
    await pipeline(source, redacting, stdoutSink(io));
  } catch (err) {
    const failure = ioFailure(err, fromStdin ? 'stdin' : file);
    if (failure !== undefined) throw failure;
  } finally {
    if (io === processIo) process.stdout.off('error', onStdoutError);
  }
}

/**
 * A system error of the pipeline as a usage error naming the side that failed
 * (its message is the errno code only); a closed stdout (`| head`) ends quietly.
 */
function ioFailure(err: unknown, input: string): unknown {
  const { code, syscall } = (err ?? {}) as NodeJS.ErrnoException;
  if (err instanceof CliError || typeof syscall !== 'string') return err;
  if (code === 'EPIPE') return undefined;
  if (syscall === 'write') return usage('stdout_unwritable', `cannot write stdout (${code ?? 'error'})`);
  return unreadable(input, err);
}

/** Registers `warden redact`. */
export function registerRedact(program: Command, env: CliEnv): void {
  program
    .command('redact')
    .description('copy stdin or FILE to stdout with every secret masked (streaming)')
    .argument('[file]', "file to read instead of stdin ('-' for stdin)")
    .option(
      '--value-from-env <name>',
      'also mask the value of this environment variable (repeatable)',
      collect,
    )
    .option('--entropy', 'also mask high-entropy values in generic assignments (noisier)')
    .option('--replacement <text>', 'what replaces each secret (default [REDACTED])')
    .addHelpText('after', EXAMPLES)
    .action(defineAction<RedactOptions>(env, redact));
}
