import type { LanguageModelV4GenerateResult } from '@ai-sdk/provider';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { serializeResponsesResult } from './serialize-result';

const identity = { generationId: 'gen_01JSON', model: 'google/gemini-2.5-flash', created: 1767225600 };

function result(content: LanguageModelV4GenerateResult['content'], unified: 'stop' | 'tool-calls' | 'length' = 'stop'): LanguageModelV4GenerateResult {
  return {
    content,
    finishReason: { unified, raw: unified },
    usage: { inputTokens: { total: 12, noCache: 8, cacheRead: 4, cacheWrite: 0 }, outputTokens: { total: 7, text: 4, reasoning: 3 } },
    warnings: [],
  };
}

describe('serializeResponsesResult', () => {
  it('builds a completed Response whose output_text the SDK computes', async () => {
    const body = serializeResponsesResult(
      result([
        { type: 'reasoning', text: 'Hmm.' },
        { type: 'text', text: 'Hello' },
        { type: 'text', text: ' there' },
        { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', input: '{"city":"Oslo"}' },
      ], 'tool-calls'),
      identity,
    );
    expect(body).toMatchObject({
      id: 'gen_01JSON',
      object: 'response',
      created_at: 1767225600,
      status: 'completed',
      model: 'google/gemini-2.5-flash',
      incomplete_details: null,
      error: null,
      store: false,
      output: [
        { type: 'reasoning', id: 'rs_01JSON_0', summary: [{ type: 'summary_text', text: 'Hmm.' }] },
        { type: 'message', id: 'msg_01JSON_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hello there', annotations: [] }] },
        { type: 'function_call', id: 'fc_01JSON_2', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}', status: 'completed' },
      ],
      usage: { input_tokens: 12, input_tokens_details: { cached_tokens: 4 }, output_tokens: 7, output_tokens_details: { reasoning_tokens: 3 }, total_tokens: 19 },
    });

    const client = new OpenAI({ apiKey: 'test', baseURL: 'http://gatehouse.test/v1', fetch: async () => Response.json(body) });
    const response = await client.responses.create({ model: 'google/gemini-2.5-flash', input: 'Hi' });
    expect(response.output_text).toBe('Hello there');
  });

  it('reports a length stop as incomplete with max_output_tokens', () => {
    expect(serializeResponsesResult(result([{ type: 'text', text: 'Hel' }], 'length'), identity)).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      completed_at: null,
    });
  });
});
