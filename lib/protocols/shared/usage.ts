import type { LanguageModelV4Usage } from '@ai-sdk/provider';
import type { Usage } from '../../gateway/types';

/** AI SDK usage → Gatehouse usage (input includes cached tokens; output includes reasoning). */
export function fromSdkUsage(usage: LanguageModelV4Usage | undefined): Usage | undefined {
  if (!usage) return undefined;
  const input = usage.inputTokens;
  const output = usage.outputTokens;
  if (input.total === undefined && output.total === undefined) return undefined;
  return {
    inputTokens: input.total ?? 0,
    outputTokens: output.total ?? 0,
    cachedInputTokens: input.cacheRead ?? 0,
    cacheWriteTokens: input.cacheWrite ?? 0,
    reasoningTokens: output.reasoning ?? 0,
    estimated: false,
  };
}

/** OpenAI Chat `usage` (prompt includes cached; completion includes reasoning). */
export function fromOpenAIChatUsage(usage: unknown): Usage | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  const value = usage as {
    prompt_tokens?: number;
    completion_tokens?: number;
    prompt_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number } | null;
    completion_tokens_details?: { reasoning_tokens?: number } | null;
  };
  return {
    inputTokens: value.prompt_tokens ?? 0,
    outputTokens: value.completion_tokens ?? 0,
    cachedInputTokens: value.prompt_tokens_details?.cached_tokens ?? 0,
    cacheWriteTokens: value.prompt_tokens_details?.cache_write_tokens ?? 0,
    reasoningTokens: value.completion_tokens_details?.reasoning_tokens ?? 0,
    estimated: false,
  };
}

export function toOpenAIChatUsage(usage: Usage) {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
  };
}
