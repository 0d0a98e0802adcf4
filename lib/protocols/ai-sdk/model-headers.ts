import { GatewayError } from '../../gateway/errors';
import type { HeaderReader } from '../../gateway/types';

/** The model kinds Gatehouse serves over the AI SDK protocol, by endpoint. */
export type ModelKind = 'language' | 'embedding' | 'reranking' | 'image' | 'speech' | 'transcription';

/** `@ai-sdk/gateway` names the model in a header, not the body: a different one per kind. */
export const modelIdHeaderByKind: Record<ModelKind, string> = {
  language: 'ai-language-model-id',
  embedding: 'ai-model-id',
  reranking: 'ai-model-id',
  image: 'ai-model-id',
  speech: 'ai-model-id',
  transcription: 'ai-model-id',
};

/** The model the call names, or '' when the header is missing: for logging, before anything is validated. */
export function requestedModelId(headers: HeaderReader, kind: ModelKind): string {
  return headers.get(modelIdHeaderByKind[kind])?.trim() ?? '';
}

/** The model id header, required: a call without one is the client's error, named in the 400. */
export function modelIdFromHeaders(headers: HeaderReader, kind: ModelKind): string {
  const modelId = requestedModelId(headers, kind);
  if (modelId === '') {
    const header = modelIdHeaderByKind[kind];
    throw new GatewayError('invalid_request', `Invalid request: the '${header}' header must name a model`, { param: header });
  }
  return modelId;
}

/** `ai-language-model-streaming: true` selects `doStream`; anything else is `doGenerate`. */
export const isStreamingCall = (headers: HeaderReader) => headers.get('ai-language-model-streaming') === 'true';
