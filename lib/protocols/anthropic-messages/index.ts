import { GatewayError } from '../../gateway/errors';
import type { ClientProtocolAdapter, ParsedRequest } from '../../gateway/types';
import { estimateTokensOf } from '../shared/estimate-tokens';
import { anthropicErrorBody } from './errors';
import { anthropicMessagesPassthrough } from './passthrough';
import { messagesRequestSchema } from './schema';
import { serializeMessagesResult } from './serialize-result';
import { messagesStreamError, messagesStreamSerializer } from './serialize-stream';
import { mapStopReason } from './stop-reason';
import { toCallOptions } from './to-call-options';

function parse(body: unknown): ParsedRequest {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new GatewayError('invalid_request', 'Invalid request: the body must be a JSON object');
  const result = messagesRequestSchema.safeParse(body);
  if (!result.success) throw GatewayError.fromZod(result.error);
  const request = result.data;
  const gateway = request.providerOptions?.gateway ?? {};
  return {
    model: request.model,
    stream: request.stream === true,
    options: { ...gateway, user: gateway.user ?? request.metadata?.user_id ?? undefined },
    body: body as Record<string, unknown>,
    toCallOptions: () => toCallOptions(request),
    estimatedInputTokens: estimateTokensOf([request.system ?? '', request.messages]),
    maxOutputTokens: request.max_tokens,
  };
}

/** Anthropic Messages (`POST /v1/messages`). */
export const anthropicMessages: ClientProtocolAdapter = {
  id: 'anthropic-messages',
  native: 'anthropic-messages',
  passthrough: anthropicMessagesPassthrough,
  parse,
  serializeResult: serializeMessagesResult,
  finishReasonLabel: mapStopReason,
  streamSerializer: (_request, identity, tracker) => messagesStreamSerializer(identity, tracker),
  streamError: messagesStreamError,
  errorBody: anthropicErrorBody,
};
