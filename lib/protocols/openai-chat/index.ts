import { GatewayError } from '../../gateway/errors';
import type { ClientProtocolAdapter, ParsedRequest } from '../../gateway/types';
import { estimateTokensOf } from '../shared/estimate-tokens';
import { openAIErrorBody } from './errors';
import { mapFinishReason } from './finish-reason';
import { openAIChatPassthrough } from './passthrough';
import { chatRequestSchema } from './schema';
import { serializeChatResult } from './serialize-result';
import { chatStreamError, chatStreamSerializer } from './serialize-stream';
import { toCallOptions } from './to-call-options';

function parse(body: unknown): ParsedRequest {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new GatewayError('invalid_request', 'Invalid request: the body must be a JSON object');
  const result = chatRequestSchema.safeParse(body);
  if (!result.success) throw GatewayError.fromZod(result.error);
  const request = result.data;
  const gateway = request.providerOptions?.gateway ?? {};
  return {
    model: request.model,
    stream: request.stream === true,
    options: { ...gateway, user: gateway.user ?? request.user ?? undefined },
    body: body as Record<string, unknown>,
    toCallOptions: () => toCallOptions(request),
    estimatedInputTokens: estimateTokensOf(request.messages),
    maxOutputTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
  };
}

/** OpenAI Chat Completions (`POST /v1/chat/completions`). */
export const openAIChat: ClientProtocolAdapter = {
  id: 'openai-chat',
  native: 'openai-chat',
  passthrough: openAIChatPassthrough,
  parse,
  serializeResult: serializeChatResult,
  finishReasonLabel: mapFinishReason,
  streamSerializer: (request, identity, tracker) =>
    chatStreamSerializer(identity, { includeUsage: Boolean((request.body.stream_options as { include_usage?: boolean } | null | undefined)?.include_usage) }, tracker),
  streamError: chatStreamError,
  errorBody: openAIErrorBody,
};
