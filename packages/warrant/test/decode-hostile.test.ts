import { describe, expect, it } from 'vitest';
import { decodeCbor } from '../src/cbor/decode.js';
import { encodeCbor } from '../src/cbor/encode.js';
import type { CborValue } from '../src/cbor/value.js';
import { decodeConstraint } from '../src/constraints/codec.js';
import { Pattern, setAuditSink, Warrant, WarrantStack } from '../src/index.js';
import { CONTROL_PLANE as CP, ORCHESTRATOR as ORCH, T0 } from './support/keys.js';

setAuditSink(null);

const good = Warrant.issue({
  keypair: CP,
  holder: ORCH,
  tool: 'read_file',
  constraints: { path: Pattern('/data/*') },
  now: T0,
});
const goodPayload = decodeCbor(good.payloadBytes) as Map<CborValue, CborValue>;

/** A correctly signed envelope around arbitrary payload bytes, so only the payload rule under test can fail. */
function signed(payload: Uint8Array): Uint8Array {
  const sig = CP.sign(Buffer.concat([Buffer.from('tenuo-warrant-v1'), Buffer.of(1), payload]));
  return encodeCbor([1, payload, [1, sig]]);
}
const withPayload = (mutate: (m: Map<CborValue, CborValue>) => void) => {
  const m = new Map(goodPayload);
  mutate(m);
  return signed(encodeCbor(m));
};
const code = (bytes: Uint8Array) => {
  try {
    Warrant.decode(bytes, { now: T0 });
    return 'accepted';
  } catch (err) {
    return (err as { code?: string }).code ?? `untyped ${String(err)}`;
  }
};

describe('hostile warrant bytes get a typed error', () => {
  it('the unmodified warrant decodes', () => {
    expect(code(signed(good.payloadBytes))).toBe('accepted');
  });

  it('duplicate payload keys, indefinite lengths, non-minimal integers, trailing bytes', () => {
    const hex = Buffer.from(good.payloadBytes).toString('hex');
    // aa (map 10) -> ab with a duplicated "00 01" pair at the end.
    expect(code(signed(Buffer.from(`ab${hex.slice(2)}0001`, 'hex')))).toBe('malformed_cbor');
    // version 1 written as 18 01.
    expect(code(signed(Buffer.from(`aa001801${hex.slice(6)}`, 'hex')))).toBe('malformed_cbor');
    // the whole map as an indefinite-length map.
    expect(code(signed(Buffer.from(`bf${hex.slice(2)}ff`, 'hex')))).toBe('malformed_cbor');
    expect(code(signed(Buffer.from(`${hex}00`, 'hex')))).toBe('malformed_cbor');
    expect(code(Buffer.concat([signed(good.payloadBytes), Buffer.of(0)]))).toBe('malformed_cbor');
  });

  it('unknown, reserved and missing payload keys', () => {
    expect(code(withPayload((m) => m.set(12, 1)))).toBe('unknown_payload_field');
    expect(code(withPayload((m) => m.set(19, 1)))).toBe('unknown_payload_field');
    expect(code(withPayload((m) => m.set('x', 1)))).toBe('unknown_payload_field');
    expect(code(withPayload((m) => m.delete(5)))).toBe('missing_required_field');
    expect(code(withPayload((m) => m.set(0, 2)))).toBe('unsupported_payload_version');
    expect(code(withPayload((m) => m.set(2, 256)))).toBe('invalid_payload_structure'); // Tenuo truncates to 0
    expect(code(withPayload((m) => m.set(7, T0 - 1)))).toBe('invalid_payload_structure');
  });

  it('bad keys: wrong algorithm, wrong length, small order', () => {
    expect(code(withPayload((m) => m.set(4, [2, new Uint8Array(32).fill(9)])))).toBe('unsupported_algorithm');
    expect(code(withPayload((m) => m.set(4, [1, new Uint8Array(31)])))).toBe('invalid_key_length');
    const identity = new Uint8Array(32);
    identity[0] = 1;
    expect(code(withPayload((m) => m.set(4, [1, identity])))).toBe('invalid_key');
  });

  it('bad envelopes', () => {
    const sig = good.signature;
    expect(code(encodeCbor([2, good.payloadBytes, [1, sig]]))).toBe('unsupported_envelope_version');
    expect(code(encodeCbor([1, good.payloadBytes, [2, sig]]))).toBe('unsupported_algorithm');
    expect(code(encodeCbor([1, good.payloadBytes, [1, sig.subarray(1)]]))).toBe('invalid_signature_length');
    expect(code(encodeCbor([1, good.payloadBytes]))).toBe('invalid_envelope_structure');
    expect(code(encodeCbor(new Map()))).toBe('invalid_envelope_structure');
    expect(code(new Uint8Array())).toBe('malformed_cbor');
  });

  it('oversized warrants (64 KiB) and stacks (256 KiB); too-deep nesting', () => {
    expect(code(new Uint8Array(65_537))).toBe('warrant_too_large');
    expect(() => WarrantStack.decode(new Uint8Array(262_145))).toThrowError(
      expect.objectContaining({ code: 'chain_too_large' }),
    );
    expect(() => WarrantStack.decode(encodeCbor([]))).toThrowError(
      expect.objectContaining({ code: 'invalid_envelope_structure' }),
    );
    let deep: CborValue = [16, null];
    for (let i = 0; i < 40; i++) deep = [14, new Map([['constraint', deep]])];
    expect(() => decodeConstraint(deep)).toThrowError(
      expect.objectContaining({ code: 'invalid_payload_structure' }),
    );
    expect(code(Buffer.from('81'.repeat(300), 'hex'))).toBe('malformed_cbor');
    expect(() => Warrant.fromBase64('A'.repeat(100_000))).toThrowError(
      expect.objectContaining({ code: 'warrant_too_large' }),
    );
  });

  it('a warrant issued more than 30 s in the future', () => {
    expect(code(signed(good.payloadBytes))).toBe('accepted');
    expect(() => Warrant.decode(good.toBytes(), { now: T0 - 31 })).toThrowError(
      expect.objectContaining({ code: 'issued_in_future' }),
    );
    expect(Warrant.decode(good.toBytes(), { now: T0 - 30 }).id).toBe(good.id);
  });

  it('A.9.2: [128, {"custom": "data"}] fails to decode (128 is Shlex, missing "allow"), as in the runtime', () => {
    const bytes = Buffer.from('821880a166637573746f6d6464617461', 'hex');
    expect(() => decodeConstraint(decodeCbor(bytes))).toThrowError(
      expect.objectContaining({ code: 'invalid_payload_structure' }),
    );
    // A truly unknown id with a structured value fails too; with a byte string it decodes and denies.
    expect(() => decodeConstraint([200, new Map([['a', 1]])])).toThrow();
    const unknown = decodeConstraint([200, new Uint8Array([1, 2])]);
    expect(unknown.type).toBe('Unknown');
    expect(() => unknown.matches('x')).toThrowError(
      expect.objectContaining({ code: 'unknown_constraint_type' }),
    );
  });

  it('text forms: padding and foreign alphabets are refused, whitespace and PEM armour accepted', () => {
    const b64 = good.toBase64();
    expect(Warrant.fromBase64(`  ${b64.slice(0, 10)}\n${b64.slice(10)} `, { now: T0 }).id).toBe(good.id);
    expect(Warrant.fromPem(good.toPem(), { now: T0 }).id).toBe(good.id);
    expect(() => Warrant.fromBase64(`${b64}!`, { now: T0 })).toThrowError(
      expect.objectContaining({ code: 'invalid_encoding' }),
    );
    expect(() => Warrant.fromBase64('', { now: T0 })).toThrow();
  });

  it('error messages never contain warrant bytes', () => {
    const text = good.toBase64();
    try {
      Warrant.decode(
        withPayload((m) => m.set(12, 1)),
        { now: T0 },
      );
    } catch (err) {
      expect(String(err)).not.toContain(text.slice(0, 16));
      expect(JSON.stringify(err)).not.toContain(Buffer.from(good.payloadBytes).toString('hex').slice(0, 16));
    }
  });
});
