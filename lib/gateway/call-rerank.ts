import { createRerankingModel } from '../providers/create-model';
import { billedSearchUnits } from '../protocols/shared/rerank';
import type { CallInput, UpstreamResult } from './call-upstream';
import { GatewayError } from './errors';
import { providerRefusal } from './provider-refusal';
import { emptyUsage } from './types';
import { boundedBodies, MAX_JSON_BODY_BYTES } from './upstream-limits';
import { upstreamReach } from './upstream-reach';

/**
 * A rerank through the provider's reranking model. Billed in search units: those the upstream
 * reports (Cohere's `meta.billed_units.search_units`), else the request's estimate under
 * Cohere's rule, marked estimated.
 */
export async function callRerank({ attempt, protocol, request, identity, totalTimeoutMs, teamNetwork }: CallInput): Promise<UpstreamResult> {
  const fetch = boundedBodies(upstreamReach(attempt.credential, teamNetwork).fetch, MAX_JSON_BODY_BYTES);
  const model = await createRerankingModel(attempt.provider, { baseURL: attempt.credential.baseURL, apiKey: attempt.credential.apiKey, fetch }, attempt.upstreamModelId);
  // Not the upstream's fault (an offering an admin added for a provider without a rerank API): the next attempt may serve it.
  if (!model) throw new GatewayError('invalid_request', `'${attempt.provider.slug}' has no rerank API, so it cannot serve '${attempt.model.id}'.`, { param: 'model' });
  const result = await Promise.resolve(model.doRerank({ ...request.rerank!, abortSignal: AbortSignal.timeout(totalTimeoutMs) })).catch((error: unknown) => {
    throw providerRefusal(error, attempt.provider.name) ?? error;
  });
  const billed = billedSearchUnits(result.response?.body);
  const searchUnits = billed ?? request.maxUnits?.quantity ?? 1;
  return {
    kind: 'json',
    body: protocol.serializeRerank!(result, identity, request, searchUnits),
    usage: { ...emptyUsage(), estimated: billed === undefined, units: { unit: 'search', quantity: searchUnits } },
    finishReason: undefined,
  };
}
