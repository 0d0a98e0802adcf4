// Cross-check with the Vercel AI SDK providers: the same fake usage must normalise to the same
// numbers through every wire format (this is what makes the documented usage mapping exact).
import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, jsonSchema, streamText, tool, type LanguageModel } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from './index';

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

let up: FakeUpstream;
beforeAll(async () => {
  up = await startFakeUpstream();
});
afterAll(async () => {
  await up.close();
});

const models = (): Record<string, LanguageModel> => ({
  'openai responses': createOpenAI({ baseURL: `${up.url}/v1`, apiKey: 'x' })('gpt-x'),
  'openai chat': createOpenAI({ baseURL: `${up.url}/v1`, apiKey: 'x' }).chat('gpt-x'),
  anthropic: createAnthropic({ baseURL: `${up.url}/v1`, apiKey: 'x' })('claude-x'),
  gemini: createGoogleGenerativeAI({ baseURL: `${up.url}/v1beta`, apiKey: 'x' })('gemini-x'),
});

const tools = {
  get_weather: tool({ description: 'weather', inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } } }) }),
};

describe.each(['openai responses', 'openai chat', 'anthropic', 'gemini'])('AI SDK via %s', (name) => {
  it('default reply, normalised usage and tool calls', async () => {
    const model = models()[name];
    const g = await generateText({ model, prompt: 'Hi', maxOutputTokens: 1000 });
    expect(g.text).toBe('Hello from fake!');
    expect(g.usage).toMatchObject({ inputTokens: 12, outputTokens: 7, totalTokens: 19 });

    const s = streamText({ model, prompt: '[[usage:50,20,16,4]]', maxOutputTokens: 1000 });
    expect(await s.text).toBe('Hello from fake!');
    expect(await s.usage).toMatchObject({
      inputTokens: 50,
      inputTokenDetails: { noCacheTokens: 34, cacheReadTokens: 16 },
      outputTokens: 20,
      outputTokenDetails: { reasoningTokens: 4, textTokens: 16 },
      totalTokens: 70,
    });

    const t = streamText({ model, prompt: '[[tool:get_weather {"city":"Oslo"}]]', tools, maxOutputTokens: 1000 });
    expect((await t.toolCalls).map((c) => [c.toolName, c.input])).toEqual([['get_weather', { city: 'Oslo' }]]);
    expect(await t.finishReason).toBe('tool-calls');
  });
});
