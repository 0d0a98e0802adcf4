import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { GatewayError } from '../../gateway/errors';
import type { ResponseIdentity, StreamTracker } from '../../gateway/types';
import { sseEvent } from '../sse';
import { fromSdkUsage, toOpenAIChatUsage } from '../shared/usage';
import { openAIErrorBody } from './errors';
import { mapFinishReason } from './finish-reason';

/** An in-stream error as the OpenAI SDK expects it: a data payload with a top-level `error`, then [DONE]. */
export function chatStreamError(error: GatewayError): Uint8Array[] {
  return [sseEvent(openAIErrorBody(error)), sseEvent('[DONE]')];
}

/** AI SDK stream parts → `chat.completion.chunk` SSE. Usage goes out after the finish chunk, if asked for. */
export function chatStreamSerializer(
  identity: ResponseIdentity,
  options: { includeUsage: boolean },
  tracker: StreamTracker,
): TransformStream<LanguageModelV4StreamPart, Uint8Array> {
  const base = { id: identity.generationId, object: 'chat.completion.chunk', created: identity.created, model: identity.model };
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
    sseEvent({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], ...(options.includeUsage ? { usage: null } : {}) });
  const toolIndex = new Map<string, number>();
  let finished = false;

  const markToken = () => {
    tracker.firstTokenAt ??= Date.now();
  };

  return new TransformStream({
    start(controller) {
      controller.enqueue(chunk({ role: 'assistant', content: '' }));
    },
    transform(part, controller) {
      switch (part.type) {
        case 'text-delta':
          if (!part.delta) return;
          markToken();
          tracker.outputChars += part.delta.length;
          controller.enqueue(chunk({ content: part.delta }));
          return;
        case 'reasoning-delta':
          if (!part.delta) return;
          markToken();
          tracker.outputChars += part.delta.length;
          controller.enqueue(chunk({ reasoning_content: part.delta }));
          return;
        case 'tool-input-start': {
          markToken();
          const index = toolIndex.size;
          toolIndex.set(part.id, index);
          controller.enqueue(chunk({ tool_calls: [{ index, id: part.id, type: 'function', function: { name: part.toolName, arguments: '' } }] }));
          return;
        }
        case 'tool-input-delta': {
          const index = toolIndex.get(part.id);
          if (index === undefined || !part.delta) return;
          tracker.outputChars += part.delta.length;
          controller.enqueue(chunk({ tool_calls: [{ index, function: { arguments: part.delta } }] }));
          return;
        }
        case 'tool-call': {
          // Providers that deliver a whole call without input deltas (Gemini) arrive here only.
          if (toolIndex.has(part.toolCallId)) return;
          markToken();
          const index = toolIndex.size;
          toolIndex.set(part.toolCallId, index);
          tracker.outputChars += part.input.length;
          controller.enqueue(
            chunk({ tool_calls: [{ index, id: part.toolCallId, type: 'function', function: { name: part.toolName, arguments: part.input } }] }),
          );
          return;
        }
        case 'finish': {
          finished = true;
          tracker.usage = fromSdkUsage(part.usage);
          tracker.finishReason = mapFinishReason(part.finishReason.unified);
          controller.enqueue(chunk({}, tracker.finishReason));
          if (options.includeUsage && tracker.usage) {
            controller.enqueue(sseEvent({ ...base, choices: [], usage: toOpenAIChatUsage(tracker.usage) }));
          }
          controller.enqueue(sseEvent('[DONE]'));
          return;
        }
        case 'error': {
          if (finished) return;
          finished = true;
          tracker.error = new GatewayError('upstream_error', errorMessage(part.error));
          for (const bytes of chatStreamError(tracker.error)) controller.enqueue(bytes);
          return;
        }
        default:
          return;
      }
    },
  });
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return `Upstream error: ${error.message}`;
  return 'Upstream error';
}
