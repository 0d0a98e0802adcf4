import type { SharedV4ProviderOptions } from '@ai-sdk/provider';

/**
 * OpenAI request fields the AI SDK's call options have no place for, as the provider packages'
 * own options: `parallel_tool_calls` (OpenAI Responses; Anthropic's `disable_parallel_tool_use`)
 * and `store` (OpenAI Responses). Each package reads only its own key.
 */
export function openAIRequestOptions(fields: { parallelToolCalls?: boolean | null; store?: boolean | null }): SharedV4ProviderOptions | undefined {
  const openai: Record<string, boolean> = {};
  if (fields.parallelToolCalls != null) openai.parallelToolCalls = fields.parallelToolCalls;
  if (fields.store != null) openai.store = fields.store;
  if (Object.keys(openai).length === 0) return undefined;
  return fields.parallelToolCalls == null ? { openai } : { openai, anthropic: { disableParallelToolUse: !fields.parallelToolCalls } };
}
