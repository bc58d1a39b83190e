import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Cidr,
  cidrBroadcast,
  cidrContainsIp,
  cidrNarrows,
  cidrNetwork,
  parseCidr,
  parseIpAddr,
  parseIpv4,
  parseIpv6,
} from '../src/constraints/cidr.js';
import { ConstraintError } from '../src/errors.js';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConstraintError) return e.code;
    throw e;
  }
  return undefined;
}

const v6 = (...groups: number[]): bigint => groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);

describe('Rust std IP address grammar', () => {
  it.each([
    ['0.0.0.0', 0n],
    ['255.255.255.255', 0xffff_ffffn],
    ['10.1.2.3', 0x0a01_0203n],
    ['0.10.0.0', 0x000a_0000n],
  ])('accepts IPv4 %s', (text, value) => {
    expect(parseIpv4(text)).toBe(value);
    expect(parseIpAddr(text)).toEqual({ family: 4, value });
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.0.0.1',
    '01.2.3.4', // zero-prefixed octets are rejected, not read as octal
    '1.2.3.00',
    '1.2.3.0004',
    ' 1.2.3.4',
    '1.2.3.4 ',
    '+1.2.3.4',
    '1.2.3.-4',
    '1..2.3',
    '0x7f.0.0.1',
    '2130706433',
    '１.2.3.4', // fullwidth digit
  ])('rejects IPv4 %j', (text) => {
    expect(parseIpv4(text)).toBeUndefined();
  });

  it.each([
    ['::', 0n],
    ['::1', 1n],
    ['1::', v6(1, 0, 0, 0, 0, 0, 0, 0)],
    ['1:2:3:4:5:6:7:8', v6(1, 2, 3, 4, 5, 6, 7, 8)],
    ['1:2:3:4::5:6', v6(1, 2, 3, 4, 0, 0, 5, 6)],
    ['2001:DB8::ff', v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0xff)],
    ['0001:02:003:0004::', v6(1, 2, 3, 4, 0, 0, 0, 0)],
    ['::ffff:192.0.2.128', v6(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0280)],
    ['::192.0.2.128', v6(0, 0, 0, 0, 0, 0, 0xc000, 0x0280)],
    ['1:2:3:4:5:6:1.2.3.4', v6(1, 2, 3, 4, 5, 6, 0x0102, 0x0304)],
    ['1:2:3:4:5:6:7::', v6(1, 2, 3, 4, 5, 6, 7, 0)],
    ['::1:2:3:4:5:6:7', v6(0, 1, 2, 3, 4, 5, 6, 7)],
  ])('accepts IPv6 %s', (text, value) => {
    expect(parseIpv6(text)).toBe(value);
    expect(parseIpAddr(text)).toEqual({ family: 6, value });
  });

  it.each([
    ':',
    ':::',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7:8::',
    '::1:2:3:4:5:6:7:8',
    '0::0:0:0:0:0:0:0', // `::` must stand for at least one group
    '1::2::3',
    ':1::',
    '1:',
    '::00000',
    '::g',
    '1.2.3.4::', // an embedded IPv4 address may not precede `::`
    '::1.2.3.4.5',
    '::1.2.3.04',
    '::ffff:1.2.3',
    '1:2:3:4:5:6:7:1.2.3.4',
    '[::1]',
    'fe80::1%eth0', // no zone ids
  ])('rejects IPv6 %j', (text) => {
    expect(parseIpv6(text)).toBeUndefined();
    expect(parseIpAddr(text)).toBeUndefined();
  });
});

describe('parseCidr (ipnetwork 0.21)', () => {
  it.each([
    ['10.0.0.0/8', 4, 0x0a00_0000n, 8],
    ['10.0.0.0/255.0.0.0', 4, 0x0a00_0000n, 8],
    ['10.0.0.0/255.255.240.0', 4, 0x0a00_0000n, 20],
    ['0.0.0.0/0.0.0.0', 4, 0n, 0],
    ['10.1.2.3', 4, 0x0a01_0203n, 32],
    ['10.1.2.3/8', 4, 0x0a01_0203n, 8], // host bits kept
    ['10.0.0.0/08', 4, 0x0a00_0000n, 8],
    ['10.0.0.0/+8', 4, 0x0a00_0000n, 8], // Rust's u8 parser takes a leading '+'
    ['0.0.0.0/0', 4, 0n, 0],
    ['2001:db8::/32', 6, v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0), 32],
    ['::1', 6, 1n, 128],
    ['::/0', 6, 0n, 0],
    ['::ffff:10.0.0.0/104', 6, v6(0, 0, 0, 0, 0, 0xffff, 0x0a00, 0), 104],
  ])('parses %s', (text, family, address, prefix) => {
    expect(parseCidr(text)).toEqual({ text, family, address, prefix });
  });

  it.each([
    '',
    'not-a-cidr',
    '10.0.0.0/33',
    '10.0.0.0/-1',
    '10.0.0.0/',
    '10.0.0.0//8',
    '10.0.0.0/8/8',
    '10.0.0.0/256',
    '10.0.0.0/ 8',
    '10.0.0.0/255.0.255.0', // non-contiguous netmask
    '10.0.0.0/0.0.0.255',
    '010.0.0.0/8',
    '10.0.0/8',
    '2001:db8::/129',
    '2001:db8::/ffff::', // IPv6 has no netmask form
    '[::1]/128',
    'fe80::1%eth0/64',
  ])('rejects %j with invalid_constraint', (text) => {
    expect(code(() => parseCidr(text))).toBe('invalid_constraint');
  });

  it('never puts the input in the error message', () => {
    try {
      parseCidr('secret-value/99');
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain('secret');
    }
  });

  it('computes network and broadcast with host bits set', () => {
    const c = parseCidr('10.10.1.97/23');
    expect(cidrNetwork(c)).toBe(0x0a0a_0000n);
    expect(cidrBroadcast(c)).toBe(0x0a0a_01ffn);
    const all = parseCidr('::/0');
    expect(cidrBroadcast(all)).toBe((1n << 128n) - 1n);
  });
});

describe('cidrContainsIp', () => {
  it('A.19.3: 10.0.0.0/8', () => {
    const c = parseCidr('10.0.0.0/8');
    expect(cidrContainsIp(c, '10.1.2.3')).toBe(true);
    expect(cidrContainsIp(c, '192.168.1.1')).toBe(false);
  });

  it('treats boundaries and host bits like ipnetwork', () => {
    const c = parseCidr('10.1.2.3/8');
    expect(cidrContainsIp(c, '10.0.0.0')).toBe(true);
    expect(cidrContainsIp(c, '10.255.255.255')).toBe(true);
    expect(cidrContainsIp(c, '11.0.0.0')).toBe(false);
    expect(cidrContainsIp(c, '9.255.255.255')).toBe(false);
    expect(cidrContainsIp(parseCidr('192.168.1.0/255.255.255.0'), '192.168.1.77')).toBe(true);
    expect(cidrContainsIp(parseCidr('0.0.0.0/0'), '255.255.255.255')).toBe(true);
    expect(cidrContainsIp(parseCidr('1.2.3.4'), '1.2.3.4')).toBe(true);
    expect(cidrContainsIp(parseCidr('1.2.3.4'), '1.2.3.5')).toBe(false);
  });

  it('matches IPv6 networks', () => {
    const c = parseCidr('2001:db8::/32');
    expect(cidrContainsIp(c, '2001:db8::1')).toBe(true);
    expect(cidrContainsIp(c, '2001:DB8:ffff:ffff:ffff:ffff:ffff:ffff')).toBe(true);
    expect(cidrContainsIp(c, '2001:db9::1')).toBe(false);
    expect(cidrContainsIp(parseCidr('::/0'), 'ffff::1')).toBe(true);
    expect(cidrContainsIp(parseCidr('fe80::/10'), 'febf::1')).toBe(true);
    expect(cidrContainsIp(parseCidr('fe80::/10'), 'fec0::1')).toBe(false);
  });

  it('never matches across families', () => {
    expect(cidrContainsIp(parseCidr('10.0.0.0/8'), '::ffff:10.1.2.3')).toBe(false);
    expect(cidrContainsIp(parseCidr('10.0.0.0/8'), '::10.1.2.3')).toBe(false);
    expect(cidrContainsIp(parseCidr('::ffff:0:0/96'), '10.1.2.3')).toBe(false);
    expect(cidrContainsIp(parseCidr('::ffff:0:0/96'), '::ffff:10.1.2.3')).toBe(true);
    expect(cidrContainsIp(parseCidr('0.0.0.0/0'), '::1')).toBe(false);
  });

  it.each(['not-an-ip', '', '010.1.2.3', '10.1.2.3/32', '[::1]', 'fe80::1%eth0', '2130706433', '0x0a010203'])(
    'throws constraint_error for %j',
    (ip) => {
      expect(code(() => cidrContainsIp(parseCidr('10.0.0.0/8'), ip))).toBe('constraint_error');
    },
  );
});

describe('cidrNarrows (Cidr → Cidr)', () => {
  const narrows = (p: string, c: string): boolean => cidrNarrows(parseCidr(p), parseCidr(c));

  it.each([
    ['10.0.0.0/8', '10.1.0.0/16'],
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['10.0.0.0/8', '10.1.2.3'],
    ['10.0.0.0/8', '10.255.255.255/24'], // host bits in the child
    ['10.1.2.3/8', '10.9.0.0/16'], // host bits in the parent
    ['10.0.0.0/255.0.0.0', '10.1.0.0/255.255.0.0'],
    ['0.0.0.0/0', '192.168.0.0/16'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['1.2.3.4/32', '1.2.3.4'],
    ['2001:db8::/32', '2001:db8:1::/48'],
    ['::/0', '2001:db8::/32'],
  ])('%s → %s is allowed', (p, c) => {
    expect(narrows(p, c)).toBe(true);
  });

  it.each([
    ['10.1.0.0/16', '10.0.0.0/8'],
    ['10.0.0.0/8', '11.0.0.0/8'],
    ['10.0.0.0/8', '0.0.0.0/0'],
    ['10.0.0.0/8', '10.0.0.0/7'],
    ['1.2.3.4', '1.2.3.5'],
    ['10.0.0.0/8', '::ffff:10.0.0.0/104'], // cross-family
    ['::ffff:0:0/96', '10.0.0.0/8'],
    ['0.0.0.0/0', '::/0'],
    ['2001:db8::/32', '2001:db9::/48'],
    ['2001:db8::/32', '2001:db8::/31'],
  ])('%s → %s is rejected', (p, c) => {
    expect(narrows(p, c)).toBe(false);
  });
});

// ---------------------------------------------------------------------------
// Property: narrowing never widens. Children are often derived from the
// parent so that the accepting branch is exercised, not just random pairs.
// ---------------------------------------------------------------------------

function formatAddr(family: 4 | 6, value: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((value >> s) & 0xffffn).toString(16));
  return groups.join(':');
}

const bigintBits = (bits: number): fc.Arbitrary<bigint> =>
  fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n });

const cidrPair = fc.constantFrom<4 | 6>(4, 6).chain((family) => {
  const bits = family === 4 ? 32 : 128;
  const net = fc.record({ address: bigintBits(bits), prefix: fc.integer({ min: 0, max: bits }) });
  const derivedChild = (parent: { address: bigint; prefix: number }) =>
    fc
      .record({ hostBits: bigintBits(bits), extra: fc.integer({ min: 0, max: bits }) })
      .map(({ hostBits, extra }) => {
        const prefix = Math.min(bits, parent.prefix + extra);
        const keep = ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - parent.prefix)) - 1n);
        return { address: (parent.address & keep) | (hostBits & ~keep), prefix };
      });
  return net.chain((parent) =>
    fc.record({
      family: fc.constant(family),
      parent: fc.constant(parent),
      child: fc.oneof(net, derivedChild(parent)),
      sample: bigintBits(bits),
    }),
  );
});

describe('cidrNarrows property', () => {
  it('if the parent accepts the child, every IP inside the child is inside the parent', () => {
    let accepted = 0;
    fc.assert(
      fc.property(cidrPair, ({ family, parent, child, sample }) => {
        const p: Cidr = parseCidr(`${formatAddr(family, parent.address)}/${parent.prefix}`);
        const c: Cidr = parseCidr(`${formatAddr(family, child.address)}/${child.prefix}`);
        if (!cidrNarrows(p, c)) return;
        accepted++;
        // A random address inside the child: its network bits with random host bits.
        const bits = family === 4 ? 32 : 128;
        const hostMask = (1n << BigInt(bits - c.prefix)) - 1n;
        const ip = formatAddr(family, cidrNetwork(c) | (sample & hostMask));
        expect(cidrContainsIp(c, ip)).toBe(true);
        expect(cidrContainsIp(p, ip)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(accepted).toBeGreaterThan(200);
  });

  it('a CIDR always narrows to itself and to each of its addresses', () => {
    fc.assert(
      fc.property(cidrPair, ({ family, parent, sample }) => {
        const p = parseCidr(`${formatAddr(family, parent.address)}/${parent.prefix}`);
        expect(cidrNarrows(p, p)).toBe(true);
        const bits = family === 4 ? 32 : 128;
        const ip = cidrNetwork(p) | (sample & ((1n << BigInt(bits - p.prefix)) - 1n));
        expect(cidrNarrows(p, parseCidr(formatAddr(family, ip)))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
