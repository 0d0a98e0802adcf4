import type { Usage } from '../../gateway/types';

/** Anthropic `usage`, as in a message, `message_start` or (cumulative) `message_delta`. */
export type AnthropicUsage = {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number | null } | null;
};

/** Anthropic's `input_tokens` excludes cache reads and writes; Gatehouse's input includes both. */
export function fromAnthropicUsage(usage: unknown): Usage | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  const value = usage as AnthropicUsage;
  const cacheRead = value.cache_read_input_tokens ?? 0;
  const cacheWrite = value.cache_creation_input_tokens ?? 0;
  return {
    inputTokens: (value.input_tokens ?? 0) + cacheRead + cacheWrite,
    outputTokens: value.output_tokens ?? 0,
    cachedInputTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: value.output_tokens_details?.thinking_tokens ?? 0,
    estimated: false,
  };
}

export function toAnthropicUsage(usage: Usage | undefined) {
  if (!usage) return { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  return {
    input_tokens: Math.max(0, usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteTokens),
    output_tokens: usage.outputTokens,
    cache_creation_input_tokens: usage.cacheWriteTokens,
    cache_read_input_tokens: usage.cachedInputTokens,
  };
}

/** `message_delta.usage` values are cumulative totals: each non-null field replaces the last. */
export function mergeAnthropicUsage(previous: AnthropicUsage | undefined, next: unknown): AnthropicUsage | undefined {
  if (!next || typeof next !== 'object') return previous;
  const merged: Record<string, unknown> = { ...previous };
  for (const [key, value] of Object.entries(next)) if (value != null) merged[key] = value;
  return merged as AnthropicUsage;
}
