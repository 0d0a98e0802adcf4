import type { JSONObject, SharedV4ProviderMetadata } from '@ai-sdk/provider';
import { microsToDollarString } from '../../billing/format';
import { priceUsage } from '../../billing/pricing';
import type { ResponseIdentity, Usage } from '../../gateway/types';
import { routingMetadata, type AnswerOutcome } from './routing-metadata';

/** `providerMetadata.gateway.generationId`: the handle for `GET /v1/generation` (and the usage row). */
export function withGenerationId(metadata: SharedV4ProviderMetadata | undefined, identity: ResponseIdentity): SharedV4ProviderMetadata {
  return { ...metadata, gateway: { ...metadata?.gateway, generationId: identity.generationId } };
}

/**
 * Everything the hosted gateway reports where a call's result is read (the `generateText`
 * result, the stream's `finish`): the generation id; `cost` (what the team's credits are
 * charged, "0" for BYOK) and `marketCost` (the catalog price) as dollar strings, exactly as
 * the usage row records them, when the upstream reported usage; and `routing`, every attempt.
 */
export function withGatewayMetadata(
  metadata: SharedV4ProviderMetadata | undefined,
  identity: ResponseIdentity,
  answer: { usage?: Usage; outcome?: AnswerOutcome } = {},
): SharedV4ProviderMetadata {
  const gateway: JSONObject = { ...metadata?.gateway, generationId: identity.generationId };
  const routing = identity.routing;
  if (routing) {
    if (answer.usage) {
      const cost = priceUsage(answer.usage, routing.current.prices);
      gateway.cost = microsToDollarString(routing.current.credential === 'system' ? cost : 0);
      gateway.marketCost = microsToDollarString(cost);
    }
    gateway.routing = routingMetadata(routing, answer.outcome ?? { success: true });
  }
  return { ...metadata, gateway };
}
