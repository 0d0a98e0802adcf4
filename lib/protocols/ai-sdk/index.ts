import type { SharedV4Warning } from '@ai-sdk/provider';
import { GatewayError } from '../../gateway/errors';
import type { ClientProtocolAdapter, ParsedRequest } from '../../gateway/types';
import { estimateTokensOf } from '../shared/estimate-tokens';
import { openEnvelope, type Envelope } from './envelope';
import { aiSdkErrorBody } from './errors';
import { estimateInputTokens } from './estimate-input-tokens';
import { readGatewayOptions } from './gateway-options';
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

function parseLanguageModelCall(envelope: Envelope, body: Record<string, unknown>, version: SpecVersion): AiSdkRequest {
  const result = callOptionsSchema.safeParse(body);
  if (!result.success) throw GatewayError.fromZod(result.error);
  const request = result.data;
  const { options, warnings } = readGatewayOptions(request.providerOptions?.gateway);
  // Built now so a malformed prompt is a 400 before any routing, and its warnings are known.
  let prepared: ReturnType<typeof toCallOptions> | undefined = toCallOptions(request, warnings);
  return {
    model: envelope.modelId,
    stream: envelope.streaming,
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

function parseEmbeddingModelCall(envelope: Envelope, body: Record<string, unknown>, version: SpecVersion): AiSdkRequest {
  const result = embeddingBodySchema.safeParse(body);
  if (!result.success) throw GatewayError.fromZod(result.error);
  const request = result.data;
  const values = request.values ?? (typeof request.input === 'string' ? [request.input] : request.input!);
  const { options, warnings } = readGatewayOptions(request.providerOptions?.gateway);
  return {
    model: envelope.modelId,
    stream: false,
    options,
    body,
    toCallOptions: notAvailable,
    estimatedInputTokens: estimateTokensOf(values.join(' ')),
    maxOutputTokens: 0,
    embedding: { values, dimensions: request.dimensions },
    aiSdk: { version, warnings },
  };
}

/**
 * The AI SDK gateway protocol (`@ai-sdk/gateway`), one adapter per spec generation. Its body
 * is the canonical call on the wire, so parsing revives it and serializing writes it back,
 * converting V2/V3 shapes to and from V4. Never passed through: every upstream is reached
 * through its provider package.
 */
export function createAiSdkAdapter(version: SpecVersion): ClientProtocolAdapter {
  return {
    id: 'ai-sdk',
    native: null,
    passthrough: null,
    parse(raw) {
      const { envelope, body } = openEnvelope(raw);
      return envelope.kind === 'embedding' ? parseEmbeddingModelCall(envelope, body, version) : parseLanguageModelCall(envelope, body, version);
    },
    serializeResult: (result, identity, request) => serializeAiSdkResult(result, identity, version, stateOf(request).warnings),
    streamSerializer: (request, identity, tracker) => aiSdkStreamSerializer(identity, { version, warnings: stateOf(request).warnings }, tracker),
    streamError: aiSdkStreamError,
    errorBody: (error) => aiSdkErrorBody(error),
    serializeEmbeddings: (result, identity, request) => serializeAiSdkEmbeddings(result, identity, version, stateOf(request).warnings),
  };
}

export const aiSdkAdapters = Object.fromEntries(specVersions.map((version) => [version, createAiSdkAdapter(version)])) as Record<SpecVersion, ClientProtocolAdapter>;
