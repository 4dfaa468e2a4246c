/**
 * Pure IPv4 and CIDR arithmetic used by config validation and subnet planning.
 * Only IPv4: Azure ML managed networks and the VNets this project creates are IPv4.
 */

/** An IPv4 network: its first address as an unsigned 32-bit integer and its prefix length. */
export interface Ipv4Network {
  readonly base: number;
  readonly prefix: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Parses a dotted-quad IPv4 address into an unsigned integer, or returns undefined. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** Formats an unsigned 32-bit integer as a dotted-quad IPv4 address. */
export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/**
 * Parses `a.b.c.d/n` (or a bare address, as /32). Returns undefined when the text is not IPv4/CIDR
 * or when host bits are set (`10.0.0.1/24`): Azure rejects such prefixes in address spaces.
 */
export function parseCidr(text: string): Ipv4Network | undefined {
  const [addr, prefixText, ...rest] = text.trim().split("/");
  if (rest.length > 0 || addr === undefined) return undefined;
  const base = parseIpv4(addr);
  if (base === undefined) return undefined;
  if (prefixText === undefined) return { base, prefix: 32 };
  if (!/^\d{1,2}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > 32) return undefined;
  if (base % blockSize(prefix) !== 0) return undefined;
  return { base, prefix };
}

/** Number of addresses in a block with the given prefix length. */
export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** Formats a network as `a.b.c.d/n`. */
export function formatCidr(net: Ipv4Network): string {
  return `${formatIpv4(net.base)}/${net.prefix}`;
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Ipv4Network, inner: Ipv4Network): boolean {
  return (
    inner.prefix >= outer.prefix &&
    inner.base >= outer.base &&
    inner.base + blockSize(inner.prefix) <= outer.base + blockSize(outer.prefix)
  );
}

/** True when the two networks share at least one address. */
export function cidrOverlaps(a: Ipv4Network, b: Ipv4Network): boolean {
  return a.base < b.base + blockSize(b.prefix) && b.base < a.base + blockSize(a.prefix);
}

/**
 * True for addresses Azure storage/Key Vault IP rules reject (RFC 1918 and other non-public ranges):
 * service firewalls only accept public internet addresses.
 */
export function isPrivateRange(net: Ipv4Network): boolean {
  const ranges = [
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "127.0.0.0/8",
    "100.64.0.0/10",
    "169.254.0.0/16",
    "0.0.0.0/8",
    "224.0.0.0/4", // multicast
    "240.0.0.0/4", // reserved
  ];
  return ranges.some((r) => cidrOverlaps(parseCidr(r)!, net));
}
