import type { ModelKind } from '@/db/schema';
import type { ParsedRequest } from './types';

/** The kind of model a parsed request calls: each door serves one kind. */
export function requestKind(request: ParsedRequest): ModelKind {
  if (request.media) return request.media.kind;
  if (request.rerank) return 'rerank';
  if (request.embedding) return 'embedding';
  return 'language';
}
