import type { EmbeddingModelV4Result } from '@ai-sdk/provider';
import { GatewayError } from '../../gateway/errors';
import type { ClientProtocolAdapter, ParsedRequest, ResponseIdentity } from '../../gateway/types';
import { openAIErrorBody } from '../openai-chat/errors';
import { parseMember, scanObject, spliceMembers } from '../../json/splice';
import { spliceRequestBody, type PassthroughCodec } from '../passthrough';
import { estimateTokensOf } from '../shared/estimate-tokens';
import { embeddingsRequestSchema } from './schema';

/** Float32 little-endian, base64: what the OpenAI SDK asks for by default and decodes. */
function toBase64(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

function serializeEmbeddings(result: EmbeddingModelV4Result, identity: ResponseIdentity, request: ParsedRequest) {
  const base64 = request.body.encoding_format === 'base64';
  const tokens = result.usage?.tokens ?? 0;
  return {
    object: 'list',
    data: result.embeddings.map((vector, index) => ({ object: 'embedding', index, embedding: base64 ? toBase64(vector) : vector })),
    model: identity.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

const passthrough: PassthroughCodec = {
  path: '/embeddings',
  buildBody(request, upstreamModelId) {
    const { providerOptions: _gatewayOnly, ...body } = request.body;
    return { ...body, model: upstreamModelId };
  },
  spliceBody: (request, upstreamModelId) => spliceRequestBody(request, upstreamModelId),
  // The vectors are most of an embeddings answer: they are forwarded as the upstream wrote them.
  spliceJson(text, identity) {
    const scanned = scanObject(text);
    if (!scanned) return undefined;
    const tokens = (parseMember(scanned, 'usage') as { prompt_tokens?: number } | null | undefined)?.prompt_tokens;
    return {
      body: spliceMembers(scanned, { model: JSON.stringify(identity.model) }),
      usage: tokens === undefined ? undefined : { inputTokens: tokens, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, estimated: false },
      finishReason: undefined,
    };
  },
  transformJson(body, identity) {
    const value = body as { usage?: { prompt_tokens?: number } };
    const tokens = value.usage?.prompt_tokens;
    return {
      body: { ...value, model: identity.model },
      usage: tokens === undefined ? undefined : { inputTokens: tokens, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, estimated: false },
      finishReason: undefined,
    };
  },
  createStreamTransformer() {
    throw new Error('Embeddings do not stream');
  },
};

function notAvailable(): never {
  throw new GatewayError('internal', 'Embeddings have no chat output');
}

/** OpenAI Embeddings (`POST /v1/embeddings`), routed to providers that serve embedding models. */
export const embeddings: ClientProtocolAdapter = {
  id: 'embeddings',
  native: 'embeddings',
  passthrough,
  parse(body) {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new GatewayError('invalid_request', 'Invalid request: the body must be a JSON object');
    const result = embeddingsRequestSchema.safeParse(body);
    if (!result.success) throw GatewayError.fromZod(result.error);
    const request = result.data;
    const values = typeof request.input === 'string' ? [request.input] : request.input;
    const gateway = request.providerOptions?.gateway ?? {};
    return {
      model: request.model,
      stream: false,
      options: { ...gateway, user: gateway.user ?? request.user },
      body: body as Record<string, unknown>,
      toCallOptions: notAvailable,
      estimatedInputTokens: estimateTokensOf(values.join(' ')),
      maxOutputTokens: 0,
      embedding: { values, dimensions: request.dimensions },
    };
  },
  serializeResult: notAvailable,
  streamSerializer: notAvailable,
  streamError: () => [],
  errorBody: openAIErrorBody,
  serializeEmbeddings,
};
