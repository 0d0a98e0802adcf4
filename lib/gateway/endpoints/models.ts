import { pricePerToken } from '../../billing/format';
import type { CatalogModel, Offering } from '../../catalog/types';
import { getProvider } from '../../providers/registry';
import type { GatewayDeps } from '../deps';

function pricing(offering: Offering) {
  return {
    input: pricePerToken(offering.inputPrice),
    output: pricePerToken(offering.outputPrice),
    ...(offering.cacheReadPrice !== null ? { input_cache_read: pricePerToken(offering.cacheReadPrice) } : {}),
    ...(offering.cacheWritePrice !== null ? { input_cache_write: pricePerToken(offering.cacheWritePrice) } : {}),
  };
}

/** The OpenAI list shape, enriched with what a gateway user chooses a model by. */
export function describeModel(deps: GatewayDeps, model: CatalogModel) {
  const providers = model.offerings.map((offering) => {
    const provider = getProvider(offering.provider);
    const available = Boolean(provider && deps.systemConnection(provider).configured && deps.providerFacts(offering.provider)?.enabled !== false);
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

// GET /v1/models
export async function listModels(deps: GatewayDeps): Promise<Response> {
  const models = (await deps.catalog.list()).sort((a, b) => a.id.localeCompare(b.id));
  return Response.json({ object: 'list', data: models.map((model) => describeModel(deps, model)) });
}

// GET /v1/models/{id}
export async function getModel(deps: GatewayDeps, id: string): Promise<Response | undefined> {
  const model = await deps.catalog.lookup(id);
  return model ? Response.json(describeModel(deps, model)) : undefined;
}
