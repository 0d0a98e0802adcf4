import { pricePerToken } from '../../billing/format';
import type { CatalogModel, Offering } from '../../catalog/types';
import { getProvider } from '../../providers/registry';
import type { GatewayDeps } from '../deps';
import type { HeaderReader } from '../types';
import { visibleModels } from './visible-models';

function pricing(offering: Offering) {
  return {
    input: pricePerToken(offering.inputPrice),
    output: pricePerToken(offering.outputPrice),
    ...(offering.cacheReadPrice !== null ? { input_cache_read: pricePerToken(offering.cacheReadPrice) } : {}),
    ...(offering.cacheWritePrice !== null ? { input_cache_write: pricePerToken(offering.cacheWritePrice) } : {}),
  };
}

/** The OpenAI list shape, enriched with what a gateway user chooses a model by. */
export function describeModel(deps: GatewayDeps, model: CatalogModel, routable?: Set<string>) {
  const providers = model.offerings.map((offering) => {
    const provider = getProvider(offering.provider);
    const available = routable
      ? routable.has(offering.provider)
      : Boolean(provider && deps.systemConnection(provider).configured && deps.providerFacts(offering.provider)?.enabled !== false);
    return { provider: offering.provider, upstream_model_id: offering.upstreamModelId, available, pricing: pricing(offering) };
  });
  const cheapest = model.offerings[0];
  return {
    id: model.id,
    object: 'model',
    created: model.releasedAt ? Math.floor(Date.parse(model.releasedAt) / 1000) || 0 : 0,
    owned_by: model.creator,
    name: model.name,
    type: model.kind,
    context_window: model.contextWindow,
    max_output_tokens: model.maxOutputTokens,
    capabilities: model.capabilities,
    input_modalities: model.inputModalities,
    pricing: cheapest ? pricing(cheapest) : null,
    providers,
    available: providers.some((provider) => provider.available),
  };
}

// GET /v1/models — with a key, only what its team may use (see visible-models.ts)
export async function listModels(deps: GatewayDeps, headers: HeaderReader): Promise<Response> {
  const models = await visibleModels(deps, headers);
  return Response.json({ object: 'list', data: models.map(({ model, providers }) => describeModel(deps, model, providers)) });
}

// GET /v1/models/{id}
export async function getModel(deps: GatewayDeps, id: string, headers: HeaderReader): Promise<Response | undefined> {
  const found = (await visibleModels(deps, headers)).find(({ model }) => model.id === id);
  return found ? Response.json(describeModel(deps, found.model, found.providers)) : undefined;
}
