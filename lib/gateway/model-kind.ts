import type { ModelKind } from '@/db/schema';
import { GatewayError } from './errors';
import type { ParsedRequest } from './types';

/** The kind of model a parsed request calls: each door serves one kind. */
export function requestKind(request: ParsedRequest): ModelKind {
  if (request.rerank) return 'rerank';
  if (request.embedding) return 'embedding';
  return 'language';
}

const described: Record<ModelKind, { noun: string; door: string }> = {
  language: { noun: 'a language', door: 'a chat or messages endpoint' },
  embedding: { noun: 'an embedding', door: '/v1/embeddings' },
  rerank: { noun: 'a rerank', door: '/v1/rerank' },
  image: { noun: 'an image', door: 'the images endpoint' },
  speech: { noun: 'a speech', door: 'the speech endpoint' },
  transcription: { noun: 'a transcription', door: 'the transcription endpoint' },
};

/** A model called through a door for another kind: the 400 names the door that serves it. */
export function wrongDoor(modelId: string, kind: ModelKind): GatewayError {
  const { noun, door } = described[kind] ?? described.language;
  return new GatewayError('invalid_request', `'${modelId}' is ${noun} model; call it through ${door}.`, { param: 'model' });
}
