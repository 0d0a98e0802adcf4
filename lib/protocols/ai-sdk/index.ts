import type { SharedV4ProviderOptions, SharedV4Warning } from '@ai-sdk/provider';
import { GatewayError } from '../../gateway/errors';
import type { ClientProtocolAdapter, HeaderReader, ParsedRequest } from '../../gateway/types';
import { estimateTokensOf } from '../shared/estimate-tokens';
import { aiSdkErrorBody } from './errors';
import { estimateInputTokens } from './estimate-input-tokens';
import { readGatewayOptions } from './gateway-options';
import { parseRerankingModelCall, serializeAiSdkRanking } from './reranking';
import { isStreamingCall, modelIdFromHeaders, requestedModelId, type ModelKind } from './model-headers';
import { parseAiSdkMediaCall, serializeAiSdkMedia } from './media';
import { callOptionsSchema, embeddingBodySchema } from './schema';
import { serializeAiSdkEmbeddings, serializeAiSdkResult } from './serialize-result';
import { aiSdkStreamError, aiSdkStreamSerializer } from './serialize-stream';
import { specVersions, type SpecVersion } from './spec-version';
import { toCallOptions } from './to-call-options';

/** A parsed AI SDK call: the pipeline's request plus what the serializers need to answer it. */
export type AiSdkRequest = ParsedRequest & { aiSdk: { version: SpecVersion; warnings: SharedV4Warning[] } };

const stateOf = (request: ParsedRequest) => (request as Partial<AiSdkRequest>).aiSdk ?? { version: 4 as const, warnings: [] };

function notAvailable(): never {
  throw new GatewayError('internal', 'Embedding calls have no language-model output');
}

function objectBody(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new GatewayError('invalid_request', 'Invalid request: the body must be a JSON object');
  return body as Record<string, unknown>;
}

function parseLanguageModelCall(body: Record<string, unknown>, headers: HeaderReader, version: SpecVersion): AiSdkRequest {
  const model = modelIdFromHeaders(headers, 'language');
  const result = callOptionsSchema.safeParse(body);
  if (!result.success) throw GatewayError.fromZod(result.error);
  const request = result.data;
  const { options, warnings } = readGatewayOptions(request.providerOptions?.gateway);
  // Built now so a malformed prompt is a 400 before any routing, and its warnings are known.
  let prepared: ReturnType<typeof toCallOptions> | undefined = toCallOptions(request, warnings);
  return {
    model,
    stream: isStreamingCall(headers),
    options,
    body,
    toCallOptions: () => {
      const callOptions = prepared ?? toCallOptions(request, []);
      prepared = undefined;
      return callOptions;
    },
    estimatedInputTokens: estimateInputTokens(request),
    maxOutputTokens: request.maxOutputTokens,
    aiSdk: { version, warnings },
  };
}

function parseEmbeddingModelCall(body: Record<string, unknown>, headers: HeaderReader, version: SpecVersion): AiSdkRequest {
  const model = modelIdFromHeaders(headers, 'embedding');
  const result = embeddingBodySchema.safeParse(body);
  if (!result.success) throw GatewayError.fromZod(result.error);
  const request = result.data;
  const values = request.values ?? (typeof request.input === 'string' ? [request.input] : request.input!);
  const { gateway, ...providerOptions } = request.providerOptions ?? {};
  const { options, warnings } = readGatewayOptions(gateway);
  return {
    model,
    stream: false,
    options,
    body,
    toCallOptions: notAvailable,
    estimatedInputTokens: estimateTokensOf(values.join(' ')),
    maxOutputTokens: 0,
    // V2/V3 clients have no `dimensions` field: `providerOptions.openai.dimensions` (or Google's
    // `outputDimensionality`) is how they ask, so the provider options travel with the values.
    embedding: {
      values,
      dimensions: request.dimensions,
      ...(Object.keys(providerOptions).length > 0 ? { providerOptions: providerOptions as SharedV4ProviderOptions } : {}),
    },
    aiSdk: { version, warnings },
  };
}

const parsers: Record<ModelKind, (body: Record<string, unknown>, headers: HeaderReader, version: SpecVersion) => AiSdkRequest> = {
  language: parseLanguageModelCall,
  embedding: parseEmbeddingModelCall,
  reranking: parseRerankingModelCall,
  image: (body, headers, version) => parseAiSdkMediaCall('image', body, headers, version),
  speech: (body, headers, version) => parseAiSdkMediaCall('speech', body, headers, version),
  transcription: (body, headers, version) => parseAiSdkMediaCall('transcription', body, headers, version),
};

/**
 * The AI SDK gateway protocol (`@ai-sdk/gateway`), one adapter per spec generation and model
 * kind. Its body is the canonical call on the wire, so parsing revives it and serializing
 * writes it back, converting V2/V3 shapes to and from V4; the model id and the streaming flag
 * travel in headers. Never passed through: every upstream is reached through its provider package.
 */
export function createAiSdkAdapter(version: SpecVersion, kind: ModelKind): ClientProtocolAdapter {
  return {
    id: 'ai-sdk',
    native: null,
    passthrough: null,
    // The client stores reasoning with its provider metadata and sends it back on the next turn.
    keepsReasoning: true,
    requestedModel: (_body, headers) => requestedModelId(headers, kind),
    parse: (body, headers) => parsers[kind](objectBody(body), headers, version),
    serializeResult: (result, identity, request) => serializeAiSdkResult(result, identity, version, stateOf(request).warnings),
    streamSerializer: (request, identity, tracker) => aiSdkStreamSerializer(identity, { version, warnings: stateOf(request).warnings }, tracker),
    streamError: aiSdkStreamError,
    errorBody: (error) => aiSdkErrorBody(error),
    serializeEmbeddings: (result, identity, request) => serializeAiSdkEmbeddings(result, identity, version, stateOf(request).warnings),
    serializeRerank: (result, identity, request, searchUnits) => serializeAiSdkRanking(result, identity, version, stateOf(request).warnings, searchUnits),
    serializeMedia: (result, identity, request, usage) => serializeAiSdkMedia(result, identity, version, stateOf(request).warnings, usage),
  };
}

export const aiSdkAdapters = Object.fromEntries(
  specVersions.map((version) => [
    version,
    Object.fromEntries((['language', 'embedding', 'reranking', 'image', 'speech', 'transcription'] as const).map((kind) => [kind, createAiSdkAdapter(version, kind)])),
  ]),
) as Record<SpecVersion, Record<ModelKind, ClientProtocolAdapter>>;
