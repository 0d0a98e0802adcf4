import { describe, expect, it } from 'vitest';
import { modelFamily, normalizeModelId } from './normalize-model-id';

describe('normalizeModelId', () => {
  it.each([
    // First-party providers are their own creator; dates and -latest go.
    ['openai', 'gpt-4o', 'openai/gpt-4o'],
    ['openai', 'gpt-4o-2024-08-06', 'openai/gpt-4o'],
    ['openai', 'gpt-3.5-turbo', 'openai/gpt-3.5-turbo'],
    ['openai', 'gpt-4-turbo', 'openai/gpt-4-turbo'],
    ['openai', 'gpt-5-chat-latest', 'openai/gpt-5-chat'],
    ['google', 'gemini-2.5-flash', 'google/gemini-2.5-flash'],
    ['google', 'gemini-2.5-pro-preview-06-05', 'google/gemini-2.5-pro-preview-06-05'],
    ['xai', 'grok-4', 'xai/grok-4'],
    ['xai', 'grok-3-mini-fast-latest', 'xai/grok-3-mini-fast'],
    ['deepseek', 'deepseek-chat', 'deepseek/deepseek-chat'],
    ['mistral', 'mistral-large-latest', 'mistral/mistral-large'],
    ['mistral', 'mistral-medium-2508', 'mistral/mistral-medium-2508'],
    ['mistral', 'open-mixtral-8x7b', 'mistral/mixtral-8x7b'],
    // Anthropic's version digits become dotted.
    ['anthropic', 'claude-sonnet-4-5-20250929', 'anthropic/claude-sonnet-4.5'],
    ['anthropic', 'claude-3-5-haiku-20241022', 'anthropic/claude-3.5-haiku'],
    ['anthropic', 'claude-opus-4-1-20250805', 'anthropic/claude-opus-4.1'],
    ['anthropic', 'claude-sonnet-4-20250514', 'anthropic/claude-sonnet-4'],
    ['anthropic', 'claude-3-7-sonnet-20250219', 'anthropic/claude-3.7-sonnet'],
    ['anthropic', 'claude-3-haiku-20240307', 'anthropic/claude-3-haiku'],
    ['anthropic', 'claude-3-5-sonnet-latest', 'anthropic/claude-3.5-sonnet'],
    // Moonshot's previews keep their release.
    ['moonshotai', 'kimi-k2-0905-preview', 'moonshotai/kimi-k2-0905'],
    ['moonshotai', 'kimi-k2-0711-preview', 'moonshotai/kimi-k2-0711'],
    ['moonshotai', 'kimi-k2-turbo-preview', 'moonshotai/kimi-k2-turbo'],
    // Hosts: the creator comes from the id, decorations go so hosts line up.
    ['groq', 'moonshotai/kimi-k2-instruct', 'moonshotai/kimi-k2'],
    ['groq', 'moonshotai/kimi-k2-instruct-0905', 'moonshotai/kimi-k2-0905'],
    ['groq', 'openai/gpt-oss-120b', 'openai/gpt-oss-120b'],
    ['groq', 'llama-3.3-70b-versatile', 'meta/llama-3.3-70b'],
    ['groq', 'llama-3.1-8b-instant', 'meta/llama-3.1-8b'],
    ['groq', 'llama3-70b-8192', 'meta/llama-3-70b'],
    ['groq', 'meta-llama/llama-4-scout-17b-16e-instruct', 'meta/llama-4-scout-17b-16e'],
    ['groq', 'gemma2-9b-it', 'google/gemma-2-9b'],
    ['groq', 'qwen/qwen3-32b', 'alibaba/qwen3-32b'],
    ['groq', 'qwen-qwq-32b', 'alibaba/qwq-32b'],
    ['groq', 'deepseek-r1-distill-llama-70b', 'deepseek/deepseek-r1-distill-llama-70b'],
    ['groq', 'mistral-saba-24b', 'mistral/mistral-saba-24b'],
    ['togetherai', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', 'meta/llama-3.3-70b'],
    ['togetherai', 'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo', 'meta/llama-3.1-8b'],
    ['togetherai', 'moonshotai/Kimi-K2-Instruct', 'moonshotai/kimi-k2'],
    ['togetherai', 'openai/gpt-oss-120b', 'openai/gpt-oss-120b'],
    ['togetherai', 'deepseek-ai/DeepSeek-V3', 'deepseek/deepseek-v3'],
    ['togetherai', 'Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8', 'alibaba/qwen3-coder-480b-a35b'],
    ['togetherai', 'mistralai/Mixtral-8x7B-Instruct', 'mistral/mixtral-8x7b'],
    ['togetherai', 'zai-org/GLM-4.5-Air-FP8', 'zai/glm-4.5-air'],
    ['fireworks', 'accounts/fireworks/models/kimi-k2-instruct', 'moonshotai/kimi-k2'],
    ['fireworks', 'accounts/fireworks/models/gpt-oss-120b', 'openai/gpt-oss-120b'],
    ['fireworks', 'accounts/fireworks/models/qwen3-coder-480b-a35b-instruct', 'alibaba/qwen3-coder-480b-a35b'],
    ['fireworks', 'accounts/fireworks/models/glm-4p5-air', 'zai/glm-4.5-air'],
    ['fireworks', 'accounts/fireworks/models/deepseek-v3p1', 'deepseek/deepseek-v3.1'],
    ['fireworks', 'accounts/fireworks/models/deepseek-r1-0528', 'deepseek/deepseek-r1-0528'],
  ])('%s %s → %s', (provider, upstream, expected) => {
    expect(normalizeModelId(provider, upstream)).toBe(expected);
  });

  it.each([
    ['groq', 'some-unknown-model'],
    ['groq', 'whisper-large-v3'],
    ['togetherai', 'randomorg/thing'],
    ['fireworks', 'accounts/someone/models/fine-tune'],
  ])('skips %s %s, which it cannot attribute', (provider, upstream) => {
    expect(normalizeModelId(provider, upstream)).toBeNull();
  });
});

describe('modelFamily', () => {
  it('answers for listed families only', () => {
    expect(modelFamily('moonshotai/kimi-k2-0905')).toEqual({ id: 'moonshotai/kimi-k2', name: 'Kimi K2' });
    expect(modelFamily('moonshotai/kimi-k2-0711')).toEqual({ id: 'moonshotai/kimi-k2', name: 'Kimi K2' });
    expect(modelFamily('moonshotai/kimi-k2-turbo')).toBeNull();
    expect(modelFamily('deepseek/deepseek-r1-0528')).toBeNull();
    expect(modelFamily('openai/gpt-4o')).toBeNull();
  });
});
