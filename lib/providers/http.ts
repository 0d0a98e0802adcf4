import { Agent, fetch as undiciFetch } from 'undici';
import type { ProviderDefinition } from './registry';

/**
 * One keep-alive pool per upstream origin, shared by both paths, with no cap on connections
 * per origin. A cap here is one queue shared by every team: with `connections: 256`, one team's
 * 2,000 slow streams held every socket to the origin and any other team's call waited behind
 * them. Sockets are bounded instead by admission, per team and per key, before a pool is
 * touched (`lib/gateway/concurrency-slot.ts`): this instance opens at most the sum of the caps of
 * the teams calling it, and no team can hold more than its own.
 */
export const upstreamAgent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000, connections: null, pipelining: 1 });

/** The AI SDK providers' fetch, over the same pools. */
export const upstreamFetch = ((input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) =>
  undiciFetch(input as never, { ...(init as object), dispatcher: upstreamAgent } as never)) as unknown as typeof globalThis.fetch;

/** Headers that carry a credential in the provider's own convention. */
export function authHeaders(provider: ProviderDefinition, apiKey: string | undefined): Record<string, string> {
  if (!apiKey) return {};
  switch (provider.api) {
    case 'anthropic':
      return { 'x-api-key': apiKey, 'anthropic-version': '2023-06-01' };
    case 'google':
      return { 'x-goog-api-key': apiKey };
    default:
      return { authorization: `Bearer ${apiKey}` };
  }
}
