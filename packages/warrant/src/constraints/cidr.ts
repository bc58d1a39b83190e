/**
 * Tenuo's `Cidr` constraint (type 8) and the IP address grammar it relies on.
 *
 * Parsing follows Rust's `std::net` address grammar and `ipnetwork` 0.21's CIDR
 * grammar exactly, because a warrant whose CIDR Tenuo rejects at decode time
 * must be rejected here too, and an argument Tenuo treats as an error must not
 * silently match.
 */

import { ConstraintError } from '../errors.js';

/** Address family: 4 (32-bit) or 6 (128-bit). */
export type IpFamily = 4 | 6;

/** A parsed IP address; `value` is the address as an unsigned big-endian integer. */
export interface IpAddr {
  readonly family: IpFamily;
  readonly value: bigint;
}

/** A parsed CIDR network. `address` keeps any host bits, as ipnetwork does; matching masks them. */
export interface Cidr {
  /** The original string, which is what goes on the wire. */
  readonly text: string;
  readonly family: IpFamily;
  readonly address: bigint;
  /** Prefix length: 0–32 for IPv4, 0–128 for IPv6. */
  readonly prefix: number;
}

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

/** Position-tracking reader over an address string; every read is all-or-nothing. */
class AddrReader {
  pos = 0;
  constructor(readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  /** Runs `read`; on `undefined` the position is restored, like Rust's `read_atomically`. */
  atomically<T>(read: () => T | undefined): T | undefined {
    const start = this.pos;
    const result = read();
    if (result === undefined) this.pos = start;
    return result;
  }

  readChar(expected: string): boolean {
    if (this.text[this.pos] !== expected) return false;
    this.pos++;
    return true;
  }

  /**
   * An unsigned number of 1..maxDigits digits not exceeding `max`. Without
   * `allowZeroPrefix` a multi-digit number may not start with `0` (Rust rejects
   * `01.2.3.4` rather than guess between octal and decimal).
   */
  readNumber(radix: 10 | 16, maxDigits: number, max: number, allowZeroPrefix: boolean): number | undefined {
    return this.atomically(() => {
      const hasLeadingZero = this.text[this.pos] === '0';
      let value = 0;
      let digits = 0;
      for (;;) {
        const digit = digitValue(this.text.charCodeAt(this.pos), radix);
        if (digit === undefined) break;
        this.pos++;
        value = value * radix + digit;
        digits++;
        if (value > max || digits > maxDigits) return undefined;
      }
      if (digits === 0) return undefined;
      if (!allowZeroPrefix && hasLeadingZero && digits > 1) return undefined;
      return value;
    });
  }

  /** Four decimal octets separated by dots. */
  readIpv4(): bigint | undefined {
    return this.atomically(() => {
      let value = 0n;
      for (let i = 0; i < 4; i++) {
        if (i > 0 && !this.readChar('.')) return undefined;
        const octet = this.readNumber(10, 3, 0xff, false);
        if (octet === undefined) return undefined;
        value = (value << 8n) | BigInt(octet);
      }
      return value;
    });
  }

  /**
   * Reads up to `groups.length` colon-separated 16-bit groups into `groups`,
   * allowing a trailing embedded IPv4 address when two slots remain. Returns
   * the number of slots filled and whether an IPv4 tail was read.
   */
  private readGroups(groups: number[]): [count: number, ipv4Tail: boolean] {
    const limit = groups.length;
    for (let i = 0; i < limit; i++) {
      if (i < limit - 1) {
        const v4 = this.atomically(() => (i > 0 && !this.readChar(':') ? undefined : this.readIpv4()));
        if (v4 !== undefined) {
          groups[i] = Number(v4 >> 16n);
          groups[i + 1] = Number(v4 & 0xffffn);
          return [i + 2, true];
        }
      }
      const group = this.atomically(() =>
        i > 0 && !this.readChar(':') ? undefined : this.readNumber(16, 4, 0xffff, true),
      );
      if (group === undefined) return [i, false];
      groups[i] = group;
    }
    return [limit, false];
  }

  /** An IPv6 address: up to eight groups, at most one `::`, an optional IPv4 tail. */
  readIpv6(): bigint | undefined {
    return this.atomically(() => {
      const head = new Array<number>(8).fill(0);
      const [headSize, headIpv4] = this.readGroups(head);
      if (headSize < 8) {
        // An embedded IPv4 address may only end the address, never precede `::`.
        if (headIpv4) return undefined;
        if (!this.readChar(':') || !this.readChar(':')) return undefined;
        // `::` stands for at least one zero group, so at most 7 - headSize follow it.
        const tail = new Array<number>(7 - headSize).fill(0);
        const [tailSize] = this.readGroups(tail);
        for (let i = 0; i < tailSize; i++) head[8 - tailSize + i] = tail[i] ?? 0;
      }
      let value = 0n;
      for (const group of head) value = (value << 16n) | BigInt(group);
      return value;
    });
  }
}

function digitValue(code: number, radix: 10 | 16): number | undefined {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (radix === 16) {
    if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
    if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10;
  }
  return undefined;
}

function parseWhole(text: string, read: (reader: AddrReader) => bigint | undefined): bigint | undefined {
  const reader = new AddrReader(text);
  const value = read(reader);
  return value !== undefined && reader.atEnd() ? value : undefined;
}

/** Parses an IPv4 address as Rust's `Ipv4Addr::from_str` does (no leading zeros, exactly four octets). */
export function parseIpv4(text: string): bigint | undefined {
  return parseWhole(text, (r) => r.readIpv4());
}

/** Parses an IPv6 address as Rust's `Ipv6Addr::from_str` does (no brackets, no zone id). */
export function parseIpv6(text: string): bigint | undefined {
  return parseWhole(text, (r) => r.readIpv6());
}

/** Parses an address as Rust's `IpAddr::from_str` does; `undefined` when it is not one. */
export function parseIpAddr(text: string): IpAddr | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = parseIpv6(text);
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

/** The netmask for `prefix` leading one bits in a `family` address. */
function maskOf(family: IpFamily, prefix: number): bigint {
  const bits = BigInt(BITS[family]);
  const all = (1n << bits) - 1n;
  return (all << (bits - BigInt(prefix))) & all;
}

/** Rust's `u8::from_str`: an optional `+`, then decimal digits (leading zeros fine), at most 255. */
function parseU8(text: string): number | undefined {
  const digits = text.startsWith('+') ? text.slice(1) : text;
  if (!/^[0-9]+$/.test(digits)) return undefined;
  const value = Number.parseInt(digits, 10);
  return value <= 0xff ? value : undefined;
}

/** ipnetwork's `ipv4_mask_to_prefix`: the mask's ones must be contiguous from the top. */
function ipv4MaskToPrefix(mask: bigint): number | undefined {
  let prefix = 0;
  while (prefix < 32 && ((mask >> BigInt(31 - prefix)) & 1n) === 1n) prefix++;
  return mask === maskOf(4, prefix) ? prefix : undefined;
}

function parseNetwork(family: IpFamily, addrText: string, prefixText: string | undefined): Cidr | undefined {
  const address = family === 4 ? parseIpv4(addrText) : parseIpv6(addrText);
  if (address === undefined) return undefined;
  let prefix: number | undefined;
  if (prefixText === undefined) {
    prefix = BITS[family];
  } else {
    // Only IPv4 accepts a dotted netmask; anything that parses as an address is taken as one.
    const netmask = family === 4 ? parseIpv4(prefixText) : undefined;
    prefix = netmask === undefined ? parseU8(prefixText) : ipv4MaskToPrefix(netmask);
  }
  if (prefix === undefined || prefix > BITS[family]) return undefined;
  return { text: '', family, address, prefix };
}

/**
 * Parses a CIDR string the way Tenuo decodes a `Cidr` constraint (ipnetwork
 * 0.21): `addr/len`, IPv4 `addr/dotted.netmask`, or a bare address (/32 or
 * /128). Host bits are allowed.
 *
 * @throws ConstraintError `invalid_constraint` when ipnetwork would reject it.
 */
export function parseCidr(text: string): Cidr {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1);
  const network =
    prefixText?.includes('/') === true
      ? undefined
      : (parseNetwork(4, addrText, prefixText) ?? parseNetwork(6, addrText, prefixText));
  if (network === undefined) throw new ConstraintError('invalid_constraint', 'invalid CIDR network');
  return { ...network, text };
}

/** The network (lowest) address of `cidr`. */
export function cidrNetwork(cidr: Cidr): bigint {
  return cidr.address & maskOf(cidr.family, cidr.prefix);
}

/** The broadcast (highest) address of `cidr`. */
export function cidrBroadcast(cidr: Cidr): bigint {
  const all = (1n << BigInt(BITS[cidr.family])) - 1n;
  return cidr.address | (all ^ maskOf(cidr.family, cidr.prefix));
}

/** True when `addr` is inside `cidr`. Families must match: an IPv4-mapped IPv6 address never matches an IPv4 network. */
export function cidrContainsAddr(cidr: Cidr, addr: IpAddr): boolean {
  if (addr.family !== cidr.family) return false;
  const mask = maskOf(cidr.family, cidr.prefix);
  return (addr.value & mask) === (cidr.address & mask);
}

/**
 * Tenuo's `Cidr::contains_ip`: parses `ipText` with Rust's `IpAddr` grammar and
 * tests membership.
 *
 * @throws ConstraintError `constraint_error` when `ipText` is not an IP address
 *   (Tenuo reports an error, which denies, rather than `false`).
 */
export function cidrContainsIp(cidr: Cidr, ipText: string): boolean {
  const addr = parseIpAddr(ipText);
  if (addr === undefined) throw new ConstraintError('constraint_error', 'value is not a valid IP address');
  return cidrContainsAddr(cidr, addr);
}

/**
 * Tenuo's `Cidr → Cidr` attenuation rule: `parent` must contain both the
 * network and the broadcast address of `child`. Different families never narrow.
 */
export function cidrNarrows(parent: Cidr, child: Cidr): boolean {
  return (
    cidrContainsAddr(parent, { family: child.family, value: cidrNetwork(child) }) &&
    cidrContainsAddr(parent, { family: child.family, value: cidrBroadcast(child) })
  );
}
