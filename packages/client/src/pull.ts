/** Reading many secrets at once, with bounded concurrency and every failure accounted for. */
import { VaultError } from './errors.js';
import type { PullFailure, PullResult } from './types.js';

const DEFAULT_CONCURRENCY = 8;

/**
 * Reads `keys` with `read`, at most `concurrency` at a time. Never throws:
 * a value already read has spent a read, so it must reach the caller even
 * when other keys fail (or the signal aborts the rest).
 */
export async function pullSecrets(
  keys: readonly string[],
  read: (key: string) => Promise<string | undefined>,
  options: { concurrency?: number; signal?: AbortSignal },
): Promise<PullResult> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1)
    throw new RangeError('concurrency must be a positive integer');
  const unique = [...new Set(keys)];
  const values: Record<string, string> = {};
  const failed: PullFailure[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < unique.length) {
      const key = unique[next++] as string;
      if (options.signal?.aborted) {
        failed.push({ key, code: 'aborted', status: 0 });
        continue;
      }
      try {
        const v = await read(key);
        if (v === undefined) failed.push({ key, code: 'not_found', status: 404 });
        else values[key] = v;
      } catch (err) {
        if (err instanceof VaultError) failed.push({ key, code: err.code, status: err.status });
        else failed.push({ key, code: 'invalid_argument', status: 0 });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, unique.length) }, worker));
  failed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { values, failed };
}
