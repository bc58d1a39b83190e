/**
 * `warden redact`, in-process: stdin or a file to stdout, the output equal to
 * the library's whole-text redaction however the input arrives, and values
 * from the environment never printed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CliIo, runCli } from '@warden/cli';
import { createRedactor } from '@warden/secrets';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectNotPrinted, type Run, runWarden, useTempDir } from './support/cli.js';

const dir = useTempDir('redact');
const VALUE = 'pa55-Wörd_only-in-env-7f3a9c';
const AWS_LINE = 'aws_access_key_id = AKIAQ3EGRPNUVW7XKZ4B\n';

afterEach(() => {
  vi.unstubAllEnvs();
});

/** Runs `warden redact ...args` with stdin arriving in the given pieces, one write each. */
async function runStreamed(
  args: readonly string[],
  pieces: readonly (string | Uint8Array)[],
): Promise<Run & { outputBeforeLastPiece: boolean }> {
  let stdout = '';
  let outputBeforeLastPiece = false;
  let stderr = '';
  const io: CliIo & { stdinStream(): AsyncIterable<string | Uint8Array> } = {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    readStdin: () => Promise.reject(new Error('read whole: the stream was not used')),
    stdinIsTTY: false,
    async *stdinStream() {
      for (const [i, p] of pieces.entries()) {
        await new Promise((resolve) => setImmediate(resolve));
        if (i === pieces.length - 1) outputBeforeLastPiece = stdout.length > 0;
        yield p;
      }
    },
  };
  const code = await runCli(['node', 'warden', 'redact', ...args], io);
  return { code, stdout, stderr, outputBeforeLastPiece };
}

describe('warden redact', () => {
  it('filters stdin to stdout with the default detectors', async () => {
    const text = `start\n${AWS_LINE}end\n`;
    const run = await runWarden(['redact'], text);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(createRedactor().redact(text));
    expect(run.stdout).not.toContain('AKIAQ3EGRPNUVW7XKZ4B');
    expect(run.stdout.startsWith('start\n')).toBe(true);
  });

  it('reads a file, and - for stdin', async () => {
    const file = join(dir, 'app.log');
    writeFileSync(file, `one\n${AWS_LINE}two\n`);
    const run = await runWarden(['redact', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(createRedactor().redact(`one\n${AWS_LINE}two\n`));
    expect((await runWarden(['redact', '-'], AWS_LINE)).stdout).toBe(createRedactor().redact(AWS_LINE));
  });

  it('masks --value-from-env values and their encodings, never printing them', async () => {
    vi.stubEnv('APP_SECRET', VALUE);
    const b64 = Buffer.from(VALUE).toString('base64');
    const text = `raw ${VALUE} b64 ${b64} url ${encodeURIComponent(VALUE)}\n`;
    const run = await runWarden(['redact', '--value-from-env', 'APP_SECRET'], text);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(createRedactor({ values: [VALUE] }).redact(text));
    expectNotPrinted(run, [VALUE, b64, encodeURIComponent(VALUE)]);
  });

  it('masks a value split across stdin writes, and emits before the input ends', async () => {
    vi.stubEnv('APP_SECRET', VALUE);
    const text = `${'log line\n'.repeat(2000)}token=${VALUE}\n${'tail\n'.repeat(2000)}`;
    const at = text.indexOf(VALUE) + 5;
    const pieces = [text.slice(0, at - 3), text.slice(at - 3, at), Buffer.from(text.slice(at))];
    const run = await runStreamed(['--value-from-env', 'APP_SECRET'], pieces);
    expect(run.code).toBe(0);
    expect(run.outputBeforeLastPiece).toBe(true);
    expect(run.stdout).toBe(createRedactor({ values: [VALUE] }).redact(text));
    expectNotPrinted(run, [VALUE, VALUE.slice(0, 5)]);
  });

  it('splits multi-byte characters across writes without damage', async () => {
    vi.stubEnv('APP_SECRET', VALUE);
    const bytes = Buffer.from(`ünïcødé ${VALUE} 😀\n`);
    const pieces = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    const run = await runStreamed(['--value-from-env', 'APP_SECRET'], pieces);
    expect(run.stdout).toBe('ünïcødé [REDACTED] 😀\n');
  });

  it('streams a file larger than any whole-input limit, a value across the read boundary', async () => {
    vi.stubEnv('APP_SECRET', VALUE);
    const filler = 'INFO request served in 12ms path=/v1/items\n';
    const head = filler.repeat(Math.ceil(65536 / filler.length)).slice(0, 65536 - 10);
    const text = `${head}${VALUE}\n${filler.repeat(60_000)}${AWS_LINE}`;
    expect(text.length).toBeGreaterThan(2 * 1024 * 1024);
    const file = join(dir, 'big.log');
    writeFileSync(file, text);
    const run = await runWarden(['redact', '--value-from-env', 'APP_SECRET', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(createRedactor({ values: [VALUE] }).redact(text));
    expect(run.stdout).not.toContain(VALUE.slice(0, 10));
  });

  it('uses --replacement and --entropy as the library does', async () => {
    const text = `API_SECRET="Zx8kQ2vN7pL4mR9tW3yB6cF1hJ5gD0sA"\n${AWS_LINE}`;
    const run = await runWarden(['redact', '--replacement', '***', '--entropy'], text);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(createRedactor({ replacement: '***', entropy: true }).redact(text));
    expect(run.stdout).toContain('***');
  });

  it('prints help with examples', async () => {
    const run = await runWarden(['redact', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Examples:');
    expect(run.stdout).toContain('--value-from-env');
  });
});

describe('warden redact: usage errors exit 1', () => {
  it('refuses a missing file or a directory', async () => {
    const missing = await runWarden(['redact', join(dir, 'nope.log')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('[file_unreadable]');
    expect(missing.stdout).toBe('');
    const sub = join(dir, 'a-dir');
    mkdirSync(sub, { recursive: true });
    const directory = await runWarden(['redact', sub]);
    expect(directory.code).toBe(1);
    expect(directory.stderr).toContain('[file_unreadable]');
  });

  it('refuses an unset, empty or malformed --value-from-env, naming the variable only', async () => {
    vi.stubEnv('EMPTY_ONE', '');
    vi.stubEnv('WARDEN_TEST_UNSET', undefined);
    const unset = await runWarden(['redact', '--value-from-env', 'WARDEN_TEST_UNSET'], 'x');
    expect(unset.code).toBe(1);
    expect(unset.stderr).toContain('[env_missing]');
    expect(unset.stderr).toContain('WARDEN_TEST_UNSET');
    expect(unset.stdout).toBe('');
    const empty = await runWarden(['redact', '--value-from-env', 'EMPTY_ONE'], 'x');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('[env_empty]');
    const bad = await runWarden(['redact', '--value-from-env', 'NOT-A-NAME'], 'x');
    expect(bad.code).toBe(1);
  });

  it('refuses a terminal stdin with no file, and an unknown flag', async () => {
    const tty = await runWarden(['redact']);
    expect(tty.code).toBe(1);
    expect(tty.stderr).toContain('[stdin_is_tty]');
    expect((await runWarden(['redact', '--nope'], 'x')).code).toBe(1);
  });

  it('reports a source that fails mid-stream, without flushing what it held back', async () => {
    vi.stubEnv('APP_SECRET', VALUE);
    let stdout = '';
    let stderr = '';
    const io: CliIo & { stdinStream(): AsyncIterable<string> } = {
      stdout: (s) => {
        stdout += s;
      },
      stderr: (s) => {
        stderr += s;
      },
      readStdin: async () => Buffer.alloc(0),
      stdinIsTTY: false,
      async *stdinStream() {
        yield `${'ok '.repeat(10_000)}${VALUE.slice(0, 12)}`;
        throw Object.assign(new Error('read failed'), { code: 'EIO', syscall: 'read' });
      },
    };
    const code = await runCli(['node', 'warden', 'redact', '--value-from-env', 'APP_SECRET'], io);
    expect(code).toBe(1);
    expect(stderr).toContain('[file_unreadable]');
    expect(stdout.startsWith('ok ')).toBe(true);
    expect(stdout).not.toContain(VALUE.slice(0, 12));
  });
});
