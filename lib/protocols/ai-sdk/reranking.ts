import type { JSONObject, RerankingModelV4Result, SharedV4ProviderOptions, SharedV4Warning } from '@ai-sdk/provider';
import { z } from 'zod';
import { GatewayError } from '../../gateway/errors';
import { emptyUsage, type HeaderReader, type ParsedRequest, type ResponseIdentity } from '../../gateway/types';
import { estimateTokensOf } from '../shared/estimate-tokens';
import { boundedDocumentTexts, estimateSearchUnits, rerankLimits } from '../shared/rerank';
import { readGatewayOptions } from './gateway-options';
import { modelIdFromHeaders } from './model-headers';
import { withGatewayMetadata } from './provider-metadata';
import type { SpecVersion } from './spec-version';
import { toWireWarnings } from './to-wire';

const documentCount = <T extends z.ZodType>(values: z.ZodArray<T>) =>
  values.min(1, 'documents.values must not be empty').max(rerankLimits.maxDocuments, `at most ${rerankLimits.maxDocuments} documents per call`);

/** `GatewayRerankingModel.doRerank`'s body: the reranking model's call options minus the signal. */
export const rerankingBodySchema = z.looseObject({
  documents: z.discriminatedUnion('type', [
    z.object({ type: z.literal('text'), values: documentCount(z.array(z.string())) }),
    z.object({ type: z.literal('object'), values: documentCount(z.array(z.record(z.string(), z.unknown()))) }),
  ]),
  query: z.string().min(1, 'query must not be empty').max(rerankLimits.maxQueryChars),
  topN: z.number().int().positive().optional(),
  providerOptions: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
});

/** `POST {base}/reranking-model`: the model id in `ai-model-id`, `gateway` options apart from the provider's own. */
export function parseRerankingModelCall(body: Record<string, unknown>, headers: HeaderReader, version: SpecVersion): ParsedRequest & { aiSdk: { version: SpecVersion; warnings: SharedV4Warning[] } } {
  const model = modelIdFromHeaders(headers, 'reranking');
  const result = rerankingBodySchema.safeParse(body);
  if (!result.success) throw GatewayError.fromZod(result.error);
  const request = result.data;
  const texts = boundedDocumentTexts(request.query, request.documents.values, 'documents.values');
  const { gateway, ...providerOptions } = request.providerOptions ?? {};
  const { options, warnings } = readGatewayOptions(gateway);
  return {
    model,
    stream: false,
    options,
    body,
    toCallOptions: () => {
      throw new GatewayError('internal', 'Reranking calls have no language-model output');
    },
    estimatedInputTokens: estimateTokensOf(request.query) + texts.reduce((sum, text) => sum + estimateTokensOf(text), 0),
    maxOutputTokens: 0,
    rerank: {
      query: request.query,
      documents: request.documents.type === 'text' ? request.documents : { type: 'object', values: request.documents.values as JSONObject[] },
      topN: request.topN,
      ...(Object.keys(providerOptions).length > 0 ? { providerOptions: providerOptions as SharedV4ProviderOptions } : {}),
    },
    maxUnits: { unit: 'search', quantity: estimateSearchUnits(request.query, texts) },
    aiSdk: { version, warnings },
  };
}

/** The JSON `doRerank` receives: `{ ranking, warnings, providerMetadata }`, the gateway's cost and routing in `providerMetadata.gateway`. */
export function serializeAiSdkRanking(result: RerankingModelV4Result, identity: ResponseIdentity, version: SpecVersion, warnings: SharedV4Warning[], searchUnits: number) {
  return {
    ranking: result.ranking.map(({ index, relevanceScore }) => ({ index, relevanceScore })),
    warnings: toWireWarnings([...warnings, ...(result.warnings ?? [])], version),
    providerMetadata: withGatewayMetadata(result.providerMetadata, identity, { usage: { ...emptyUsage(), units: { unit: 'search', quantity: searchUnits } } }),
  };
}
