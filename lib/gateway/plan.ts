import type { Principal } from '../auth/api-key-auth';
import type { CatalogModel, Offering } from '../catalog/types';
import { getProvider, type ProviderDefinition } from '../providers/registry';
import { GatewayError } from './errors';
import { modelListRefusal } from './model-policy';
import type { GatewayOptions } from './types';

export type Credential =
  /** `guarded`: the base URL is the team's or the request's, so it is reached only through the team network. */
  | { type: 'byok'; id: string; apiKey: string; baseURL: string; guarded: boolean }
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

export type ProviderFacts = { zeroDataRetention: boolean; trainsOnPrompts: boolean; enabled: boolean; headquarters: string };

export type PlanInput = {
  requestedModel: string;
  options: GatewayOptions;
  principal: Principal;
  lookupModel(id: string): CatalogModel | undefined;
  byok: ByokCredential[];
  system(provider: ProviderDefinition): { baseURL: string; apiKey: string | undefined; configured: boolean };
  facts(slug: string): ProviderFacts | undefined;
  health?: { degraded(provider: string): boolean; ttftMs(provider: string, model: string): number; tokensPerSecond(provider: string, model: string): number };
};

const rank = (order: readonly string[] | undefined, slug: string) => {
  const index = order?.indexOf(slug) ?? -1;
  return index === -1 ? Number.MAX_SAFE_INTEGER : index;
};

/** Why a provider may not serve this request under the request's options and the team's policy, or null. */
function exclusion(provider: ProviderDefinition, facts: ProviderFacts | undefined, input: PlanInput): string | null {
  const { options, principal } = input;
  const settings = principal.settings;
  if (options.only && !options.only.includes(provider.slug)) return `'${provider.slug}' is not in providerOptions.gateway.only`;
  if (settings.providerAllowlist && !settings.providerAllowlist.includes(provider.slug)) return `'${provider.slug}' is not on the team's provider allowlist`;
  if (settings.providerDenylist.includes(provider.slug)) return `'${provider.slug}' is on the team's provider denylist`;
  if (facts && !facts.enabled) return `'${provider.slug}' is disabled on this Gatehouse`;
  if ((settings.disallowPromptTraining || options.disallowPromptTraining) && facts?.trainsOnPrompts) {
    return `'${provider.slug}' may train on prompts, which ${options.disallowPromptTraining ? 'the request' : 'the team'} disallows`;
  }
  if (options.headquarters?.length) {
    const country = (facts?.headquarters ?? provider.facts.headquarters).toUpperCase();
    const include = options.headquarters.filter((code) => !code.startsWith('!')).map((code) => code.toUpperCase());
    const exclude = options.headquarters.filter((code) => code.startsWith('!')).map((code) => code.slice(1).toUpperCase());
    if (exclude.includes(country) || (include.length > 0 && !include.includes(country))) {
      return `'${provider.slug}' is headquartered in ${country}, outside providerOptions.gateway.headquarters`;
    }
  }
  return null;
}

/** Why an offering fails the request's weight-format conditions, or null. Unknown formats fail a requirement and pass an exclusion. */
function quantizationExclusion(offering: Offering, options: GatewayOptions): string | null {
  const format = offering.quantization ?? null;
  if (options.quantization?.length && (format === null || !options.quantization.includes(format))) {
    return `'${offering.provider}' does not report the weight format ${options.quantization.join(', ')}`;
  }
  if (format !== null && options.excludedQuantization?.includes(format)) return `'${offering.provider}' serves ${format} weights, which the request excludes`;
  return null;
}

/** The request's first-byte timeout for this attempt: `providerTimeouts.byok` governs BYOK credentials, the flat form every credential. */
export function firstByteTimeout(options: GatewayOptions, attempt: Attempt): number | undefined {
  const slug = attempt.provider.slug;
  return (attempt.credential.type === 'byok' ? options.byokProviderTimeouts?.[slug] : undefined) ?? options.providerTimeouts?.[slug];
}

/**
 * Every attempt, in the order they will be tried: the requested model, then each fallback
 * model. Within a model, providers by the request's `order`, then the team's default order,
 * healthy before degraded, then by `sort` (cost, observed ttft or throughput), then catalog
 * order. Within a provider: request-scoped keys, then the team's own, then the system's.
 * Team policy filters first and always wins; when it leaves nothing, the error says why.
 */
export function planAttempts(input: PlanInput): Attempt[] {
  const { options, principal } = input;
  const settings = principal.settings;
  const zdr = settings.zeroDataRetention || options.zeroDataRetention === true;
  const attempts: Attempt[] = [];
  const reasons = new Set<string>();
  let knownModels = 0;
  const modelRefusals: string[] = [];

  for (const modelId of [input.requestedModel, ...(options.models ?? [])]) {
    const model = input.lookupModel(modelId);
    if (!model) continue;
    knownModels += 1;
    // Before any provider: a blocked model is skipped (a fallback may serve) and named in the 403.
    const refusal = modelListRefusal(model.id, { team: settings, key: principal.keyModels });
    if (refusal) {
      modelRefusals.push(refusal);
      continue;
    }
    const missing = (options.has ?? []).filter((capability) => !model.capabilities.includes(capability));
    if (missing.length > 0) {
      reasons.add(`'${model.id}' lacks ${missing.join(', ')}`);
      continue;
    }
    const sortKey = (offering: Offering) => {
      switch (options.sort) {
        case 'cost':
          return offering.inputPrice + offering.outputPrice;
        case 'ttft':
          return input.health?.ttftMs(offering.provider, model.id) ?? 0;
        case 'tps':
          return -(input.health?.tokensPerSecond(offering.provider, model.id) ?? 0);
        default:
          return 0;
      }
    };
    const offerings = model.offerings
      .map((offering, index) => ({ offering, index }))
      .sort(
        (a, b) =>
          rank(options.order, a.offering.provider) - rank(options.order, b.offering.provider) ||
          rank(settings.defaultProviderOrder, a.offering.provider) - rank(settings.defaultProviderOrder, b.offering.provider) ||
          Number(input.health?.degraded(a.offering.provider) ?? false) - Number(input.health?.degraded(b.offering.provider) ?? false) ||
          sortKey(a.offering) - sortKey(b.offering) ||
          a.index - b.index,
      )
      .map(({ offering }) => offering);

    for (const offering of offerings) {
      const provider = getProvider(offering.provider);
      if (!provider) continue;
      const facts = input.facts(provider.slug);
      const excluded = exclusion(provider, facts, input) ?? quantizationExclusion(offering, options);
      if (excluded) {
        reasons.add(excluded);
        continue;
      }
      const system = input.system(provider);
      const add = (credential: Credential, mappings: Record<string, string> = {}) =>
        attempts.push({ model, offering, provider, credential, upstreamModelId: mappings[model.id] ?? offering.upstreamModelId });

      // Keys sent with the request are the caller's own agreement with the provider.
      (options.byok?.[provider.slug] ?? []).forEach((credential, index) =>
        add(
          { type: 'byok', id: `request-${index + 1}`, apiKey: credential.apiKey, baseURL: (credential.baseURL ?? system.baseURL).replace(/\/+$/, ''), guarded: credential.baseURL !== undefined },
          credential.modelMappings,
        ),
      );
      const teamKeys = input.byok.filter((candidate) => candidate.provider === provider.slug);
      for (const credential of teamKeys) {
        if (zdr && !credential.zeroDataRetention && !facts?.zeroDataRetention) {
          reasons.add(`zero data retention is required and the team's '${provider.slug}' credential is not marked ZDR`);
          continue;
        }
        add({ type: 'byok', id: credential.id, apiKey: credential.apiKey, baseURL: (credential.baseURL ?? system.baseURL).replace(/\/+$/, ''), guarded: credential.baseURL !== null }, credential.modelMappings);
      }
      if ((teamKeys.length > 0 || options.byok?.[provider.slug]) && !settings.byokFallbackToSystem) continue;
      if (zdr && !facts?.zeroDataRetention) {
        reasons.add(`zero data retention is required and '${provider.slug}' has no ZDR agreement`);
        continue;
      }
      if (!system.configured) {
        reasons.add(`no credentials are configured for '${provider.slug}'`);
        continue;
      }
      add({ type: 'system', apiKey: system.apiKey, baseURL: system.baseURL });
    }
  }

  if (knownModels === 0) {
    throw new GatewayError('model_not_found', `The model '${input.requestedModel}' does not exist. GET /v1/models lists the models this Gatehouse serves.`, {
      param: 'model',
    });
  }
  if (attempts.length === 0 && modelRefusals.length === knownModels) {
    throw new GatewayError('policy_violation', `${modelRefusals.join('; ')}.`, { param: 'model' });
  }
  if (attempts.length === 0) {
    for (const refusal of modelRefusals) reasons.add(refusal);
    const why = [...reasons].join('; ') || 'no provider serves it';
    if ([...reasons].every((reason) => reason.startsWith('no credentials'))) {
      throw new GatewayError('no_credentials', `The model '${input.requestedModel}' is unavailable: ${why}. Add a provider key to the environment or a BYOK credential for the team.`);
    }
    throw new GatewayError('policy_violation', `The model '${input.requestedModel}' cannot be routed: ${why}.`);
  }
  return attempts;
}
