/** Regressions for findings of the first security review of @warden/warrant. */
import { describe, expect, it } from 'vitest';
import { encodeCbor } from '../src/cbor/encode.js';
import {
  Authorizer,
  ConstraintSet,
  Exact,
  guard,
  PopReplayCache,
  setAuditSink,
  Warrant,
  type WarrantPayload,
  withWarrant,
} from '../src/index.js';
import { CONTROL_PLANE as CP, ORCHESTRATOR as ORCH, T0 } from './support/keys.js';

setAuditSink(null);
const at = { now: T0 + 1 };
const base = (fields: Partial<WarrantPayload>): WarrantPayload => ({
  version: 1,
  id: new Uint8Array(16).fill(3),
  warrantType: 'execution',
  tools: new Map([['t', new ConstraintSet()]]),
  holder: ORCH.publicKey,
  issuer: CP.publicKey,
  issuedAt: T0,
  expiresAt: T0 + 600,
  maxDepth: 3,
  extensions: new Map(),
  depth: 0,
  ...fields,
});

describe('review regressions', () => {
  it('a child that strips tenuo.approval_gates is rejected, and a gate anywhere in the chain denies', () => {
    const gates = encodeCbor(new Map([['t', new Map([['args', null]])]]));
    const root = Warrant.sign(base({ extensions: new Map([['tenuo.approval_gates', gates]]) }), CP);
    const stripped = Warrant.sign(
      base({
        id: new Uint8Array(16).fill(4),
        issuer: ORCH.publicKey,
        parentHash: root.payloadHash,
        depth: 1,
      }),
      ORCH,
    );
    const a = new Authorizer({ trustedRoots: [CP.publicKey], auditSink: null });
    expect(() => a.verifyChain([root, stripped], at)).toThrowError(
      expect.objectContaining({ code: 'capability_expansion' }),
    );
    const kept = root.attenuate({ keypair: ORCH, now: T0 });
    const sig = kept.createPopSignature(ORCH, 't', {}, at);
    expect(() => a.authorize([root, kept], 't', {}, sig, at)).toThrowError(
      expect.objectContaining({ code: 'unsupported_constraint' }),
    );
  });

  it('an object value with an own __proto__ key decodes with a typed outcome and is compared by its full key set', () => {
    const w = Warrant.issue({
      keypair: CP,
      holder: ORCH,
      tool: 't',
      constraints: { cfg: Exact({ a: 1 }) },
      now: T0,
    });
    const smuggled = JSON.parse('{"cfg":{"a":1,"__proto__":{"admin":true}}}');
    const sig = w.createPopSignature(ORCH, 't', smuggled, at);
    expect(() => w.authorize('t', smuggled, sig, at)).toThrowError(
      expect.objectContaining({ code: 'constraint_violation' }),
    );
    // A signed payload carrying {"__proto__": {...}} as an Exact value decodes (it is just a key).
    const tricky = Warrant.issue({
      keypair: CP,
      holder: ORCH,
      tool: 't',
      constraints: { cfg: Exact(JSON.parse('{"__proto__":{"b":1}}')) },
      now: T0,
    });
    const back = Warrant.decode(tricky.toBytes(), at);
    const exact = back.constraintsFor('t')?.constraints.get('cfg') as ReturnType<typeof Exact>;
    expect(Object.keys(exact.value as object)).toEqual(['__proto__']);
  });

  it('mutating the map given to Warrant.sign does not change what the warrant grants', () => {
    const tools = new Map([['read', new ConstraintSet()]]);
    const w = Warrant.sign(base({ tools }), CP);
    tools.set('delete', new ConstraintSet());
    expect(w.tools).toEqual(['read']);
    const a = new Authorizer({ trustedRoots: [CP.publicKey], auditSink: null });
    expect(() => a.authorize(w, 'delete', {}, w.createPopSignature(ORCH, 'delete', {}, at), at)).toThrowError(
      expect.objectContaining({ code: 'tool_not_authorized' }),
    );
  });

  it('a replay cache shared by authorizers with different window settings refuses every replay', () => {
    const cache = new PopReplayCache();
    const w = Warrant.sign(base({}), CP);
    const narrow = new Authorizer({
      trustedRoots: [CP.publicKey],
      popWindows: 1,
      replayCache: cache,
      auditSink: null,
    });
    const wide = new Authorizer({ trustedRoots: [CP.publicKey], replayCache: cache, auditSink: null });
    const sig = w.createPopSignature(ORCH, 't', {}, { now: T0 });
    expect(narrow.authorize(w, 't', {}, sig, { now: T0 })).toBe(true);
    expect(() => wide.authorize(w, 't', {}, sig, { now: T0 + 45 })).toThrowError(
      expect.objectContaining({ code: 'pop_replayed' }),
    );
  });

  it('guard accepts a single warrant given as text, as the Authorizer does', () => {
    const w = Warrant.issue({ keypair: CP, holder: ORCH, tool: 'f', now: Math.floor(Date.now() / 1000) });
    const a = new Authorizer({ trustedRoots: [CP.publicKey], auditSink: null });
    const f = guard((o: { n: number }) => o.n * 2, { tool: 'f' });
    expect(withWarrant(w.toBase64(), ORCH, () => f({ n: 2 }), { authorizer: a })).toBe(4);
  });

  it('issuable tools are sorted by UTF-8 bytes, as Rust sorts Strings', () => {
    const w = Warrant.issue({ keypair: CP, holder: ORCH, issuableTools: ['😀', '\uFF01'], now: T0 });
    expect(w.payload.issuableTools).toEqual(['\uFF01', '😀']);
  });

  it('Warrant.sign refuses a warrant whose envelope would exceed 64 KiB', () => {
    const big = new Map([['x', new Uint8Array(8000)]]);
    for (let i = 0; i < 8; i++) big.set(`x${i}`, new Uint8Array(8000));
    expect(() => Warrant.sign(base({ extensions: big }), CP)).toThrowError(
      expect.objectContaining({ code: expect.stringMatching(/warrant_too_large|extension_too_large/) }),
    );
  });
});
