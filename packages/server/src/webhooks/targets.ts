import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook must not reach unless the operator allows private
 * targets: loopback, private, link-local, carrier-grade NAT, multicast,
 * reserved, and NAT64 (IPv4-mapped IPv6 is matched against the IPv4 ranges
 * by BlockList itself). Sirr v1
 * checks a smaller list, on IP literals only; Warden also checks every
 * address a host name resolves to, at connect time (webhooks/deliver.ts).
 */
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv6');
}

/** Whether an IP address (v4 or v6 text) is in a refused range. Non-addresses count as refused. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Whether a URL host names a refused target without resolving it: an IP
 * literal in a refused range, or `localhost` and its subdomains.
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (isIP(host) !== 0) return isPrivateAddress(host);
  const lower = host.toLowerCase().replace(/\.$/, '');
  return lower === 'localhost' || lower.endsWith('.localhost');
}

/** `text` as an absolute `http:` or `https:` URL; undefined when it is not a URL or has another scheme. */
export function httpUrl(text: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
}
