/**
 * Every warrant vector of Tenuo's test-vectors.md (fixtures/tenuo), reproduced
 * byte for byte by issuing it from its inputs, with its signature, its chain
 * hashes and its verdict as Tenuo's runtime gives it (fact sheet §8). Where
 * the document's written expectation differs from the runtime, the test says
 * which it follows and why.
 */
import { createHash } from 'node:crypto';
import { toHex } from '@warden/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  All,
  Any,
  Authorizer,
  Cidr,
  ConstraintSet,
  Contains,
  Exact,
  Float,
  Not,
  OneOf,
  Pattern,
  PublicKey,
  Range,
  SignedRevocationList,
  Subpath,
  Subset,
  setAuditSink,
  UrlPattern,
  UrlSafe,
  Warrant,
  type WarrantPayload,
  WarrantStack,
  Wildcard,
} from '../src/index.js';
import type { Keypair } from '../src/keys.js';
import {
  APPROVER1,
  APPROVER2,
  APPROVER3,
  ATTACKER,
  CONTROL_PLANE as CP,
  ORCHESTRATOR as ORCH,
  T0,
  T1,
  WORKER,
  WORKER2,
} from './support/keys.js';
import { namedHex, warrantVectors } from './support/tenuo-vectors.js';

beforeAll(() => {
  setAuditSink(null);
});

const id = (suffix: string) => `019471f800007000800000000000${suffix.padStart(4, '0')}`;
const hex = (b: Uint8Array) => toHex(b);
const sha256 = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());
const base = { now: T0, ttlSeconds: 3600, maxDepth: 3, keypair: CP } as const;
const readFile = (
  path: ReturnType<typeof Pattern> | ReturnType<typeof Exact> | ReturnType<typeof Wildcard>,
) => new Map([['read_file', new ConstraintSet({ path })]]);

/** Signs a payload exactly as given: for the vectors that no builder would produce (they are invalid on purpose). */
function raw(
  keypair: Keypair,
  fields: Partial<WarrantPayload> & Pick<WarrantPayload, 'id' | 'holder'>,
): Warrant {
  return Warrant.sign(
    {
      version: 1,
      warrantType: 'execution',
      tools: new Map(),
      issuer: keypair.publicKey,
      issuedAt: T0,
      expiresAt: T1,
      maxDepth: 3,
      extensions: new Map(),
      depth: 0,
      ...fields,
    },
    keypair,
  );
}
const rawId = (s: string) => Buffer.from(id(s), 'hex');

const L0 = Warrant.issue({
  ...base,
  id: id('10'),
  tool: 'read_file',
  constraints: { path: Pattern('/data/*') },
  holder: ORCH,
});
const L1 = L0.attenuate({
  id: id('11'),
  now: T0,
  keypair: ORCH,
  holder: WORKER,
  constraints: { path: Pattern('/data/reports/*') },
});
const L2 = L1.attenuate({
  id: id('12'),
  now: T0,
  keypair: WORKER,
  holder: WORKER2,
  constraints: { path: Exact('/data/reports/q3.pdf') },
});
const pattern = (suffix: string, p = '/data/*', extra: object = {}) =>
  Warrant.issue({
    ...base,
    id: id(suffix),
    tool: 'read_file',
    constraints: { path: Pattern(p) },
    holder: ORCH,
    ...extra,
  });
const execFor = (suffix: string, tool: string, constraints: Record<string, ReturnType<typeof Pattern>>) =>
  Warrant.issue({ ...base, id: id(suffix), tool, constraints, holder: WORKER });

const A10P = pattern('90');
const A11P = pattern('92', '/data/reports/*');
const A12P = pattern('a0');
const A13P = pattern('b0');
const A15P = Warrant.issue({
  ...base,
  id: id('d0'),
  maxDepth: 5,
  issuableTools: ['read_file'],
  maxIssueDepth: 3,
  constraintBounds: { path: Pattern('/data/*') },
  holder: ORCH,
});
const A17P = pattern('f0', '/data/*', { clearance: 5 });
const A22R = pattern('2200');
const A23S = Warrant.issue({
  ...base,
  id: id('2300'),
  tool: 'read_file',
  constraints: { path: Wildcard() },
  holder: ORCH,
  sessionId: 'sess-abc',
});
const A23N = Warrant.issue({
  ...base,
  id: id('2301'),
  tool: 'read_file',
  constraints: { path: Wildcard() },
  holder: ORCH,
});

/** How each vector is made from its inputs. */
const builders: Record<string, () => Warrant> = {
  'A.1': () =>
    Warrant.issue({
      ...base,
      id: id('1'),
      tool: 'read_file',
      constraints: { path: Wildcard() },
      holder: ORCH,
    }),
  'A.2': () =>
    Warrant.issue({
      ...base,
      id: id('2'),
      maxDepth: 5,
      issuableTools: ['write_file', 'read_file'],
      maxIssueDepth: 3,
      holder: ORCH,
    }),
  'A.3 Level 0': () => L0,
  'A.3 Level 1': () => L1,
  'A.3 Level 2': () => L2,
  'A.4 Invalid Child': () =>
    raw(WORKER, {
      id: rawId('40'),
      tools: readFile(Pattern('/data/*')),
      holder: WORKER2.publicKey,
      parentHash: L0.payloadHash,
      depth: 1,
    }),
  'A.5': () =>
    Warrant.issue({
      ...base,
      id: id('50'),
      ttlSeconds: 1,
      tool: 'read_file',
      constraints: { path: Wildcard() },
      holder: ORCH,
    }),
  'A.6': () =>
    Warrant.issue({
      ...base,
      id: id('60'),
      maxDepth: 1,
      tool: 'read_file',
      constraints: { path: Exact('/data/report.pdf') },
      holder: WORKER,
    }),
  'A.7': () =>
    Warrant.issue({
      ...base,
      id: id('70'),
      tool: 'read_file',
      constraints: { path: Exact('/data/report.pdf') },
      holder: ORCH,
      extensions: {
        'com.example.trace_id': Buffer.from('6d726571756573742d3132333435', 'hex'),
        'com.example.billing': Buffer.from(
          'a3647465616d6b6d6c2d72657365617263686770726f6a6563746e77617272616e742d73797374656d6b636f73745f63656e746572191069',
          'hex',
        ),
      },
    }),
  'A.10 Parent': () => A10P,
  'A.10 Child (Invalid)': () =>
    raw(ORCH, {
      id: rawId('91'),
      tools: readFile(Pattern('/data/reports/*')),
      holder: WORKER.publicKey,
      parentHash: A10P.payloadHash,
      depth: 2,
    }),
  'A.11 Parent': () => A11P,
  'A.11 Child (Invalid)': () =>
    raw(ORCH, {
      id: rawId('93'),
      tools: readFile(Pattern('/data/*')),
      holder: WORKER.publicKey,
      parentHash: A11P.payloadHash,
      depth: 1,
    }),
  'A.12 Parent': () => A12P,
  'A.12 Child (Invalid)': () =>
    raw(ORCH, {
      id: rawId('a1'),
      tools: readFile(Pattern('/data/reports/*')),
      holder: WORKER.publicKey,
      parentHash: new Uint8Array(32),
      depth: 1,
    }),
  'A.13 Parent': () => A13P,
  'A.13 Child (Invalid)': () =>
    raw(ORCH, {
      id: rawId('b1'),
      tools: readFile(Pattern('/data/reports/*')),
      holder: WORKER.publicKey,
      parentHash: A13P.payloadHash,
      depth: 1,
      expiresAt: 1_704_074_400,
    }),
  'A.14 Forged (Invalid Signature)': () => pattern('c0'),
  'A.14 Valid (Correct Signature)': () => pattern('c0'),
  'A.15 Issuer Warrant': () => A15P,
  'A.15 Invalid Child': () =>
    raw(ORCH, {
      id: rawId('d1'),
      tools: readFile(Exact('/etc/passwd')),
      holder: WORKER.publicKey,
      parentHash: A15P.payloadHash,
      depth: 1,
    }),
  // Self-delegation Execution -> Execution is what Tenuo's own attenuate() allows, so the builder makes it.
  'A.16 Invalid Self-Issuance': () => L0.attenuate({ id: id('e0'), now: T0, keypair: ORCH, holder: ORCH }),
  'A.17 Parent (Clearance=5)': () => A17P,
  'A.17 Invalid Child (Clearance=6)': () =>
    raw(ORCH, {
      id: rawId('f1'),
      tools: readFile(Pattern('/data/*')),
      holder: WORKER.publicKey,
      parentHash: A17P.payloadHash,
      depth: 1,
      clearance: 6,
    }),
  // The vector lists approvers unsorted; Tenuo's builder would sort them, so only a raw payload reproduces it.
  'A.18 Multi-sig': () =>
    raw(CP, {
      id: rawId('18'),
      tools: readFile(Pattern('/data/*')),
      holder: ORCH.publicKey,
      requiredApprovers: [WORKER.publicKey, WORKER2.publicKey],
      minApprovals: 1,
    }),
  'A.19.1 Range': () => execFor('1901', 'api_call', { count: Range.between(0, 100) as never }),
  'A.19.2 OneOf': () => execFor('1902', 'deploy', { env: OneOf(['staging', 'production']) as never }),
  'A.19.3 CIDR': () => execFor('1903', 'connect', { ip: Cidr('10.0.0.0/8') as never }),
  'A.20.1': () => execFor('2001', 'read_file', { path: Pattern('/data/*') }),
  'A.21.1': () =>
    Warrant.issue({
      ...base,
      id: id('2101'),
      tool: 'read_file',
      constraints: { path: Pattern('/data/*') },
      holder: WORKER,
      requiredApprovers: [APPROVER1.publicKey, APPROVER2.publicKey, APPROVER3.publicKey],
      minApprovals: 2,
    }),
  'A.21.2': () =>
    Warrant.issue({
      ...base,
      id: id('2102'),
      tool: 'read_file',
      constraints: { path: Pattern('/data/*') },
      holder: WORKER,
      requiredApprovers: [APPROVER1.publicKey, APPROVER2.publicKey],
      minApprovals: 2,
    }),
  'A.22 Root': () => A22R,
  'A.22 Child': () => A22R.attenuate({ id: id('2201'), now: T0, keypair: ORCH, holder: WORKER }),
  'A.23 Root (session_id=sess-abc)': () => A23S,
  'A.23 Root (no session_id)': () => A23N,
  'A.23 Child (inherited no session)': () =>
    A23N.attenuate({ id: id('2302'), now: T0, keypair: ORCH, holder: WORKER }),
  'A.25.1 UrlSafe': () => execFor('2501', 'http_request', { url: UrlSafe() as never }),
  'A.25.2 Subpath': () => execFor('2502', 'write_file', { path: Subpath('/home/agent/workspace') as never }),
  'A.25.3 Contains': () => execFor('2503', 'deploy', { tags: Contains(['approved', 'reviewed']) as never }),
  'A.25.4 Subset': () =>
    execFor('2504', 'set_permissions', { permissions: Subset(['read', 'write', 'delete']) as never }),
  'A.25.5 UrlPattern': () =>
    execFor('2505', 'api_call', { endpoint: UrlPattern('https://api.example.com/v1/*') as never }),
  'A.25.6 All': () =>
    execFor('2506', 'transfer', {
      amount: All([Range.between(0, 10000)]) as never,
      currency: All([OneOf(['USD', 'EUR'])]) as never,
    }),
  'A.25.7 Any': () =>
    execFor('2507', 'read_file', { path: Any([Pattern('/public/*'), Pattern('/shared/*')]) as never }),
  'A.25.8 Not': () => execFor('2508', 'read_file', { path: Not(Pattern('/secret/*')) as never }),
};

const vectors = warrantVectors();
const signer: Record<string, Keypair> = { 'A.14 Forged (Invalid Signature)': ATTACKER };

describe('Tenuo wire format v1 vectors: bytes', () => {
  it('the document holds 44 warrant payloads and every one has a builder', () => {
    expect(vectors).toHaveLength(44);
    expect(vectors.map((v) => v.name).sort()).toEqual(Object.keys(builders).sort());
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s: payload reproduced by issuing it', (name, v) => {
    const w = (builders[name] as () => Warrant)();
    expect(hex(w.payloadBytes)).toBe(v.payload);
    if (v.fields.ID) expect(w.id).toBe(v.fields.ID);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s: signature and envelope', (name, v) => {
    const payload = Buffer.from(v.payload, 'hex');
    const key = signer[name] ?? null;
    const w = (builders[name] as () => Warrant)();
    if (key === null) {
      expect(hex(w.signature)).toBe(v.signature);
      const decoded = Warrant.decode(w.toBytes(), { now: T0 });
      expect(hex(decoded.payloadBytes)).toBe(v.payload);
    } else {
      // A.14 forged: the signature is the Attacker's over the Control Plane's payload; decoding rejects it.
      const message = Buffer.concat([Buffer.from('tenuo-warrant-v1'), Buffer.of(1), payload]);
      expect(hex(key.sign(message))).toBe(v.signature);
      const forged = Buffer.from(w.toBytes());
      forged.set(Buffer.from(v.signature, 'hex'), forged.length - 64);
      expect(() => Warrant.decode(forged, { now: T0 })).toThrowError(
        expect.objectContaining({ code: 'signature_invalid' }),
      );
    }
  });

  it('chain hashes: every Parent Hash field is SHA-256 of the named parent payload', () => {
    const byName = new Map(vectors.map((v) => [v.name, v]));
    const parentOf: Record<string, string> = {
      'A.3 Level 1': 'A.3 Level 0',
      'A.3 Level 2': 'A.3 Level 1',
      'A.10 Child (Invalid)': 'A.10 Parent',
      'A.11 Child (Invalid)': 'A.11 Parent',
      'A.13 Child (Invalid)': 'A.13 Parent',
      'A.15 Invalid Child': 'A.15 Issuer Warrant',
      'A.16 Invalid Self-Issuance': 'A.3 Level 0',
      'A.17 Invalid Child (Clearance=6)': 'A.17 Parent (Clearance=5)',
      'A.22 Child': 'A.22 Root',
      'A.23 Child (inherited no session)': 'A.23 Root (no session_id)',
    };
    for (const [child, parent] of Object.entries(parentOf)) {
      const expected = byName.get(child)?.fields['Parent Hash'];
      expect(expected, child).toBeDefined();
      expect(hex(sha256(Buffer.from(byName.get(parent)?.payload ?? '', 'hex'))), child).toBe(expected);
    }
    // A.12's correct hash, printed in its comparison table.
    expect(hex(A12P.payloadHash)).toBe('9b60b7ae1a679d990d77502db310315455d3b624f9a616f5bb7f34bccbd37914');
  });

  it('A.1: the full envelope and its base64url text', () => {
    const w = builders['A.1']?.() as Warrant;
    expect(hex(w.toBytes())).toBe(namedHex('A.1', 'Full Envelope CBOR'));
    const text = namedBase64('A.1');
    expect(w.toBase64()).toBe(text);
    expect(Warrant.fromBase64(text, { now: T0 }).id).toBe(w.id);
  });

  it('A.8: the WarrantStack of A.3 (851 bytes) and its base64url', () => {
    const stack = new WarrantStack([L0, L1, L2]);
    expect(hex(stack.toBytes())).toBe(namedHex('A.8', 'WarrantStack CBOR'));
    expect(stack.toBase64()).toBe(namedBase64('A.8'));
    const decoded = WarrantStack.fromBase64(namedBase64('A.8'));
    expect(decoded.warrants.map((w) => w.id)).toEqual([L0.id, L1.id, L2.id]);
    expect(WarrantStack.fromBase64(stack.toStandardBase64()).length).toBe(3);
  });
});

function namedBase64(section: string): string {
  const lines = vectorsTextLines();
  const start = lines.findIndex((l) => l.startsWith(`## ${section} `));
  const at = lines.findIndex((l, i) => i > start && l.startsWith('**Base64'));
  let out = '';
  for (let i = at + 2; !(lines[i] as string).startsWith('```'); i++) out += (lines[i] as string).trim();
  return out;
}

import { vectorsText } from './support/tenuo-vectors.js';

const vectorsTextLines = () => vectorsText.split('\n');

const at = { now: T0 + 10 };
const trusting = (...roots: Keypair[]) =>
  new Authorizer({ trustedRoots: roots.map((k) => k.publicKey), auditSink: null });
const pop = (w: Warrant, key: Keypair, tool: string, args: Record<string, unknown>, now = at.now) =>
  w.createPopSignature(key, tool, args, { now });
const built = (name: string) => (builders[name] as () => Warrant)();

describe('Tenuo wire format v1 vectors: verdicts', () => {
  const auth = trusting(CP);

  it('A.1: the holder may call read_file with any path', () => {
    const w = built('A.1');
    expect(
      auth.authorize(w, 'read_file', { path: '/x' }, pop(w, ORCH, 'read_file', { path: '/x' }), at),
    ).toBe(true);
    // Wildcard makes the argument mandatory.
    expect(() => auth.authorize(w, 'read_file', {}, pop(w, ORCH, 'read_file', {}), at)).toThrowError(
      expect.objectContaining({ code: 'constraint_violation' }),
    );
  });

  it('A.2: issuer warrants authorize no calls but issue within issuable_tools', () => {
    const w = built('A.2');
    expect(w.type).toBe('issuer');
    expect(() => auth.authorize(w, 'read_file', {}, pop(w, ORCH, 'read_file', {}), at)).toThrowError(
      expect.objectContaining({ code: 'invalid_warrant_type' }),
    );
    const exec = w.issueExecution({
      now: T0,
      keypair: ORCH,
      holder: WORKER,
      tool: 'write_file',
      constraints: {},
    });
    expect(auth.verifyChain([w, exec], at)).toBe(exec);
    expect(() =>
      w.issueExecution({ now: T0, keypair: ORCH, holder: WORKER, tool: 'delete_file' }),
    ).toThrowError(expect.objectContaining({ code: 'tool_not_authorized' }));
  });

  it('A.3 / A.8: the 3-level chain verifies and authorizes only the narrowest path', () => {
    expect(auth.verifyChain([L0, L1, L2], at)).toBe(L2);
    const good = { path: '/data/reports/q3.pdf' };
    expect(
      auth.authorize(
        WarrantStack.fromBase64(namedBase64('A.8')),
        'read_file',
        good,
        pop(L2, WORKER2, 'read_file', good),
        at,
      ),
    ).toBe(true);
    const other = { path: '/data/reports/q4.pdf' };
    expect(() =>
      auth.authorize([L0, L1, L2], 'read_file', other, pop(L2, WORKER2, 'read_file', other), at),
    ).toThrowError(expect.objectContaining({ code: 'constraint_violation' }));
  });

  it('A.4: a child signed by someone other than the parent holder is rejected (I1)', () => {
    expect(() => auth.verifyChain([L0, built('A.4 Invalid Child')], at)).toThrowError(
      expect.objectContaining({ code: 'invalid_issuer' }),
    );
  });

  it('A.5: expired at now >= expires_at (the runtime boundary, not the document\'s "now > 1704067201")', () => {
    const w = built('A.5');
    const args = { path: '/x' };
    expect(w.authorize('read_file', args, pop(w, ORCH, 'read_file', args, T0), { now: T0 })).toBe(true);
    expect(() =>
      w.authorize('read_file', args, pop(w, ORCH, 'read_file', args, T0 + 1), { now: T0 + 1 }),
    ).toThrowError(expect.objectContaining({ code: 'warrant_expired' }));
  });

  it("A.6: the runtime PoP (plain-hex id, double prefix); the document's prefixed-id PoP is rejected", () => {
    const w = built('A.6');
    const args = { path: '/data/report.pdf' };
    const vectorPop = Buffer.from(namedHex('A.6', 'PoP Signature'), 'hex');
    // The document's signature verifies only over its tnu_wrt_ challenge with the double prefix ...
    const docChallenge = Buffer.from(namedHex('A.6', 'PoP Challenge CBOR'), 'hex');
    const prefixed = Buffer.concat([Buffer.from('tenuo-warrant-v1tenuo-pop-v1'), docChallenge]);
    expect(WORKER.publicKey.verify(prefixed, vectorPop)).toBe(true);
    // ... so the runtime, which signs the plain hex id, rejects it.
    expect(() => w.authorize('read_file', args, vectorPop, { now: T0 })).toThrowError(
      expect.objectContaining({ code: 'pop_signature_invalid' }),
    );
    // The runtime signature for these inputs (fact sheet §6.3).
    const runtime = w.createPopSignature(WORKER, 'read_file', args, { now: T0 });
    expect(hex(runtime)).toBe(
      'ce6f37b3243c86c322cead9abe8a011a9c05554fd44a6dbb1114dfc129ef5a00b9a1aa0787972c7be49bcd5f6383f67ca2e1752e2c0ae7d2c015d7c3dadb8101',
    );
    expect(w.authorize('read_file', args, runtime, { now: T0 })).toBe(true);
  });

  it('A.7: extensions survive decoding byte for byte', () => {
    const w = Warrant.decode(built('A.7').toBytes(), { now: T0 });
    expect(hex(w.payload.extensions.get('com.example.trace_id') as Uint8Array)).toBe(
      '6d726571756573742d3132333435',
    );
    expect([...w.payload.extensions.keys()]).toEqual(['com.example.billing', 'com.example.trace_id']);
  });

  it('A.9.1: a terminal warrant (depth = max_depth) cannot be attenuated', () => {
    const terminal = Warrant.issue({ ...base, maxDepth: 0, tool: 'read_file', holder: ORCH });
    expect(() => terminal.attenuate({ now: T0, keypair: ORCH, holder: WORKER })).toThrowError(
      expect.objectContaining({ code: 'depth_exceeded' }),
    );
  });

  it('A.10 to A.13 and A.15, A.17: each invalid child is rejected with its own code', () => {
    const cases: [Warrant, string, string][] = [
      [A10P, 'A.10 Child (Invalid)', 'depth_violation'],
      [A11P, 'A.11 Child (Invalid)', 'capability_expansion'],
      [A12P, 'A.12 Child (Invalid)', 'parent_hash_mismatch'],
      [A13P, 'A.13 Child (Invalid)', 'ttl_exceeded'],
      [A15P, 'A.15 Invalid Child', 'capability_expansion'],
      [A17P, 'A.17 Invalid Child (Clearance=6)', 'clearance_violation'],
    ];
    for (const [parent, child, code] of cases) {
      expect(() => auth.verifyChain([parent, built(child)], at), child).toThrowError(
        expect.objectContaining({ code }),
      );
    }
  });

  it('A.14: the valid signature verifies; the forged one fails at decode', () => {
    expect(auth.verifyChain(built('A.14 Valid (Correct Signature)'), at).id).toBe(`tnu_wrt_${id('c0')}`);
  });

  it("A.16: Execution -> Execution self-delegation passes, as in Tenuo's runtime (the document expects self_issuance)", () => {
    const child = built('A.16 Invalid Self-Issuance');
    expect(auth.verifyChain([L0, child], at)).toBe(child);
    // Self-issuance is refused where the runtime refuses it: Issuer -> Execution.
    expect(() =>
      A15P.issueExecution({
        now: T0,
        keypair: ORCH,
        holder: ORCH,
        tool: 'read_file',
        constraints: { path: Pattern('/data/x') },
      }),
    ).toThrowError(expect.objectContaining({ code: 'self_issuance' }));
  });

  it('A.18, A.21: without a tenuo.approval_gates map the runtime asks for no approvals (the document expects them)', () => {
    for (const name of ['A.18 Multi-sig', 'A.21.1', 'A.21.2']) {
      const w = built(name);
      const holder = w.holder.equals(ORCH.publicKey) ? ORCH : WORKER;
      const args = { path: '/data/a' };
      expect(auth.authorize(w, 'read_file', args, pop(w, holder, 'read_file', args), at), name).toBe(true);
    }
  });

  it('A.19, A.25: each constraint type accepts its valid input and rejects its invalid one', () => {
    const cases: [string, string, Record<string, unknown>, Record<string, unknown>][] = [
      ['A.19.1 Range', 'api_call', { count: Float(50) }, { count: Float(150) }],
      ['A.19.2 OneOf', 'deploy', { env: 'staging' }, { env: 'development' }],
      ['A.19.3 CIDR', 'connect', { ip: '10.1.2.3' }, { ip: '192.168.1.1' }],
      [
        'A.25.1 UrlSafe',
        'http_request',
        { url: 'https://api.example.com/data' },
        { url: 'http://169.254.169.254/' },
      ],
      [
        'A.25.2 Subpath',
        'write_file',
        { path: '/home/agent/workspace/file.txt' },
        { path: '/home/agent/workspace/../../../etc/passwd' },
      ],
      [
        'A.25.3 Contains',
        'deploy',
        { tags: ['approved', 'reviewed', 'urgent'] },
        { tags: ['approved', 'urgent'] },
      ],
      [
        'A.25.4 Subset',
        'set_permissions',
        { permissions: ['read', 'write'] },
        { permissions: ['read', 'admin'] },
      ],
      [
        'A.25.5 UrlPattern',
        'api_call',
        { endpoint: 'https://api.example.com/v1/users' },
        { endpoint: 'https://evil.com/api' },
      ],
      [
        'A.25.6 All',
        'transfer',
        { amount: Float(500), currency: 'USD' },
        { amount: Float(500), currency: 'GBP' },
      ],
      ['A.25.7 Any', 'read_file', { path: '/shared/data.json' }, { path: '/private/secret.txt' }],
      ['A.25.8 Not', 'read_file', { path: '/public/readme.txt' }, { path: '/secret/keys.txt' }],
    ];
    for (const [name, tool, good, bad] of cases) {
      const w = built(name);
      expect(auth.authorize(w, tool, good, pop(w, WORKER, tool, good), at), name).toBe(true);
      expect(() => auth.authorize(w, tool, bad, pop(w, WORKER, tool, bad), at), name).toThrowError(
        expect.objectContaining({ code: 'constraint_violation' }),
      );
    }
    const any = built('A.25.7 Any');
    expect(
      auth.authorize(
        any,
        'read_file',
        { path: '/public/readme.txt' },
        pop(any, WORKER, 'read_file', { path: '/public/readme.txt' }),
        at,
      ),
    ).toBe(true);
  });

  it('A.20.1: a PoP by the wrong key fails; so does the document\'s "valid" PoP (prefixed id), as in the runtime', () => {
    const w = built('A.20.1');
    const args = { path: '/data/report.pdf' };
    for (const heading of ['Invalid PoP Signature', 'Valid PoP Signature']) {
      const sig = Buffer.from(namedHex('A.20', heading), 'hex');
      expect(() => auth.authorize(w, 'read_file', args, sig, { now: T0 }), heading).toThrowError(
        expect.objectContaining({ code: 'pop_signature_invalid' }),
      );
    }
    expect(auth.authorize(w, 'read_file', args, pop(w, WORKER, 'read_file', args, T0), { now: T0 })).toBe(
      true,
    );
    expect(() =>
      auth.authorize(w, 'read_file', args, pop(w, ATTACKER, 'read_file', args, T0), { now: T0 }),
    ).toThrowError(expect.objectContaining({ code: 'pop_signature_invalid' }));
  });

  it('A.22, A.9.4: a revoked child fails the chain (runtime-format SRL signed by the control plane)', () => {
    const child = built('A.22 Child');
    const a = trusting(CP);
    expect(a.verifyChain([A22R, child], at)).toBe(child);
    a.setRevocationList(
      SignedRevocationList.create({
        revoked: ['tnu_wrt_019471f8000070008000000000002201'],
        version: 1,
        keypair: CP,
        issuedAt: T0,
      }),
    );
    expect(() => a.verifyChain([A22R, child], at)).toThrowError(
      expect.objectContaining({ code: 'warrant_revoked' }),
    );
    // A.9.4 names the id as a hyphenated UUID; Tenuo's runtime matches only tnu_wrt_ strings, Warden
    // normalizes every id form it accepts (revoking more is the safe direction).
    const uuidForm = SignedRevocationList.create({ revoked: [], version: 2, keypair: CP, issuedAt: T0 });
    expect(uuidForm.isRevoked(child)).toBe(false);
    const b = trusting(CP);
    const srl = SignedRevocationList.decode(
      SignedRevocationList.create({
        revoked: ['019471f8-0000-7000-8000-000000002201'],
        version: 1,
        keypair: CP,
        issuedAt: T0,
      }).toBytes(),
      CP.publicKey,
    );
    b.setRevocationList(srl);
    expect(() => b.verifyChain([A22R, child], at)).toThrowError(
      expect.objectContaining({ code: 'warrant_revoked' }),
    );
  });

  it("A.22.b: the document's SRL is not the runtime format and is rejected; its signature uses the double prefix", () => {
    const bytes = Buffer.from(namedHex('A.22.b', 'Complete SignedRevocationList'), 'hex');
    expect(() => SignedRevocationList.decode(bytes, CP.publicKey)).toThrowError(
      expect.objectContaining({ code: 'srl_invalid' }),
    );
    const payload = Buffer.from(namedHex('A.22.b', 'SrlPayload CBOR'), 'hex');
    const sig = Buffer.from(namedHex('A.22.b', 'Control Plane Signature'), 'hex');
    expect(
      CP.publicKey.verify(Buffer.concat([Buffer.from('tenuo-warrant-v1tenuo-srl-v1'), payload]), sig),
    ).toBe(true);
    expect(CP.publicKey.verify(Buffer.concat([Buffer.from('tenuo-srl-v1'), payload]), sig)).toBe(false);
  });

  it('A.23: the child links to the no-session root; mixing in the session root fails (document: "MAY succeed")', () => {
    const child = built('A.23 Child (inherited no session)');
    expect(A23S.sessionId).toBe('sess-abc');
    expect(auth.verifyChain([A23N, child], at)).toBe(child);
    expect(() => auth.verifyChain([A23S, child], at)).toThrowError(
      expect.objectContaining({ code: 'parent_hash_mismatch' }),
    );
  });

  it('A.24: the approval signature verifies only with the double prefix (Warden does not implement approvals)', () => {
    const payload = Buffer.from(namedHex('A.24', 'ApprovalPayload CBOR'), 'hex');
    const sig = Buffer.from(namedHex('A.24', 'Approver Signature'), 'hex');
    const doubled = Buffer.concat([Buffer.from('tenuo-warrant-v1tenuo-approval-v1'), Buffer.of(1), payload]);
    expect(APPROVER1.publicKey.verify(doubled, sig)).toBe(true);
    expect(
      APPROVER1.publicKey.verify(
        Buffer.concat([Buffer.from('tenuo-approval-v1'), Buffer.of(1), payload]),
        sig,
      ),
    ).toBe(false);
  });

  it('key material: the seeds give the documented public keys', () => {
    expect(CP.publicKey.toHex()).toBe('8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c');
    expect(ATTACKER.publicKey.toHex()).toBe(
      '76a1592044a6e4f511265bca73a604d90b0529d1df602be30a19a9257660d1f5',
    );
    expect(
      PublicKey.fromHex('66cd608b928b88e50e0efeaa33faf1c43cefe07294b0b87e9fe0aba6a3cf7633').equals(
        APPROVER3.publicKey,
      ),
    ).toBe(true);
  });
});
