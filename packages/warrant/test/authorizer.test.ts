import { describe, expect, it } from 'vitest';
import {
  Authorizer,
  ConstraintSet,
  Exact,
  memoryAuditSink,
  OneOf,
  Pattern,
  PopReplayCache,
  Range,
  SignedRevocationList,
  setAuditSink,
  Warrant,
  type WarrantPayload,
  WarrantStack,
  Wildcard,
} from '../src/index.js';
import type { Keypair } from '../src/keys.js';
import { CONTROL_PLANE as CP, ORCHESTRATOR as ORCH, T0, WORKER, WORKER2 } from './support/keys.js';

setAuditSink(null);
const at = { now: T0 + 5 };
const auth = () => new Authorizer({ trustedRoots: [CP.publicKey], auditSink: null });
const pop = (w: Warrant, k: Keypair, tool: string, args: Record<string, unknown>) =>
  w.createPopSignature(k, tool, args, at);

/** Signs a child payload as given, bypassing attenuate()'s own checks, to see what the verifier does. */
function forgeChild(parent: Warrant, key: Keypair, fields: Partial<WarrantPayload>): Warrant {
  return Warrant.sign(
    {
      version: 1,
      id: new Uint8Array(16).fill(7),
      warrantType: 'execution',
      tools: parent.payload.tools,
      holder: WORKER.publicKey,
      issuer: key.publicKey,
      issuedAt: T0,
      expiresAt: parent.expiresAt,
      maxDepth: parent.maxDepth,
      parentHash: parent.payloadHash,
      extensions: new Map(),
      depth: parent.depth + 1,
      ...fields,
    },
    key,
  );
}

describe('Warden is stricter than Tenuo where "absent" was skipped (fact sheet Q23)', () => {
  it('a child cannot gain a clearance its parent lacked (Tenuo: parent None -> child Some passes)', () => {
    const root = Warrant.issue({ keypair: CP, holder: ORCH, tool: 't', now: T0, ttlSeconds: 600 });
    const child = forgeChild(root, ORCH, { clearance: 3 });
    expect(() => auth().verifyChain([root, child], at)).toThrowError(
      expect.objectContaining({ code: 'clearance_violation' }),
    );
    expect(() => root.attenuate({ keypair: ORCH, holder: WORKER, clearance: 1, now: T0 })).toThrowError(
      expect.objectContaining({ code: 'clearance_violation' }),
    );
  });

  it('an execution parent with no tools grants none (Tenuo: the child may add any tool)', () => {
    const root = Warrant.sign(
      {
        version: 1,
        id: new Uint8Array(16).fill(1),
        warrantType: 'execution',
        tools: new Map(),
        holder: ORCH.publicKey,
        issuer: CP.publicKey,
        issuedAt: T0,
        expiresAt: T0 + 600,
        maxDepth: 3,
        extensions: new Map(),
        depth: 0,
      },
      CP,
    );
    const child = forgeChild(root, ORCH, { tools: new Map([['rm_rf', new ConstraintSet()]]) });
    expect(() => auth().verifyChain([root, child], at)).toThrowError(
      expect.objectContaining({ code: 'tool_not_authorized' }),
    );
  });

  it('an issuer child cannot drop its parent constraint bounds (Tenuo: skipped when the child has none)', () => {
    const root = Warrant.issue({
      keypair: CP,
      holder: ORCH,
      issuableTools: ['read_file'],
      constraintBounds: { path: Pattern('/data/*') },
      now: T0,
      ttlSeconds: 600,
    });
    const child = forgeChild(root, ORCH, {
      warrantType: 'issuer',
      tools: new Map(),
      issuableTools: ['read_file'],
      constraintBounds: undefined,
    });
    expect(() => auth().verifyChain([root, child], at)).toThrowError(
      expect.objectContaining({ code: 'capability_expansion' }),
    );
  });

  it('a child tool cannot add constraint keys under a non-empty parent, nor turn on allow_unknown', () => {
    const root = Warrant.issue({
      keypair: CP,
      holder: ORCH,
      tool: 't',
      constraints: { a: Wildcard() },
      now: T0,
      ttlSeconds: 600,
    });
    expect(() =>
      root.attenuate({ keypair: ORCH, holder: WORKER, constraints: { b: Exact(1) }, now: T0 }),
    ).toThrowError(expect.objectContaining({ code: 'capability_expansion' }));
    const widened = forgeChild(root, ORCH, {
      tools: new Map([['t', new ConstraintSet({ a: Wildcard() }, true)]]),
    });
    expect(() => auth().verifyChain([root, widened], at)).toThrowError(
      expect.objectContaining({ code: 'capability_expansion' }),
    );
  });
});

describe('glob narrowing compares parsed patterns (fact sheet Q17)', () => {
  it('rejects child [ab] and *[ab] under parent *], which Tenuo accepts textually', () => {
    const root = Warrant.issue({
      keypair: CP,
      holder: ORCH,
      tool: 't',
      constraints: { p: Pattern('*]') },
      now: T0,
      ttlSeconds: 600,
    });
    for (const p of ['[ab]', '*[ab]']) {
      expect(
        () => root.attenuate({ keypair: ORCH, holder: WORKER, constraints: { p: Pattern(p) }, now: T0 }),
        p,
      ).toThrowError(expect.objectContaining({ code: 'capability_expansion' }));
      const forged = forgeChild(root, ORCH, {
        tools: new Map([['t', new ConstraintSet({ p: Pattern(p) })]]),
      });
      expect(() => auth().verifyChain([root, forged], at), p).toThrowError(
        expect.objectContaining({ code: 'capability_expansion' }),
      );
    }
    expect(
      root.attenuate({ keypair: ORCH, holder: WORKER, constraints: { p: Pattern('*x]') }, now: T0 }).depth,
    ).toBe(1);
  });
});

describe('constraints of every link are evaluated at call time', () => {
  it('denies a call the leaf allows but an ancestor forbids (a forged wider leaf)', () => {
    const root = Warrant.issue({
      keypair: CP,
      holder: ORCH,
      tool: 'pay',
      constraints: { amount: Range.max(100) },
      now: T0,
      ttlSeconds: 600,
    });
    // A leaf with a looser constraint than its parent cannot pass verifyChain...
    const forged = forgeChild(root, ORCH, {
      tools: new Map([['pay', new ConstraintSet({ amount: Range.max(1000) })]]),
    });
    expect(() => auth().verifyChain([root, forged], at)).toThrowError(
      expect.objectContaining({ code: 'capability_expansion' }),
    );
    // ...and a valid narrowing still has every link checked: the call must satisfy both.
    const child = root.attenuate({
      keypair: ORCH,
      holder: WORKER,
      constraints: { amount: Range.max(50) },
      now: T0,
    });
    const a = auth();
    expect(
      a.authorize([root, child], 'pay', { amount: 40 }, pop(child, WORKER, 'pay', { amount: 40 }), at),
    ).toBe(true);
    expect(() =>
      a.authorize([root, child], 'pay', { amount: 60 }, pop(child, WORKER, 'pay', { amount: 60 }), at),
    ).toThrowError(expect.objectContaining({ code: 'constraint_violation' }));
  });

  it('evaluates a parent * tool set against the call', () => {
    const root = Warrant.issue({
      keypair: CP,
      holder: ORCH,
      tool: '*',
      constraints: { env: OneOf(['dev']) },
      now: T0,
      ttlSeconds: 600,
    });
    const child = root.attenuate({
      keypair: ORCH,
      holder: WORKER,
      tools: { deploy: { env: Exact('dev') } },
      now: T0,
    });
    const a = auth();
    expect(
      a.authorize([root, child], 'deploy', { env: 'dev' }, pop(child, WORKER, 'deploy', { env: 'dev' }), at),
    ).toBe(true);
    expect(() =>
      a.authorize([root, child], 'other', { env: 'dev' }, pop(child, WORKER, 'other', { env: 'dev' }), at),
    ).toThrowError(expect.objectContaining({ code: 'tool_not_authorized' }));
  });
});

describe('Authorizer', () => {
  const root = Warrant.issue({
    keypair: CP,
    holder: ORCH,
    tool: 'read',
    constraints: { path: Pattern('/d/*') },
    now: T0,
    ttlSeconds: 600,
  });
  const child = root.attenuate({ keypair: ORCH, holder: WORKER, ttlSeconds: 60, now: T0 });
  const args = { path: '/d/x' };

  it('accepts a chain as a Warrant, an array, a stack, stack bytes and base64 text', () => {
    const a = auth();
    const stack = new WarrantStack([root, child]);
    for (const chain of [
      [root, child],
      stack,
      stack.toBytes(),
      stack.toBase64(),
      stack.toStandardBase64(),
      stack.toPem(),
    ]) {
      expect(a.authorize(chain as never, 'read', args, pop(child, WORKER, 'read', args), at)).toBe(true);
    }
    expect(a.verifyChain(root, at)).toBe(root);
    expect(a.verifyChain(root.toBase64(), at).id).toBe(root.id);
  });

  it('rejects untrusted roots, empty chains, duplicate links and expired links', () => {
    const other = new Authorizer({ trustedRoots: [WORKER2.publicKey], auditSink: null });
    expect(() => other.verifyChain([root, child], at)).toThrowError(
      expect.objectContaining({ code: 'untrusted_root' }),
    );
    expect(() => auth().verifyChain([], at)).toThrowError(expect.objectContaining({ code: 'chain_empty' }));
    expect(() => auth().verifyChain([root, root], at)).toThrowError(
      expect.objectContaining({ code: 'chain_cycle' }),
    );
    // Leaf expiry is strict at verification; an intermediate link gets 30 s of tolerance.
    expect(() => auth().verifyChain([root, child], { now: T0 + 60 })).toThrowError(
      expect.objectContaining({ code: 'warrant_expired' }),
    );
    expect(() => auth().verifyChain([root, child], { now: T0 - 31 })).toThrowError(
      expect.objectContaining({ code: 'issued_in_future' }),
    );
  });

  it('caches verified chains by their bytes, yet re-checks time and revocation on every call', () => {
    const a = auth();
    const bytes = new WarrantStack([root, child]).toBytes();
    expect(a.verifyChain(bytes, at).id).toBe(child.id);
    expect(() => a.verifyChain(bytes, { now: T0 + 61 })).toThrowError(
      expect.objectContaining({ code: 'warrant_expired' }),
    );
    a.setRevocationList(
      SignedRevocationList.create({ revoked: [root], version: 1, keypair: CP, issuedAt: T0 }),
    );
    expect(() => a.verifyChain(bytes, at)).toThrowError(expect.objectContaining({ code: 'warrant_revoked' }));
  });

  it('refuses revocation lists from untrusted keys and version rollback', () => {
    const a = auth();
    expect(() =>
      a.setRevocationList(SignedRevocationList.create({ revoked: [], version: 1, keypair: WORKER })),
    ).toThrowError(expect.objectContaining({ code: 'srl_invalid' }));
    a.setRevocationList(SignedRevocationList.create({ revoked: [], version: 5, keypair: CP }));
    expect(() =>
      a.setRevocationList(SignedRevocationList.create({ revoked: [], version: 4, keypair: CP })),
    ).toThrowError(expect.objectContaining({ code: 'srl_version_rollback' }));
  });

  it('with a replay cache, a PoP authorizes once', () => {
    const a = new Authorizer({
      trustedRoots: [CP.publicKey],
      replayCache: new PopReplayCache(),
      auditSink: null,
    });
    const sig = pop(child, WORKER, 'read', args);
    expect(a.authorize([root, child], 'read', args, sig, at)).toBe(true);
    expect(() => a.authorize([root, child], 'read', args, sig, at)).toThrowError(
      expect.objectContaining({ code: 'pop_replayed' }),
    );
  });

  it('emits audit events without argument values, keys or warrant bytes', () => {
    const { sink, events } = memoryAuditSink();
    const a = new Authorizer({ trustedRoots: [CP.publicKey], auditSink: sink });
    const secretArgs = { path: '/d/sk-live-SECRETVALUE123' };
    a.authorize([root, child], 'read', secretArgs, pop(child, WORKER, 'read', secretArgs), at);
    expect(() =>
      a.authorize(
        [root, child],
        'read',
        { path: '/etc/sk-live-SECRETVALUE123' },
        pop(child, WORKER, 'read', {}),
        at,
      ),
    ).toThrow();
    expect(events.map((e) => e.event)).toEqual(['authorization.success', 'authorization.failure']);
    const text = JSON.stringify(events);
    expect(text).not.toContain('SECRETVALUE');
    expect(text).not.toContain(child.toBase64().slice(0, 40));
    expect(events[1]).toMatchObject({ code: 'pop_signature_invalid', tool: 'read', warrantId: child.id });
  });
});
