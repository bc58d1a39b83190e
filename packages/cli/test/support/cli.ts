/**
 * The CLI in-process for tests: `runCli` with captured streams, the check
 * that a run printed none of a set of texts, an environment whose vault is
 * a closed port (for refusals that must need no request), and temp dirs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliIo, runCli } from '@warden/cli';
import { afterAll, afterEach, beforeEach, expect, vi } from 'vitest';

/** One in-process run: the exit code and everything written to each stream. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `warden ...args` in-process with captured streams. With `stdin`, that
 * text is piped in (stdin is no terminal); without, stdin is an empty terminal.
 */
export async function runWarden(args: readonly string[], stdin?: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    readStdin: async () => Buffer.from(stdin ?? ''),
    stdinIsTTY: stdin === undefined,
  };
  const code = await runCli(['node', 'warden', ...args], io);
  return { code, stdout, stderr };
}

/** Asserts that `run` printed none of `texts` (tokens, values, shown-once secrets) on either stream. */
export function expectNotPrinted(run: Run, texts: Iterable<string>): void {
  for (const text of texts) expect(run.stdout + run.stderr).not.toContain(text);
}

/** A well-formed principal key that no vault knows. */
export const FAKE_TOKEN = 'sirr_key_0123456789abcdef0123456789abcdef';

/** A vault URL on the discard port: nothing listens, so any request fails (exit 2, network_error). */
export const CLOSED_SERVER = 'http://127.0.0.1:9';

/**
 * Before each test of the file, points the CLI at `CLOSED_SERVER` with
 * `FAKE_TOKEN`, with no Sirr alias or org from the environment; restores
 * the environment after each.
 */
export function useClosedServer(): void {
  beforeEach(() => {
    vi.stubEnv('WARDEN_SERVER', CLOSED_SERVER);
    vi.stubEnv('WARDEN_TOKEN', FAKE_TOKEN);
    vi.stubEnv('SIRR_SERVER', '');
    vi.stubEnv('SIRR_TOKEN', '');
    vi.stubEnv('WARDEN_ORG', '');
    vi.stubEnv('SIRR_ORG', '');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });
}

/** A fresh temp dir; the caller removes it. */
export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `warden-cli-${label}-`));
}

/** A fresh temp dir, removed after the file's tests. */
export function useTempDir(label: string): string {
  const dir = tempDir(label);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
