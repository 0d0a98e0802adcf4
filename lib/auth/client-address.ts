import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/**
 * The client address as the lean server worked it out, for code behind Next (sign-in) that
 * cannot see the socket. The server sets it on every request it hands to Next, replacing
 * whatever a client sent under that name.
 */
export const CLIENT_ADDRESS_HEADER = 'x-gatehouse-client-address';

/**
 * The socket's peer, or, when that peer is one of the operator's proxies
 * (GATEHOUSE_TRUSTED_PROXIES), the nearest address in X-Forwarded-For that is not: a client
 * talking to Gatehouse directly cannot choose the address it is counted under.
 */
export function createClientAddressResolver(trustedProxies: string[]): (request: IncomingMessage) => string {
  const trust = proxyaddr.compile(trustedProxies);
  return (request) => proxyaddr(request, trust);
}

/** Throws on an entry proxy-addr cannot parse, so a typo fails the start rather than trusting nobody. */
export function checkTrustedProxies(list: string[]): void {
  proxyaddr.compile(list);
}

export function clientAddressFrom(headers: Headers): string {
  return headers.get(CLIENT_ADDRESS_HEADER) || 'unknown';
}
