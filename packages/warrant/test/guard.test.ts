import { describe, expect, it } from 'vitest';
import {
  Authorizer,
  guard,
  memoryAuditSink,
  Pattern,
  setAuditSink,
  Warrant,
  withWarrant,
} from '../src/index.js';
import { CONTROL_PLANE as CP, ORCHESTRATOR as ORCH, WORKER } from './support/keys.js';

describe('guard() and withWarrant()', () => {
  const now = Math.floor(Date.now() / 1000);
  const root = Warrant.issue({
    keypair: CP,
    holder: ORCH,
    tool: 'read_file',
    constraints: { path: Pattern('/tmp/*') },
    now,
    ttlSeconds: 600,
  });
  const child = root.attenuate({
    keypair: ORCH,
    holder: WORKER,
    constraints: { path: Pattern('/tmp/reports/*') },
    now,
  });
  let calls = 0;
  const readFile = guard(
    async ({ path }: { path: string }) => {
      calls++;
      return `contents of ${path}`;
    },
    { tool: 'read_file' },
  );

  it('runs the function only when the warrant in context allows the call', async () => {
    setAuditSink(null);
    calls = 0;
    await expect(withWarrant(child, WORKER, () => readFile({ path: '/tmp/reports/q3.txt' }))).resolves.toBe(
      'contents of /tmp/reports/q3.txt',
    );
    expect(() => withWarrant(child, WORKER, () => readFile({ path: '/tmp/other.txt' }))).toThrowError(
      expect.objectContaining({ code: 'constraint_violation' }),
    );
    expect(calls).toBe(1);
  });

  it('refuses calls with no warrant in context, or with a key that is not the holder', () => {
    setAuditSink(null);
    expect(() => readFile({ path: '/tmp/reports/a' })).toThrowError(
      expect.objectContaining({ code: 'no_warrant_in_context' }),
    );
    expect(() => withWarrant(child, ORCH, () => readFile({ path: '/tmp/reports/a' }))).toThrowError(
      expect.objectContaining({ code: 'pop_signature_invalid' }),
    );
  });

  it('keeps concurrent tasks apart (AsyncLocalStorage)', async () => {
    setAuditSink(null);
    const other = Warrant.issue({
      keypair: CP,
      holder: ORCH,
      tool: 'read_file',
      constraints: { path: Pattern('/srv/*') },
      now,
    });
    const tick = () => new Promise((r) => setTimeout(r, 5));
    const results = await Promise.allSettled([
      withWarrant(child, WORKER, async () => {
        await tick();
        return readFile({ path: '/tmp/reports/x' });
      }),
      withWarrant(other, ORCH, async () => {
        await tick();
        return readFile({ path: '/srv/y' });
      }),
      withWarrant(other, ORCH, async () => {
        await tick();
        return readFile({ path: '/tmp/reports/x' });
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
  });

  it('verifies the whole chain when an authorizer is given, and audits the outcome', async () => {
    const { sink, events } = memoryAuditSink();
    setAuditSink(null);
    const auth = new Authorizer({ trustedRoots: [CP.publicKey], auditSink: sink });
    const untrusted = new Authorizer({ trustedRoots: [WORKER.publicKey], auditSink: sink });
    const g = guard((o: { path: string }) => o.path, {
      tool: 'read_file',
      warrant: [root, child],
      keypair: WORKER,
      authorizer: auth,
    });
    expect(g({ path: '/tmp/reports/1' })).toBe('/tmp/reports/1');
    const h = guard((o: { path: string }) => o.path, {
      tool: 'read_file',
      warrant: [root, child],
      keypair: WORKER,
      authorizer: untrusted,
    });
    expect(() => h({ path: '/tmp/reports/1' })).toThrowError(
      expect.objectContaining({ code: 'untrusted_root' }),
    );
    expect(events.map((e) => e.event)).toEqual(['authorization.success', 'authorization.failure']);
  });

  it('maps positional arguments with extractArgs', () => {
    setAuditSink(null);
    const g = guard((path: string, _mode: number) => path.length, {
      tool: 'read_file',
      warrant: child,
      keypair: WORKER,
      extractArgs: (path) => ({ path }),
    });
    expect(g('/tmp/reports/abc', 0)).toBe(16);
    const bad = guard((path: string) => path, { tool: 'read_file', warrant: child, keypair: WORKER });
    expect(() => bad('/tmp/reports/abc')).toThrow(TypeError);
  });
});
