import { GatewayError } from '../../gateway/errors';
import { parseMember, parseObject, scanObject, spliceHead, spliceMembers } from '../../json/splice';
import { placeCacheBreakpoints } from './cache-breakpoints';
import { identityMembers, identityNames, spliceRequestBody, type PassthroughCodec } from '../passthrough';
import { sseEvent } from '../sse';
import { fromAnthropicUsage, mergeAnthropicUsage, type AnthropicUsage } from './usage';

type StreamEvent = {
  type?: string;
  message?: { id?: string; model?: string; usage?: AnthropicUsage };
  delta?: { type?: string; text?: string; partial_json?: string; thinking?: string; stop_reason?: string | null };
  usage?: AnthropicUsage;
  error?: { type?: string; message?: string };
};

function deltaChars(delta: StreamEvent['delta']): number {
  return (delta?.text?.length ?? 0) + (delta?.partial_json?.length ?? 0) + (delta?.thinking?.length ?? 0);
}

export const anthropicMessagesPassthrough: PassthroughCodec = {
  // The provider's base URL already ends in /v1.
  path: '/messages',
  forwardHeaders: ['anthropic-beta'],

  buildBody(request, upstreamModelId) {
    // `providerOptions` is Gatehouse's, and Anthropic rejects fields it does not know.
    const { providerOptions: _gatewayOnly, ...body } = request.body;
    body.model = upstreamModelId;
    return body;
  },

  spliceBody: (request, upstreamModelId) => spliceRequestBody(request, upstreamModelId),

  withPromptCaching: (body) => placeCacheBreakpoints(body).body,

  spliceJson(text, identity) {
    const head = spliceHead(text, identityMembers(identity), identityNames);
    if (head !== undefined) {
      // As in the chat door: the parse checks the rest and finds what the meter reads.
      const value = parseObject(text) as { usage?: unknown; stop_reason?: string | null } | undefined;
      if (!value) return undefined;
      return { body: head, usage: fromAnthropicUsage(value.usage), finishReason: value.stop_reason ?? undefined };
    }
    const scanned = scanObject(text);
    if (!scanned) return undefined;
    return {
      body: spliceMembers(scanned, identityMembers(identity)),
      usage: fromAnthropicUsage(parseMember(scanned, 'usage')),
      finishReason: (parseMember(scanned, 'stop_reason') as string | null | undefined) ?? undefined,
    };
  },

  transformJson(body, identity) {
    const value = body as { usage?: unknown; stop_reason?: string | null };
    return {
      body: { ...value, id: identity.generationId, model: identity.model },
      usage: fromAnthropicUsage(value.usage),
      finishReason: value.stop_reason ?? undefined,
    };
  },

  createStreamTransformer(_request, identity, tracker) {
    let usage: AnthropicUsage | undefined;
    return (message) => {
      let event: StreamEvent;
      try {
        event = JSON.parse(message.data) as StreamEvent;
      } catch {
        return [];
      }
      const name = message.event ?? event.type;
      switch (event.type) {
        case 'message_start':
          if (event.message) {
            event.message.id = identity.generationId;
            event.message.model = identity.model;
          }
          // Kept aside, not reported: a stream cut before message_delta must not look complete.
          usage = mergeAnthropicUsage(undefined, event.message?.usage);
          break;
        case 'content_block_delta': {
          const chars = deltaChars(event.delta);
          if (chars > 0) {
            tracker.firstTokenAt ??= Date.now();
            tracker.outputChars += chars;
          }
          break;
        }
        case 'message_delta':
          usage = mergeAnthropicUsage(usage, event.usage);
          tracker.usage = fromAnthropicUsage(usage);
          if (event.delta?.stop_reason) tracker.finishReason = event.delta.stop_reason;
          break;
        case 'error':
          tracker.error = new GatewayError(event.error?.type === 'overloaded_error' ? 'upstream_unavailable' : 'upstream_error', `Upstream error: ${event.error?.message ?? 'unknown error'}`);
          break;
      }
      // Only message_start names the message; every other event goes out as the upstream wrote it.
      if (event.type !== 'message_start' && !message.data.includes('\n') && !message.data.includes('\r')) return [sseEvent(message.data, name)];
      return [sseEvent(event, name)];
    };
  },
};
