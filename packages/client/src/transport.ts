/**
 * One HTTP exchange with the vault: headers, deadline, cancellation, retries
 * of idempotent calls, and the mapping of failures to `VaultError`.
 */
import { codeForStatus, SecretSealedError, VaultError } from './errors.js';
import type { RequestOptions } from './types.js';

/** Sent as `User-Agent`. */
export const CLIENT_VERSION = '0.1.0';

export type Method = 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'DELETE';

/** One call as a client method describes it. */
export interface Call {
  method: Method;
  /** Already encoded, starting with `/`. */
  path: string;
  body?: Record<string, unknown>;
  /** Send the bearer token (default true). */
  auth?: boolean;
  /**
   * Whether a lost answer may be asked for again. Only for requests whose
   * repetition changes nothing: never for a secret's GET (each one can burn a
   * read) nor for POST/PATCH.
   */
  idempotent: boolean;
  /** Strings that must never appear in an error message (the value being sent). */
  redact?: readonly string[];
  options?: RequestOptions | undefined;
}

/** An answer, whatever its status; `data` is the parsed JSON body (undefined for HEAD and empty bodies). */
export interface Reply {
  status: number;
  headers: Headers;
  data: unknown;
}

export interface TransportConfig {
  base: string;
  token: string | undefined;
  fetch: typeof fetch;
  timeoutMs: number;
  retries: number;
}

const MAX_MESSAGE = 300;
const MAX_RETRY_AFTER_MS = 10_000;

/** Removes the token and sent values from a server message, and bounds its length. */
export function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    // Shorter strings would mangle ordinary words; a 1-2 character secret protects nothing anyway.
    if (s !== undefined && s.length >= 3) out = out.split(s).join('[redacted]');
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  out = out.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return out.length > MAX_MESSAGE ? `${out.slice(0, MAX_MESSAGE)}...` : out;
}

function retryAfterSeconds(h: Headers): number | undefined {
  const v = h.get('retry-after');
  if (v === null || !/^\s*\d+\s*$/.test(v)) return undefined;
  return Number(v);
}

/** The `VaultError` for a non-2xx reply: the server's `code` when it sent one, else one derived from the status. */
export function errorFor(reply: Reply, secrets: readonly (string | undefined)[]): VaultError {
  const body = reply.data;
  let code: string | undefined;
  let said: string | undefined;
  if (body !== null && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if (typeof b.code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(b.code)) code = b.code;
    if (typeof b.error === 'string') said = b.error;
    else if (typeof b.message === 'string') said = b.message;
  } else if (typeof body === 'string' && body.trim() !== '') said = body;
  const finalCode = code ?? codeForStatus(reply.status);
  const message = said === undefined ? `HTTP ${reply.status}` : scrub(said, secrets);
  if (reply.status === 410) return new SecretSealedError(message, { code: finalCode });
  return new VaultError(finalCode, message, {
    status: reply.status,
    retryAfter: retryAfterSeconds(reply.headers),
  });
}

function isDeadline(reason: unknown): boolean {
  return reason instanceof Error && reason.name === 'TimeoutError';
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const INVALID_JSON: unique symbol = Symbol('invalid-json');

/** Reads a body as JSON when it is JSON, as text otherwise. */
async function readBody(res: Response, head: boolean): Promise<unknown> {
  if (head) return undefined;
  const text = await res.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return res.ok ? INVALID_JSON : text;
  }
}

/**
 * Performs `call` and returns the reply, 2xx or not. Throws a `VaultError`
 * only when no usable reply came: network failure, timeout, abort, redirect,
 * or a 2xx body that is not JSON.
 */
export async function send(config: TransportConfig, call: Call): Promise<Reply> {
  const timeoutMs = call.options?.timeoutMs ?? config.timeoutMs;
  // One controller for the whole call: the deadline covers every attempt and every backoff.
  const controller = new AbortController();
  const timer = setTimeout(() => {
    const e = new Error('deadline');
    e.name = 'TimeoutError';
    controller.abort(e);
  }, timeoutMs);
  const userSignal = call.options?.signal;
  const onUserAbort = () => controller.abort(userSignal?.reason);
  if (userSignal?.aborted) onUserAbort();
  else userSignal?.addEventListener('abort', onUserAbort, { once: true });

  const headers: Record<string, string> = {
    accept: 'application/json',
    'user-agent': `warden-client/${CLIENT_VERSION}`,
  };
  if (call.auth !== false && config.token !== undefined) headers.authorization = `Bearer ${config.token}`;
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  const init: RequestInit = {
    method: call.method,
    headers,
    // A redirect could carry the token, or a secret value in a POST, to another origin: refuse to follow.
    redirect: 'manual',
    signal: controller.signal,
    ...(call.body !== undefined && { body: JSON.stringify(call.body) }),
  };
  const url = `${config.base}${call.path}`;
  const maxAttempts = call.idempotent ? 1 + config.retries : 1;
  try {
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await config.fetch(url, init);
      } catch (err) {
        if (controller.signal.aborted) throw abortError(controller.signal.reason, call, err);
        if (attempt >= maxAttempts) throw networkError(config.base, err);
        await sleep(backoff(attempt), controller.signal).catch((reason) => {
          throw abortError(reason, call, err);
        });
        continue;
      }
      if (res.status === 503 && attempt < maxAttempts) {
        await res.body?.cancel().catch(() => {});
        const after = retryAfterSeconds(res.headers);
        const wait = after === undefined ? backoff(attempt) : Math.min(after * 1000, MAX_RETRY_AFTER_MS);
        await sleep(wait, controller.signal).catch((reason) => {
          throw abortError(reason, call, undefined);
        });
        continue;
      }
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel().catch(() => {});
        throw new VaultError(
          'redirect_refused',
          `the vault answered with a redirect (${res.status}); set the server URL to the final address`,
          { status: res.status },
        );
      }
      let data: unknown;
      try {
        data = await readBody(res, call.method === 'HEAD');
      } catch (err) {
        if (controller.signal.aborted) throw abortError(controller.signal.reason, call, err);
        throw networkError(config.base, err);
      }
      if (data === INVALID_JSON && res.ok)
        throw new VaultError('invalid_response', 'the vault answered with a body that is not JSON', {
          status: res.status,
        });
      return { status: res.status, headers: res.headers, data };
    }
  } finally {
    clearTimeout(timer);
    userSignal?.removeEventListener('abort', onUserAbort);
  }
}

/** 100 ms, 200 ms, 400 ms ... (capped at 2 s), each with up to 50% jitter. */
function backoff(attempt: number): number {
  const base = Math.min(2000, 100 * 2 ** (attempt - 1));
  return base + Math.floor(Math.random() * base * 0.5);
}

function networkError(base: string, err: unknown): VaultError {
  const cause = (err as { cause?: { code?: unknown } } | undefined)?.cause;
  const detail = typeof cause?.code === 'string' ? ` (${cause.code})` : '';
  return new VaultError('network_error', `cannot reach the vault at ${base}${detail}`, { cause: err });
}

function abortError(reason: unknown, call: Call, cause: unknown): VaultError {
  // A GET of a secret that timed out may still have been served (and counted) by the server.
  const note = call.method === 'GET' && !call.idempotent ? '; the read may have been counted' : '';
  if (isDeadline(reason))
    return new VaultError('timeout', `the vault did not answer in time${note}`, { cause: cause ?? reason });
  return new VaultError('aborted', `the request was aborted${note}`, { cause: cause ?? reason });
}
