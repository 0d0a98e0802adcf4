import type { CachingMode } from '../protocols/shared/gateway-options';
import { GatewayError } from './errors';
import type { Attempt } from './plan';
import type { GatewayOptions, HeaderReader } from './types';

/** Lets clients of any door (OpenAI, Anthropic, curl) ask for `caching` without `providerOptions`. */
export const CACHING_HEADER = 'x-gatehouse-caching';

/**
 * The caching a request gets: its own `providerOptions.gateway.caching`, else the
 * `x-gatehouse-caching` header, else the team's default. A request's `off` always wins.
 */
export function resolveCaching(options: GatewayOptions, headers: HeaderReader, teamDefault: boolean): CachingMode {
  if (options.caching) return options.caching;
  const header = headers.get(CACHING_HEADER)?.trim().toLowerCase();
  if (header === 'auto' || header === 'off') return header;
  if (header) throw new GatewayError('invalid_request', `Invalid request: the ${CACHING_HEADER} header must be 'auto' or 'off'.`, { param: CACHING_HEADER });
  return teamDefault ? 'auto' : 'off';
}

/**
 * Whether Gatehouse places cache breakpoints on this attempt: only upstreams that speak
 * Anthropic's format need them; OpenAI, Google and the OpenAI-compatible providers cache
 * prefixes on their own.
 */
export const placesBreakpoints = (options: GatewayOptions, attempt: Attempt): boolean => options.caching === 'auto' && attempt.provider.api === 'anthropic';
