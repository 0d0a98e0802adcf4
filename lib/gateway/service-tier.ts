import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import type { Attempt } from './plan';
import type { GatewayOptions } from './types';

/**
 * `providerOptions.gateway.serviceTier` (`flex` | `priority`) where the upstream has the same
 * tiers: OpenAI's `service_tier` on Chat Completions and Responses. Anthropic's API takes
 * only `auto` | `standard_only`, which neither value means, so there and everywhere else the
 * option is reported as ignored (`x-gatehouse-ignored-options`) rather than guessed at.
 */
function tierFor(options: GatewayOptions, attempt: Attempt): string | undefined {
  return options.serviceTier && attempt.provider.slug === 'openai' ? options.serviceTier : undefined;
}

/** Whether this attempt's body gets a `service_tier` from the gateway options. */
export function tierApplies(options: GatewayOptions, attempt: Attempt): boolean {
  return tierFor(options, attempt) !== undefined;
}

/** The pass-through body with `service_tier` added, unless the client set its own. */
export function withServiceTier(body: Record<string, unknown>, options: GatewayOptions, attempt: Attempt): Record<string, unknown> {
  const tier = tierFor(options, attempt);
  if (tier && body.service_tier === undefined) body.service_tier = tier;
  return body;
}

/** The translated call with the provider package's own `serviceTier` option, unless the client set its own. */
export function withServiceTierOption(call: LanguageModelV4CallOptions, options: GatewayOptions, attempt: Attempt): LanguageModelV4CallOptions {
  const tier = tierFor(options, attempt);
  const openai = call.providerOptions?.openai;
  if (!tier || openai?.serviceTier !== undefined) return call;
  return { ...call, providerOptions: { ...call.providerOptions, openai: { ...openai, serviceTier: tier } } };
}

const maxHeaderLength = 512;

/** `x-gatehouse-ignored-options`: the unknown keys, and `serviceTier` where this upstream has no such tier; undefined when nothing was ignored. */
export function ignoredOptionsHeader(options: GatewayOptions, attempt: Attempt): string | undefined {
  const ignored = options.ignored ?? [];
  const names = options.serviceTier && !tierFor(options, attempt) ? [...ignored, 'serviceTier'] : ignored;
  if (names.length === 0) return undefined;
  const value = names.join(',');
  return value.length > maxHeaderLength ? value.slice(0, value.lastIndexOf(',', maxHeaderLength)) : value;
}
