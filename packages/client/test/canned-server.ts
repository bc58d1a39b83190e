/**
 * A real node:http server on loopback that answers with canned, Sirr-shaped
 * responses. It stands in for the vault ONLY to exercise the client's status
 * mapping edge cases (503 then 200, 410, redirects, dropped sockets, bodies
 * that are not JSON) that the real server cannot be made to produce on
 * demand. Behaviour against the real server is tested in vault.test.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: Seen, res: ServerResponse) => void;

export interface Canned {
  url: string;
  seen: Seen[];
  /** Answers the next requests with these handlers, in order; then `fallback`. */
  queue(...handlers: Handler[]): void;
  /** Forgets queued handlers and seen requests. */
  reset(): void;
  close(): Promise<void>;
}

/** Answers `status` with a JSON body and extra headers. */
export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

/** Answers `status` with a plain-text body (as Sirr v1's framework errors are). */
export const text =
  (status: number, body: string, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/plain', ...headers });
    res.end(body);
  };

/** Drops the connection without answering: a network error for the client. */
export const drop: Handler = (_req, res) => {
  res.socket?.destroy();
};

/** Never answers (until the server closes). */
export const hang: Handler = () => {};

export async function startCanned(
  fallback: Handler = json(500, { error: 'no canned answer' }),
): Promise<Canned> {
  const seen: Seen[] = [];
  const pending: Handler[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(s);
      (pending.shift() ?? fallback)(s, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    queue: (...h) => {
      pending.push(...h);
    },
    reset: () => {
      pending.length = 0;
      seen.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
