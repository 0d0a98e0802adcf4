import type { LanguageModelV4GenerateResult } from '@ai-sdk/provider';
import type { ResponseIdentity } from '../../gateway/types';
import { fromSdkUsage, toOpenAIChatUsage } from '../shared/usage';
import { mapFinishReason } from './finish-reason';

/** A translated result as a `chat.completion` object. */
export function serializeChatResult(result: LanguageModelV4GenerateResult, identity: ResponseIdentity) {
  let text = '';
  let reasoning = '';
  const toolCalls: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }> = [];
  for (const part of result.content) {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'reasoning') reasoning += part.text;
    else if (part.type === 'tool-call') toolCalls.push({ id: part.toolCallId, type: 'function', function: { name: part.toolName, arguments: part.input } });
  }
  const usage = fromSdkUsage(result.usage);
  return {
    id: identity.generationId,
    object: 'chat.completion',
    created: identity.created,
    model: identity.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text === '' && toolCalls.length > 0 ? null : text,
          refusal: null,
          ...(reasoning ? { reasoning_content: reasoning } : {}),
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: mapFinishReason(result.finishReason.unified),
        logprobs: null,
      },
    ],
    usage: usage ? toOpenAIChatUsage(usage) : undefined,
  };
}
