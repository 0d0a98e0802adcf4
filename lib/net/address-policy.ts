import ipaddr from 'ipaddr.js';
import { z } from 'zod';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];

/**
 * Which addresses a URL chosen by a team (not the operator) may reach: public unicast only,
 * unless the operator named the host or a range in GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS.
 * ipaddr.js owns the range tables (RFC 1918, 6598, 3927, 4193, 6890 and friends); this file
 * only decides which of its classes count as public.
 */
export type AddressPolicy = {
  /** The operator allowed this hostname by name: any address it resolves to may be used. */
  allowsHostname(hostname: string): boolean;
  /** Public unicast, or inside a range (or equal to an address) the operator allowed. */
  allowsAddress(address: string): boolean;
  /** The operator named this host, or a range holding its address literal: trusted as the operator's own network. */
  namedByOperator(hostname: string): boolean;
};

/** Lower case, no brackets around an IPv6 literal, no trailing root dot. */
export function canonicalHostname(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/** The IPv4 address an IPv6 address stands for (mapped, NAT64, 6to4), so it is judged as that one. */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const range = address.range();
  if (range === 'ipv4Mapped') return address.toIPv4Address();
  const bytes = address.toByteArray();
  if (range === 'rfc6052') return new ipaddr.IPv4(bytes.slice(12, 16));
  if (range === '6to4') return new ipaddr.IPv4(bytes.slice(2, 6));
  return undefined;
}

const globalUnicastV6 = ipaddr.parseCIDR('2000::/3') as [ipaddr.IPv6, number];

/**
 * Whether the address is on the public internet. IPv4: ipaddr.js's `unicast` class, i.e. none
 * of loopback, private, link-local (cloud metadata), CGNAT, unspecified, broadcast, multicast,
 * reserved or documentation ranges. IPv6: global unicast (2000::/3, which leaves out ::1, ::,
 * the deprecated IPv4-compatible ::a.b.c.d, fc00::/7, fe80::/10, ff00::/8) and none of the
 * special ranges inside it; forms that embed an IPv4 address are judged by that address.
 */
export function isPublicAddress(address: Address): boolean {
  if (address.kind() === 'ipv4') return address.range() === 'unicast';
  const v6 = address as ipaddr.IPv6;
  const inner = embeddedIPv4(v6);
  if (inner) return isPublicAddress(inner);
  return v6.match(globalUnicastV6) && v6.range() === 'unicast';
}

/** An IPv4-mapped IPv6 address compares as the IPv4 address it carries. */
function unmapped(address: Address): Address {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
}

function parseAddress(text: string): Address | undefined {
  const bare = canonicalHostname(text);
  // Only the canonical dotted-quad or IPv6 forms: `isValid` alone also accepts "0x7f.1".
  if (!ipaddr.IPv4.isValidFourPartDecimal(bare) && !ipaddr.IPv6.isValid(bare)) return undefined;
  return unmapped(ipaddr.parse(bare));
}

/** An address literal in any spelling a URL parser or resolver would accept, or undefined for a name. */
export function addressLiteral(hostname: string): Address | undefined {
  const bare = canonicalHostname(hostname);
  return ipaddr.isValid(bare) ? unmapped(ipaddr.parse(bare)) : undefined;
}

const hostnamePattern = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** Why an entry of GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS cannot be understood, or undefined. */
function entryProblem(entry: string): string | undefined {
  if (entry.includes('/')) {
    try {
      ipaddr.parseCIDR(entry);
      return undefined;
    } catch {
      return `'${entry}' is not a CIDR range like 10.0.0.0/8 or fd00::/8`;
    }
  }
  if (parseAddress(entry) || hostnamePattern.test(canonicalHostname(entry))) return undefined;
  return `'${entry}' is neither a hostname, an IP address nor a CIDR range`;
}

/** GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: hostnames, addresses and CIDR ranges, comma-separated. */
export const allowListSchema = z
  .string()
  .default('')
  .transform((text) => text.split(',').map((entry) => entry.trim()).filter(Boolean))
  .superRefine((entries, check) => {
    for (const entry of entries) {
      const problem = entryProblem(entry);
      if (problem) check.addIssue({ code: 'custom', message: problem });
    }
  });

export function createAddressPolicy(allowList: readonly string[]): AddressPolicy {
  const hostnames = new Set<string>();
  const ranges: Range[] = [];
  for (const entry of allowList) {
    if (entry.includes('/')) {
      const [address, bits] = ipaddr.parseCIDR(entry);
      // `::ffff:10.0.0.0/104` is 10.0.0.0/8: addresses are compared unmapped.
      const mapped = address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96;
      ranges.push(mapped ? [(address as ipaddr.IPv6).toIPv4Address(), bits - 96] : [address, bits]);
      continue;
    }
    const address = parseAddress(entry);
    if (address) ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    else hostnames.add(canonicalHostname(entry));
  }
  const inAllowedRange = (address: Address) => ranges.some(([base, bits]) => base.kind() === address.kind() && address.match(base, bits));
  return {
    allowsHostname: (hostname) => hostnames.has(canonicalHostname(hostname)),
    allowsAddress(text) {
      const address = addressLiteral(text);
      if (!address) return false;
      return isPublicAddress(address) || inAllowedRange(address);
    },
    namedByOperator(hostname) {
      const address = addressLiteral(hostname);
      return address ? inAllowedRange(address) : hostnames.has(canonicalHostname(hostname));
    },
  };
}
