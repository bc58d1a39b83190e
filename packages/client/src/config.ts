/** Client options, and where they come from in the environment. */

/** Options of `new WardenClient(...)`. */
export interface WardenClientOptions {
  /** Base URL of the vault, e.g. `http://127.0.0.1:8080` (a path prefix is kept; `sirr://` is accepted). */
  server: string;
  /** Bearer token: the admin token or a principal key. Only `health()` works without one. */
  token?: string | undefined;
  /** Org id: secrets, audit, webhooks and prune then go to `/orgs/{org}/...`. */
  org?: string | undefined;
  /** The fetch to use (default: the global `fetch` of Node >= 20). */
  fetch?: typeof fetch | undefined;
  /** Deadline of one method call, retries included (default 30 000 ms). */
  timeoutMs?: number | undefined;
  /** Extra attempts for idempotent calls after a network error or a 503 (default 2). */
  retries?: number | undefined;
}

/** Where `warden serve` listens by default. */
export const DEFAULT_SERVER = 'http://127.0.0.1:8080';

/** The first non-empty value among `names` in `env`. */
function first(env: Record<string, string | undefined>, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = env[n];
    if (v !== undefined && v.trim() !== '') return v.trim();
  }
  return undefined;
}

/**
 * Options from the environment: `WARDEN_SERVER` (alias `SIRR_SERVER`,
 * default `http://127.0.0.1:8080`), `WARDEN_TOKEN` (alias `SIRR_TOKEN`),
 * `WARDEN_ORG` (alias `SIRR_ORG`). Defined entries of `overrides` win.
 */
export function optionsFromEnv(
  overrides: Partial<WardenClientOptions> = {},
  env: Record<string, string | undefined> = process.env,
): WardenClientOptions {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return {
    server: first(env, 'WARDEN_SERVER', 'SIRR_SERVER') ?? DEFAULT_SERVER,
    token: first(env, 'WARDEN_TOKEN', 'SIRR_TOKEN'),
    org: first(env, 'WARDEN_ORG', 'SIRR_ORG'),
    ...defined,
  };
}
