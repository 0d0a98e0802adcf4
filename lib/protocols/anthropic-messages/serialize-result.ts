import type { LanguageModelV4GenerateResult } from '@ai-sdk/provider';
import type { ResponseIdentity } from '../../gateway/types';
import { fromSdkUsage } from '../shared/usage';
import { anthropicReasoning, toolInput } from './content-blocks';
import { mapStopReason } from './stop-reason';
import { toAnthropicUsage } from './usage';

type ResultBlock =
  | { type: 'text'; text: string; citations: null }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

/** A translated result as an Anthropic `message` object. */
export function serializeMessagesResult(result: LanguageModelV4GenerateResult, identity: ResponseIdentity) {
  const content: ResultBlock[] = [];
  for (const part of result.content) {
    const last = content.at(-1);
    if (part.type === 'text') {
      if (last?.type === 'text') last.text += part.text;
      else content.push({ type: 'text', text: part.text, citations: null });
    } else if (part.type === 'reasoning') {
      const { signature, redactedData } = anthropicReasoning(part.providerMetadata);
      content.push(redactedData ? { type: 'redacted_thinking', data: redactedData } : { type: 'thinking', thinking: part.text, signature: signature ?? '' });
    } else if (part.type === 'tool-call') {
      content.push({ type: 'tool_use', id: part.toolCallId, name: part.toolName, input: toolInput(part.input) });
    }
  }
  return {
    id: identity.generationId,
    type: 'message',
    role: 'assistant',
    model: identity.model,
    content,
    stop_reason: mapStopReason(result.finishReason.unified),
    stop_sequence: null,
    usage: toAnthropicUsage(fromSdkUsage(result.usage)),
  };
}
