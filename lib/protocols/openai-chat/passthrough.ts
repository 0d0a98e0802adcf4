import { GatewayError } from '../../gateway/errors';
import type { ParsedRequest } from '../../gateway/types';
import { firstElement, memberText, parseMember, parseObject, scanObject, spliceHead, spliceMembers } from '../../json/splice';
import { createHeadSplicer } from '../../json/head-splicer';
import { identityMembers, identityNames, spliceRequestBody, type PassthroughCodec } from '../passthrough';
import { sseEvent } from '../sse';
import { fromOpenAIChatUsage } from '../shared/usage';

function clientWantsUsage(request: ParsedRequest): boolean {
  const options = request.body.stream_options as { include_usage?: boolean } | null | undefined;
  return Boolean(options?.include_usage);
}

type Chunk = {
  id?: string;
  model?: string;
  choices?: Array<{ delta?: { content?: string | null; reasoning_content?: string | null; tool_calls?: Array<{ function?: { arguments?: string } }> }; finish_reason?: string | null }>;
  usage?: unknown;
  error?: unknown;
};

export const openAIChatPassthrough: PassthroughCodec = {
  path: '/chat/completions',

  buildBody(request, upstreamModelId) {
    const { providerOptions: _gatewayOnly, ...body } = request.body;
    body.model = upstreamModelId;
    // Always ask for usage so the request can be metered; stripped again below if the client did not ask.
    if (request.stream) body.stream_options = { ...(body.stream_options as object | undefined), include_usage: true };
    return body;
  },

  spliceBody(request, upstreamModelId) {
    if (!request.stream) return spliceRequestBody(request, upstreamModelId);
    const scanned = request.rawBody === undefined ? undefined : scanObject(request.rawBody);
    if (!scanned) return undefined;
    const options = memberText(scanned, 'stream_options');
    let streamOptions = '{"include_usage":true}';
    if (options !== undefined && options !== 'null') {
      const inner = scanObject(options);
      if (!inner) return undefined;
      streamOptions = spliceMembers(inner, { include_usage: 'true' });
    }
    return spliceRequestBody(request, upstreamModelId, { stream_options: streamOptions });
  },

  spliceJson(text, identity) {
    const head = spliceHead(text, identityMembers(identity), identityNames);
    if (head !== undefined) {
      // The head splice does not read the rest: parsing checks it is JSON and finds what the meter reads.
      const value = parseObject(text) as (Chunk & { choices?: Array<{ finish_reason?: string | null }> }) | undefined;
      if (!value) return undefined;
      return { body: head, usage: fromOpenAIChatUsage(value.usage), finishReason: value.choices?.[0]?.finish_reason ?? undefined };
    }
    const scanned = scanObject(text);
    if (!scanned) return undefined;
    const choice = firstElement(memberText(scanned, 'choices'));
    const choiceMembers = choice === undefined ? undefined : scanObject(choice);
    const finishReason = (choiceMembers ? parseMember(choiceMembers, 'finish_reason') : undefined) as string | null | undefined;
    return {
      body: spliceMembers(scanned, identityMembers(identity)),
      usage: fromOpenAIChatUsage(parseMember(scanned, 'usage')),
      finishReason: finishReason ?? undefined,
    };
  },

  transformJson(body, identity) {
    const value = body as Chunk & { choices?: Array<{ finish_reason?: string | null }> };
    const usage = fromOpenAIChatUsage(value.usage);
    return {
      body: { ...value, id: identity.generationId, model: identity.model },
      usage,
      finishReason: value.choices?.[0]?.finish_reason ?? undefined,
    };
  },

  createStreamTransformer(request, identity, tracker) {
    const includeUsage = clientWantsUsage(request);
    // Every event goes out as the upstream wrote it, with id and model spliced in (and usage cut when the client did not ask).
    const splice = createHeadSplicer(identityMembers(identity), includeUsage ? undefined : 'usage');
    return (message) => {
      if (message.data === '[DONE]') return [sseEvent('[DONE]')];
      let chunk: Chunk;
      try {
        chunk = JSON.parse(message.data) as Chunk;
      } catch {
        return [];
      }
      if (chunk.usage) tracker.usage = fromOpenAIChatUsage(chunk.usage);
      for (const choice of chunk.choices ?? []) {
        const delta = choice.delta;
        const chars = (delta?.content?.length ?? 0) + (delta?.reasoning_content?.length ?? 0) + (delta?.tool_calls ?? []).reduce((sum, call) => sum + (call.function?.arguments?.length ?? 0), 0);
        if (chars > 0) {
          tracker.firstTokenAt ??= Date.now();
          tracker.outputChars += chars;
        }
        if (choice.finish_reason) tracker.finishReason = choice.finish_reason;
      }
      if (chunk.error) {
        const message = (chunk.error as { message?: string }).message ?? 'Upstream error';
        tracker.error = new GatewayError('upstream_error', message);
        return [sseEvent(chunk)];
      }
      if (!includeUsage && (chunk.choices?.length ?? 0) === 0 && chunk.usage) return [];
      const spliced = splice(message.data);
      if (spliced !== undefined) return [sseEvent(spliced)];
      // Not `delete`: that turns the chunk into a slow dictionary object; JSON.stringify omits undefined.
      if (!includeUsage) chunk.usage = undefined;
      chunk.id = identity.generationId;
      chunk.model = identity.model;
      return [sseEvent(chunk)];
    };
  },
};
