import { Agent, fetch as undiciFetch } from 'undici';
import type { ProviderDefinition } from './registry';

/** One keep-alive pool per upstream origin, shared by both paths. */
export const upstreamAgent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000, connections: 256, pipelining: 1 });

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
