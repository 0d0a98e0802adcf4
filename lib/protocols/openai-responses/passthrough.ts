import { GatewayError } from '../../gateway/errors';
import { parseMember, scanObject, spliceMembers } from '../../json/splice';
import { identityMembers, spliceRequestBody, type PassthroughCodec } from '../passthrough';
import { sseEvent } from '../sse';
import { finishLabel } from './response-object';
import { fromResponsesUsage } from './usage';

type WireResponse = { id?: string; model?: string; status?: string; incomplete_details?: { reason?: string } | null; usage?: unknown; error?: { message?: string } | null };
type WireEvent = { type?: string; delta?: unknown; response?: WireResponse; message?: string; error?: { message?: string } };

/** Events whose `response` snapshot names the response: the client must see Gatehouse's id and model there. */
const lifecycleEvents = new Set(['response.created', 'response.queued', 'response.in_progress', 'response.completed', 'response.incomplete', 'response.failed']);
const outputDeltas = new Set([
  'response.output_text.delta',
  'response.refusal.delta',
  'response.function_call_arguments.delta',
  'response.reasoning_summary_text.delta',
  'response.reasoning_text.delta',
]);

export const openAIResponsesPassthrough: PassthroughCodec = {
  path: '/responses',

  buildBody(request, upstreamModelId) {
    const { providerOptions: _gatewayOnly, ...body } = request.body;
    body.model = upstreamModelId;
    return body;
  },

  spliceBody: (request, upstreamModelId) => spliceRequestBody(request, upstreamModelId),

  spliceJson(text, identity) {
    const scanned = scanObject(text);
    if (!scanned) return undefined;
    return {
      body: spliceMembers(scanned, identityMembers(identity)),
      usage: fromResponsesUsage(parseMember(scanned, 'usage')),
      finishReason: finishLabel(parseMember(scanned, 'status') as WireResponse['status'], parseMember(scanned, 'incomplete_details') as WireResponse['incomplete_details']),
    };
  },

  transformJson(body, identity) {
    const value = body as WireResponse;
    return {
      body: { ...value, id: identity.generationId, model: identity.model },
      usage: fromResponsesUsage(value.usage),
      finishReason: finishLabel(value.status, value.incomplete_details),
    };
  },

  createStreamTransformer(_request, identity, tracker) {
    return (message) => {
      let event: WireEvent;
      try {
        event = JSON.parse(message.data) as WireEvent;
      } catch {
        return [];
      }
      const type = event.type ?? message.event ?? '';
      if (outputDeltas.has(type) && typeof event.delta === 'string' && event.delta) {
        tracker.firstTokenAt ??= Date.now();
        tracker.outputChars += event.delta.length;
      }
      if (type === 'error') tracker.error = new GatewayError('upstream_error', event.message ?? event.error?.message ?? 'Upstream error');
      const response = event.response;
      if (!lifecycleEvents.has(type) || !response) {
        // Untouched events go out as the upstream wrote them, unless a newline would break the SSE frame.
        return [sseEvent(message.data.includes('\n') ? event : message.data, message.event ?? type)];
      }
      if (type === 'response.completed' || type === 'response.incomplete' || type === 'response.failed') {
        tracker.usage = fromResponsesUsage(response.usage) ?? tracker.usage;
        tracker.finishReason = finishLabel(response.status, response.incomplete_details);
      }
      if (type === 'response.failed') tracker.error ??= new GatewayError('upstream_error', response.error?.message ?? 'The upstream response failed');
      response.id = identity.generationId;
      response.model = identity.model;
      return [sseEvent(event, message.event ?? type)];
    };
  },
};
