import { describe, expect, it } from 'vitest';
import { normalizeModelId, undatedAlias } from './normalize-model-id';

describe('normalizeModelId', () => {
  it.each([
    ['anthropic', 'claude-sonnet-4-5-20250929', 'anthropic/claude-sonnet-4.5'],
    ['anthropic', 'claude-3-5-haiku-20241022', 'anthropic/claude-3.5-haiku'],
    ['anthropic', 'claude-opus-4-1-20250805', 'anthropic/claude-opus-4.1'],
    ['anthropic', 'claude-sonnet-4-20250514', 'anthropic/claude-sonnet-4'],
    ['openai', 'gpt-4o-2024-08-06', 'openai/gpt-4o'],
    ['openai', 'gpt-4o', 'openai/gpt-4o'],
    ['google', 'gemini-2.5-flash', 'google/gemini-2.5-flash'],
    ['moonshotai', 'kimi-k2-0905-preview', 'moonshotai/kimi-k2-0905'],
    ['moonshotai', 'kimi-k2-turbo-preview', 'moonshotai/kimi-k2-turbo'],
    ['groq', 'moonshotai/kimi-k2-instruct', 'moonshotai/kimi-k2'],
    ['groq', 'moonshotai/kimi-k2-instruct-0905', 'moonshotai/kimi-k2-0905'],
    ['groq', 'openai/gpt-oss-120b', 'openai/gpt-oss-120b'],
    ['groq', 'llama-3.3-70b-versatile', 'meta/llama-3.3-70b'],
    ['togetherai', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', 'meta/llama-3.3-70b'],
    ['togetherai', 'moonshotai/Kimi-K2-Instruct', 'moonshotai/kimi-k2'],
    ['fireworks', 'accounts/fireworks/models/kimi-k2-instruct', 'moonshotai/kimi-k2'],
    ['mistral', 'mistral-large-latest', 'mistral/mistral-large'],
    ['xai', 'grok-4', 'xai/grok-4'],
  ])('%s %s → %s', (provider, upstream, expected) => {
    expect(normalizeModelId(provider, upstream)).toBe(expected);
  });

  it('skips models it cannot attribute', () => {
    expect(normalizeModelId('groq', 'some-unknown-model')).toBeNull();
    expect(normalizeModelId('togetherai', 'randomorg/thing')).toBeNull();
  });

  it('gives dated ids an undated family alias', () => {
    expect(undatedAlias('moonshotai/kimi-k2-0905')).toBe('moonshotai/kimi-k2');
    expect(undatedAlias('openai/gpt-4o')).toBeNull();
  });
});
