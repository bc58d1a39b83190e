import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN_HASH_FILE, loadConfig, type RunningServer, startServer } from '../src/index.js';

let dir: string;
let servers: RunningServer[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'warden-start-'));
});
afterEach(async () => {
  for (const s of servers) await s.close();
  servers = [];
  rmSync(dir, { recursive: true, force: true });
});

async function start(env: Record<string, string> = {}): Promise<{ server: RunningServer; stderr: string }> {
  let stderr = '';
  const { config } = loadConfig({ port: '0', dataDir: dir, logLevel: 'silent' }, env);
  const server = await startServer(config, { stderr: (t) => (stderr += t), handleSignals: false });
  servers.push(server);
  return { server, stderr };
}

describe('startServer', () => {
  it('generates an admin token at first start, prints it once, stores only its hash (0600)', async () => {
    const first = await start();
    const token = /WARDEN_ADMIN_TOKEN=(wdn_admin_[0-9a-f]{64})/.exec(first.stderr)?.[1];
    expect(token).toBeDefined();
    expect(first.stderr).toContain('listening on http://127.0.0.1:');
    const hashFile = join(dir, ADMIN_TOKEN_HASH_FILE);
    expect(statSync(hashFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(hashFile, 'utf8')).not.toContain(token as string);
    expect(statSync(dir).mode & 0o077).toBe(0);

    const ok = await fetch(`${first.server.url}/secrets`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    await first.server.close();

    const second = await start();
    expect(second.stderr).not.toContain('WARDEN_ADMIN_TOKEN=');
    const again = await fetch(`${second.server.url}/secrets`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(again.status).toBe(200);
  });

  it('WARDEN_ADMIN_TOKEN wins and nothing is printed or written', async () => {
    const { server, stderr } = await start({ WARDEN_ADMIN_TOKEN: 'configured-admin-token-000' });
    expect(stderr).not.toContain('WARDEN_ADMIN_TOKEN=');
    const res = await fetch(`${server.url}/secrets`, {
      headers: { authorization: 'Bearer configured-admin-token-000' },
    });
    expect(res.status).toBe(200);
    expect(() => statSync(join(dir, ADMIN_TOKEN_HASH_FILE))).toThrow();
  });

  it('graceful shutdown finishes the request in flight, then closes the store', async () => {
    const token = 'configured-admin-token-000';
    const { server } = await start({ WARDEN_ADMIN_TOKEN: token });
    const { port } = new URL(server.url);
    const body = JSON.stringify({ key: 'INFLIGHT', value: 'survives-shutdown' });
    const half = Math.floor(body.length / 2);
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: Number(port),
          method: 'POST',
          path: '/secrets',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, half));
      // The rest arrives after shutdown has begun.
      setTimeout(() => req.end(body.slice(half)), 150);
    });
    await new Promise((r) => setTimeout(r, 50));
    const closing = server.close();
    const res = await response;
    expect(res.status).toBe(201);
    await closing;
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();

    // Durable: a new server over the same data dir reads it.
    const next = await start({ WARDEN_ADMIN_TOKEN: token });
    const read = await fetch(`${next.server.url}/secrets/INFLIGHT`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await read.json()).toEqual({ key: 'INFLIGHT', value: 'survives-shutdown' });
  });

  it('a postgres:// database URL is refused before anything starts', () => {
    expect(() => loadConfig({ databaseUrl: 'postgres://u@h/db' }, {})).toThrowError(
      expect.objectContaining({ code: 'unsupported_database' }),
    );
  });
});
