import type { RerankingModelV4Result } from '@ai-sdk/provider';
import { GatewayError } from '../../gateway/errors';
import type { ClientProtocolAdapter, ParsedRequest, ResponseIdentity } from '../../gateway/types';
import { openAIErrorBody } from '../openai-chat/errors';
import { estimateTokensOf } from '../shared/estimate-tokens';
import { boundedDocumentTexts, estimateSearchUnits } from '../shared/rerank';
import { rerankRequestSchema, type RerankRequest } from './schema';

function notAvailable(): never {
  throw new GatewayError('internal', 'Rerank calls have no chat output');
}

/** Cohere's answer: results by relevance, each document echoed when asked, and the search units billed. */
function serializeRerank(result: RerankingModelV4Result, identity: ResponseIdentity, request: ParsedRequest, searchUnits: number) {
  const body = request.body as RerankRequest;
  return {
    id: identity.generationId,
    results: result.ranking.map(({ index, relevanceScore }) => {
      const document = body.documents[index];
      return {
        index,
        relevance_score: relevanceScore,
        ...(body.return_documents && document !== undefined ? { document: typeof document === 'string' ? { text: document } : document } : {}),
      };
    }),
    meta: { api_version: { version: '2' }, billed_units: { search_units: searchUnits } },
  };
}

/**
 * Errors in OpenAI's envelope, which OpenAI-style clients of `/v1/rerank` (LiteLLM, the AI SDK's
 * fetch users) read, plus Cohere's top-level `message`: Cohere's SDKs choose their error class
 * by HTTP status and show `message` from the body.
 */
function rerankErrorBody(error: GatewayError) {
  return { message: error.message, ...openAIErrorBody(error) };
}

/** Cohere-compatible rerank (`POST /v1/rerank`), routed to providers that serve rerank models. */
export const rerank: ClientProtocolAdapter = {
  id: 'rerank',
  native: null,
  passthrough: null,
  parse(body) {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new GatewayError('invalid_request', 'Invalid request: the body must be a JSON object');
    const result = rerankRequestSchema.safeParse(body);
    if (!result.success) throw GatewayError.fromZod(result.error);
    const request = result.data;
    // Cohere v1 ranks an object document by its `text`; upstreams take the texts.
    const values = request.documents.map((document) => (typeof document === 'string' ? document : document.text));
    const texts = boundedDocumentTexts(request.query, values, 'documents');
    const gateway = request.providerOptions?.gateway ?? {};
    return {
      model: request.model,
      stream: false,
      options: { ...gateway, user: gateway.user ?? request.user },
      body: body as Record<string, unknown>,
      toCallOptions: notAvailable,
      estimatedInputTokens: estimateTokensOf(request.query) + texts.reduce((sum, text) => sum + estimateTokensOf(text), 0),
      maxOutputTokens: 0,
      rerank: {
        query: request.query,
        documents: { type: 'text', values },
        topN: request.top_n,
        ...(request.max_tokens_per_doc ? { providerOptions: { cohere: { maxTokensPerDoc: request.max_tokens_per_doc } } } : {}),
      },
      maxUnits: { unit: 'search', quantity: estimateSearchUnits(request.query, texts) },
    };
  },
  serializeResult: notAvailable,
  streamSerializer: notAvailable,
  streamError: () => [],
  errorBody: rerankErrorBody,
  serializeRerank,
};
