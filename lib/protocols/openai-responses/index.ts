import { GatewayError } from '../../gateway/errors';
import type { ClientProtocolAdapter, ParsedRequest } from '../../gateway/types';
import { openAIErrorBody } from '../openai-chat/errors';
import { estimateTokensOf } from '../shared/estimate-tokens';
import { openAIResponsesPassthrough } from './passthrough';
import { finishLabel, responseSettings, terminalState, type ResponseSettings } from './response-object';
import { responsesRequestSchema } from './schema';
import { serializeResponsesResult } from './serialize-result';
import { responsesStreamError, responsesStreamSerializer } from './serialize-stream';
import { toCallOptions } from './to-call-options';

/** What a stream's Response object echoes, kept per parsed request. */
const settingsByRequest = new WeakMap<ParsedRequest, ResponseSettings>();

/** Gatehouse keeps no responses, so nothing can be resolved by id: the client sends the whole conversation. */
function rejectStoredState(body: Record<string, unknown>) {
  for (const param of ['previous_response_id', 'conversation'] as const) {
    if (body[param] == null) continue;
    throw new GatewayError(
      'invalid_request',
      `Invalid request: '${param}' is not supported: Gatehouse is a stateless gateway and does not store responses. Send the full conversation in 'input' instead.`,
      { param },
    );
  }
}

function parse(body: unknown): ParsedRequest {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new GatewayError('invalid_request', 'Invalid request: the body must be a JSON object');
  rejectStoredState(body as Record<string, unknown>);
  const result = responsesRequestSchema.safeParse(body);
  if (!result.success) throw GatewayError.fromZod(result.error);
  const request = result.data;
  if (typeof request.input !== 'string') {
    const reference = request.input.findIndex((item) => item.type === 'item_reference');
    if (reference >= 0) {
      throw new GatewayError('invalid_request', 'Invalid request: Gatehouse does not store items, so an item_reference cannot be resolved. Send the full item instead.', {
        param: `input.${reference}`,
      });
    }
  }
  const gateway = request.providerOptions?.gateway ?? {};
  const parsed: ParsedRequest = {
    model: request.model,
    stream: request.stream === true,
    options: { ...gateway, user: gateway.user ?? request.safety_identifier ?? request.user ?? undefined },
    body: body as Record<string, unknown>,
    toCallOptions: () => toCallOptions(request),
    estimatedInputTokens: estimateTokensOf([request.instructions ?? '', request.input]),
    maxOutputTokens: request.max_output_tokens ?? undefined,
  };
  settingsByRequest.set(parsed, responseSettings(request));
  return parsed;
}

/** OpenAI Responses (`POST /v1/responses`). */
export const openAIResponses: ClientProtocolAdapter = {
  id: 'openai-responses',
  native: 'openai-responses',
  passthrough: openAIResponsesPassthrough,
  parse,
  serializeResult: (result, identity, request) => serializeResponsesResult(result, identity, settingsByRequest.get(request)),
  finishReasonLabel: (reason) => {
    const { status, incompleteDetails } = terminalState(reason);
    return finishLabel(status, incompleteDetails);
  },
  streamSerializer: (request, identity, tracker) => responsesStreamSerializer(identity, settingsByRequest.get(request) ?? responseSettings(undefined), tracker),
  streamError: responsesStreamError,
  errorBody: openAIErrorBody,
};
