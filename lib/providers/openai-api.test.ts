import type { OpenAIProvider } from '@ai-sdk/openai';
import type { LanguageModelV4, LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { isResponsesOnly, openAIApiFor, unstoredResponses } from './openai-api';
import { acceptsNatively, getProvider } from './registry';

/** The literal ids of a `'a' | 'b' | (string & {})` model id type. */
type Known<T> = T extends string ? (string extends T ? never : T) : never;
type ResponsesOnlyInSdk = Exclude<Known<Parameters<OpenAIProvider['responses']>[0]>, Known<Parameters<OpenAIProvider['chat']>[0]>>;

// Every model `@ai-sdk/openai` declares with `endpoints: ['responses']`: after an upgrade that
// adds one, this record stops typechecking until the new id is listed (and matched by the list).
const declaredBySdk: Record<ResponsesOnlyInSdk, true> = {
  'gpt-5-pro': true,
  'gpt-5-pro-2025-10-06': true,
  'gpt-5-codex': true,
  'gpt-5.1-codex': true,
  'gpt-5.1-codex-mini': true,
  'gpt-5.1-codex-max': true,
  'gpt-5.2-codex': true,
  'gpt-5.3-codex': true,
};

describe('isResponsesOnly', () => {
  it('matches every Responses-only model @ai-sdk/openai declares', () => {
    for (const id of Object.keys(declaredBySdk)) expect(isResponsesOnly(id), id).toBe(true);
  });

  it('matches the older Responses-only families the SDK no longer lists, dated snapshots included', () => {
    for (const id of ['o1-pro', 'o1-pro-2025-03-19', 'o3-pro', 'o3-pro-2025-06-10', 'codex-mini-latest', 'o3-deep-research', 'o4-mini-deep-research-2025-06-26', 'computer-use-preview']) {
      expect(isResponsesOnly(id), id).toBe(true);
    }
  });

  it('leaves models with Chat Completions alone', () => {
    for (const id of ['gpt-4o', 'gpt-4o-mini', 'gpt-5', 'gpt-5-chat-latest', 'gpt-5.2-pro', 'gpt-5.4-pro', 'o1', 'o3', 'o4-mini', 'o3-mini', 'gpt-4.1-nano']) {
      expect(isResponsesOnly(id), id).toBe(false);
    }
  });
});

describe('openAIApiFor', () => {
  it('uses Responses for Responses-only models, and for reasoning models whose client replays reasoning', () => {
    expect(openAIApiFor({ upstreamModelId: 'o3-pro', reasoning: true, clientKeepsReasoning: false })).toBe('responses');
    expect(openAIApiFor({ upstreamModelId: 'o3', reasoning: true, clientKeepsReasoning: true })).toBe('responses');
    expect(openAIApiFor({ upstreamModelId: 'o3', reasoning: true, clientKeepsReasoning: false })).toBe('chat');
    expect(openAIApiFor({ upstreamModelId: 'gpt-4o', reasoning: false, clientKeepsReasoning: true })).toBe('chat');
  });
});

describe('acceptsNatively', () => {
  const openai = getProvider('openai')!;

  it('forwards Chat Completions to OpenAI except for Responses-only models', () => {
    expect(acceptsNatively(openai, 'openai-chat', 'gpt-4o')).toBe(true);
    expect(acceptsNatively(openai, 'openai-chat', 'o3-pro')).toBe(false);
    expect(acceptsNatively(openai, 'openai-responses', 'o3-pro')).toBe(true);
    expect(acceptsNatively(getProvider('anthropic')!, 'openai-chat', 'claude-sonnet-4')).toBe(false);
    // Only OpenAI's own API has Responses-only models; a compatible host serves what it serves.
    expect(acceptsNatively(getProvider('groq')!, 'openai-chat', 'codex-mini-latest')).toBe(true);
  });
});

describe('unstoredResponses', () => {
  function recording() {
    const seen: LanguageModelV4CallOptions[] = [];
    const model = {
      specificationVersion: 'v4',
      provider: 'openai.responses',
      modelId: 'o3-pro',
      supportedUrls: {},
      doGenerate: async (options: LanguageModelV4CallOptions) => {
        seen.push(options);
        return {} as never;
      },
      doStream: async (options: LanguageModelV4CallOptions) => {
        seen.push(options);
        return {} as never;
      },
    } satisfies LanguageModelV4;
    return { model: unstoredResponses(model), seen };
  }
  const prompt: LanguageModelV4CallOptions['prompt'] = [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }];

  it('asks OpenAI to store nothing unless the client chose', async () => {
    const { model, seen } = recording();
    expect(model).toMatchObject({ provider: 'openai.responses', modelId: 'o3-pro', specificationVersion: 'v4' });
    await model.doGenerate({ prompt, providerOptions: { openai: { reasoningEffort: 'low' }, anthropic: { sendReasoning: true } } });
    await model.doStream({ prompt });
    await model.doGenerate({ prompt, providerOptions: { openai: { store: true } } });
    expect(seen.map((options) => options.providerOptions)).toEqual([
      { openai: { reasoningEffort: 'low', store: false }, anthropic: { sendReasoning: true } },
      { openai: { store: false } },
      { openai: { store: true } },
    ]);
  });
});
