import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Keypair, PopReplayCache, setAuditSink, Warrant } from '../src/index.js';
import { CONTROL_PLANE, ORCHESTRATOR, T0 } from './support/keys.js';

setAuditSink(null);

interface PopCase {
  name: string;
  tool: string;
  args: Record<string, unknown>;
  warrant_b64: string;
  timestamp: number;
  expected_signature_hex: string;
}
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/tenuo/pop_canonical.json', import.meta.url), 'utf8'),
) as { holder_priv_hex: string; issuer_priv_hex: string; cases: PopCase[] };

describe("PoP signatures as Tenuo's runtime computes them (pop_canonical.json)", () => {
  const holder = Keypair.fromSeed(fixture.holder_priv_hex);
  const issuer = Keypair.fromSeed(fixture.issuer_priv_hex);

  it('has the 11 cases', () => {
    expect(fixture.cases).toHaveLength(11);
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    // The fixture's warrants are issued after its PoP timestamp, so decode without the clock check.
    const w = Warrant.fromEnvelope(Buffer.from(c.warrant_b64, 'base64url'));
    expect(w.issuer.equals(issuer.publicKey)).toBe(true);
    expect(w.holder.equals(holder.publicKey)).toBe(true);
    const sig = w.createPopSignature(holder, c.tool, c.args, { now: c.timestamp });
    expect(Buffer.from(sig).toString('hex')).toBe(c.expected_signature_hex);
    // Accepted within the window and refused outside the 5-window range.
    const now = c.timestamp;
    const windowStart = Math.floor(now / 30) * 30;
    expect(() => w.authorize(c.tool, c.args, sig, { now: windowStart + 89 })).not.toThrowError(
      expect.objectContaining({ code: 'pop_signature_invalid' }),
    );
    expect(() => w.authorize(c.tool, c.args, sig, { now: windowStart + 90 })).toThrowError(
      expect.objectContaining({ code: expect.stringMatching(/pop_signature_invalid|warrant_expired/) }),
    );
  });
});

describe('PoP window and replay', () => {
  const w = Warrant.issue({
    keypair: CONTROL_PLANE,
    holder: ORCHESTRATOR,
    tool: 'read_file',
    now: T0,
    ttlSeconds: 3600,
  });
  const args = { path: '/x' };

  it('accepts from 60 s before to 90 s after the signing window with 5 windows; 4 windows narrow the past', () => {
    const sig = w.createPopSignature(ORCHESTRATOR, 'read_file', args, { now: T0 + 600 });
    expect(w.authorize('read_file', args, sig, { now: T0 + 600 - 60 })).toBe(true);
    expect(() => w.authorize('read_file', args, sig, { now: T0 + 600 - 61 })).toThrowError(
      expect.objectContaining({ code: 'pop_signature_invalid' }),
    );
    expect(w.authorize('read_file', args, sig, { now: T0 + 600 + 89 })).toBe(true);
    expect(() => w.authorize('read_file', args, sig, { now: T0 + 690 })).toThrow();
  });

  it('binds the signature to tool, arguments and warrant', () => {
    const sig = w.createPopSignature(ORCHESTRATOR, 'read_file', args, { now: T0 });
    const code = { code: 'pop_signature_invalid' };
    expect(() => w.authorize('read_file', { path: '/y' }, sig, { now: T0 })).toThrowError(
      expect.objectContaining(code),
    );
    const other = Warrant.issue({ keypair: CONTROL_PLANE, holder: ORCHESTRATOR, tool: 'read_file', now: T0 });
    expect(() => other.authorize('read_file', args, sig, { now: T0 })).toThrowError(
      expect.objectContaining(code),
    );
    expect(() => w.authorize('read_file', args, undefined, { now: T0 })).toThrowError(
      expect.objectContaining({ code: 'pop_missing' }),
    );
  });

  it('with a replay cache, one signature authorizes once', () => {
    const cache = new PopReplayCache();
    const sig = w.createPopSignature(ORCHESTRATOR, 'read_file', args, { now: T0 });
    expect(w.authorize('read_file', args, sig, { now: T0, replayCache: cache })).toBe(true);
    expect(() => w.authorize('read_file', args, sig, { now: T0 + 1, replayCache: cache })).toThrowError(
      expect.objectContaining({ code: 'pop_replayed' }),
    );
    // Without the cache Tenuo's behaviour: the same signature works again inside its window.
    expect(w.authorize('read_file', args, sig, { now: T0 + 1 })).toBe(true);
  });

  it('a full replay cache refuses rather than forgets', () => {
    const cache = new PopReplayCache({ capacity: 1 });
    const a = w.createPopSignature(ORCHESTRATOR, 'read_file', { path: '/a' }, { now: T0 });
    const b = w.createPopSignature(ORCHESTRATOR, 'read_file', { path: '/b' }, { now: T0 });
    expect(w.authorize('read_file', { path: '/a' }, a, { now: T0, replayCache: cache })).toBe(true);
    expect(() => w.authorize('read_file', { path: '/b' }, b, { now: T0, replayCache: cache })).toThrowError(
      expect.objectContaining({ code: 'pop_replayed' }),
    );
    // Once the first has aged out, room is made again.
    const c = w.createPopSignature(ORCHESTRATOR, 'read_file', { path: '/b' }, { now: T0 + 1200 });
    expect(w.authorize('read_file', { path: '/b' }, c, { now: T0 + 1200, replayCache: cache })).toBe(true);
  });
});
