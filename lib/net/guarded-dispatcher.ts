import { lookup as dnsLookup } from 'node:dns/promises';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import { addressLiteral, canonicalHostname, type AddressPolicy } from './address-policy';
import type { Lookup } from './outbound-url';

/** The system resolver (so /etc/hosts counts), every address it knows, in its order. */
export const systemLookup: Lookup = (hostname) => dnsLookup(hostname, { all: true, order: 'verbatim' });

const nonPublic = (host: string) => `${host} is not a public address (an operator can allow it with GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS)`;

/** A connection refused because of where it would have gone; never retried at the same address. */
export class BlockedAddressError extends Error {
  readonly code = 'GATEHOUSE_BLOCKED_ADDRESS';
  constructor(message: string) {
    super(message);
    this.name = 'BlockedAddressError';
  }
}

/** The guard's refusal, if the error is one or wraps one (fetch and the AI SDK wrap it twice). */
export function findBlockedAddress(error: unknown): BlockedAddressError | undefined {
  return findCause(error, (cause): cause is BlockedAddressError => cause instanceof BlockedAddressError);
}

/** The first of `error` and its causes (five deep: libraries wrap what they catch) that `matches`. */
export function findCause<T>(error: unknown, matches: (cause: unknown) => cause is T): T | undefined {
  for (let current = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    if (matches(current)) return current;
  }
  return undefined;
}

/**
 * The one address to connect to: the name resolved now, every answer checked (a single bad one
 * refuses the name, so a resolver cannot be raced into handing out the private one).
 */
export async function resolveAllowed(hostname: string, policy: AddressPolicy, lookup: Lookup): Promise<string> {
  const host = canonicalHostname(hostname);
  const literal = addressLiteral(host);
  if (literal) {
    if (policy.allowsHostname(host) || policy.allowsAddress(literal.toString())) return literal.toString();
    throw new BlockedAddressError(nonPublic(host));
  }
  const named = policy.allowsHostname(host);
  if (!named && (host === 'localhost' || host.endsWith('.localhost'))) throw new BlockedAddressError(nonPublic(host));
  const answers = await lookup(host);
  if (answers.length === 0) throw Object.assign(new Error(`${host} did not resolve`), { code: 'ENOTFOUND' });
  if (!named && answers.some((answer) => !policy.allowsAddress(answer.address))) throw new BlockedAddressError(nonPublic(host));
  return answers[0].address;
}

/**
 * undici's own connector, handed the checked address instead of the name. TLS still verifies
 * the certificate for the name (SNI and the identity check use `servername`), and each new
 * connection resolves afresh, so DNS rebinding between connections is caught as well.
 */
export function guardedConnector(policy: AddressPolicy, lookup: Lookup): buildConnector.connector {
  const connect = buildConnector({});
  return (options, callback) => {
    resolveAllowed(options.hostname, policy, lookup).then(
      (address) => {
        const servername = options.servername || (addressLiteral(options.hostname) ? undefined : canonicalHostname(options.hostname));
        connect({ ...options, hostname: address, servername }, callback);
      },
      (error: Error) => callback(error, null),
    );
  };
}

/** Pools for team-chosen hosts, apart from the operator's so neither can exhaust the other's. */
export function createGuardedAgent(policy: AddressPolicy, lookup: Lookup): Agent {
  // No per-origin cap, as in `lib/providers/http.ts`: calls are bounded per team and key at admission.
  return new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000, connections: null, pipelining: 1, connect: guardedConnector(policy, lookup) });
}

/**
 * fetch over the guarded pools. A redirect is never followed, whatever the caller asked for:
 * the 3xx itself comes back, which every caller treats as a failed answer (it is not `ok`), so
 * the AI SDK reports it as that HTTP status rather than as a network error worth retrying.
 */
export function guardedFetch(agent: Agent): typeof globalThis.fetch {
  return ((input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) =>
    undiciFetch(input as never, { ...(init as object), redirect: 'manual', dispatcher: agent } as never)) as unknown as typeof globalThis.fetch;
}
