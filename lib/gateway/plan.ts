import type { CatalogModel, Offering } from '../catalog/types';
import { getProvider, type ProviderDefinition } from '../providers/registry';
import type { Principal } from '../auth/api-key-auth';
import { GatewayError } from './errors';
import type { GatewayOptions } from './types';

export type Credential =
  | { type: 'byok'; id: string; apiKey: string; baseURL: string; upstreamModelId?: string }
  | { type: 'system'; apiKey: string | undefined; baseURL: string };

/** One way to serve the request: a model, a provider that serves it, and whose key to use. */
export type Attempt = {
  model: CatalogModel;
  offering: Offering;
  provider: ProviderDefinition;
  credential: Credential;
  upstreamModelId: string;
};

export type ByokCredential = { id: string; provider: string; apiKey: string; baseURL: string | null; modelMappings: Record<string, string>; zeroDataRetention: boolean };

export type PlanInput = {
  requestedModel: string;
  options: GatewayOptions;
  principal: Principal;
  lookupModel(id: string): CatalogModel | undefined;
  byok: ByokCredential[];
  system(provider: ProviderDefinition): { baseURL: string; apiKey: string | undefined; configured: boolean };
  facts(slug: string): { zeroDataRetention: boolean; trainsOnPrompts: boolean; enabled: boolean } | undefined;
};

function rank(order: string[], slug: string): number {
  const index = order.indexOf(slug);
  return index === -1 ? order.length : index;
}

/**
 * Every attempt, in the order they will be tried: the requested model, then each fallback
 * model; within a model, providers by request order, then the team's default order, then
 * catalog order; within a provider, the team's own credentials before the system's.
 * Team policy filters first and always wins; when it leaves nothing, the error says why.
 */
export function planAttempts(input: PlanInput): Attempt[] {
  const { options, principal } = input;
  const settings = principal.settings;
  const modelIds = [input.requestedModel, ...(options.models ?? [])];
  const attempts: Attempt[] = [];
  const reasons = new Set<string>();
  let knownModels = 0;

  for (const modelId of modelIds) {
    const model = input.lookupModel(modelId);
    if (!model) continue;
    knownModels += 1;
    const offerings = [...model.offerings].sort(
      (a, b) =>
        rank(options.order ?? [], a.provider) - rank(options.order ?? [], b.provider) ||
        rank(settings.defaultProviderOrder, a.provider) - rank(settings.defaultProviderOrder, b.provider),
    );
    for (const offering of offerings) {
      const provider = getProvider(offering.provider);
      if (!provider) continue;
      if (options.only && !options.only.includes(provider.slug)) {
        reasons.add(`'${provider.slug}' is not in providerOptions.gateway.only`);
        continue;
      }
      if (settings.providerAllowlist && !settings.providerAllowlist.includes(provider.slug)) {
        reasons.add(`'${provider.slug}' is not on the team's provider allowlist`);
        continue;
      }
      if (settings.providerDenylist.includes(provider.slug)) {
        reasons.add(`'${provider.slug}' is on the team's provider denylist`);
        continue;
      }
      const facts = input.facts(provider.slug);
      if (facts && !facts.enabled) {
        reasons.add(`'${provider.slug}' is disabled on this Gatehouse`);
        continue;
      }
      if (settings.disallowPromptTraining && facts?.trainsOnPrompts) {
        reasons.add(`'${provider.slug}' may train on prompts, which the team disallows`);
        continue;
      }
      for (const credential of input.byok.filter((candidate) => candidate.provider === provider.slug)) {
        if (settings.zeroDataRetention && !credential.zeroDataRetention && !facts?.zeroDataRetention) {
          reasons.add(`the team requires zero data retention and '${provider.slug}' credential is not marked ZDR`);
          continue;
        }
        const system = input.system(provider);
        attempts.push({
          model,
          offering,
          provider,
          credential: { type: 'byok', id: credential.id, apiKey: credential.apiKey, baseURL: (credential.baseURL ?? system.baseURL).replace(/\/+$/, '') },
          upstreamModelId: credential.modelMappings[model.id] ?? offering.upstreamModelId,
        });
      }
      const hasByok = input.byok.some((candidate) => candidate.provider === provider.slug);
      if (hasByok && !settings.byokFallbackToSystem) continue;
      if (settings.zeroDataRetention && !facts?.zeroDataRetention) {
        reasons.add(`the team requires zero data retention and '${provider.slug}' has no ZDR agreement`);
        continue;
      }
      const system = input.system(provider);
      if (!system.configured) {
        reasons.add(`no credentials are configured for '${provider.slug}'`);
        continue;
      }
      attempts.push({ model, offering, provider, credential: { type: 'system', apiKey: system.apiKey, baseURL: system.baseURL }, upstreamModelId: offering.upstreamModelId });
    }
  }

  if (knownModels === 0) {
    throw new GatewayError('model_not_found', `The model '${input.requestedModel}' does not exist. GET /v1/models lists the models this Gatehouse serves.`, {
      param: 'model',
    });
  }
  if (attempts.length === 0) {
    const why = [...reasons].join('; ') || 'no provider serves it';
    const onlyMissingCredentials = [...reasons].every((reason) => reason.startsWith('no credentials'));
    if (onlyMissingCredentials) {
      throw new GatewayError('no_credentials', `The model '${input.requestedModel}' is unavailable: ${why}. Add a provider key to the environment or a BYOK credential for the team.`);
    }
    throw new GatewayError('policy_violation', `The model '${input.requestedModel}' cannot be routed: ${why}.`);
  }
  return attempts;
}
