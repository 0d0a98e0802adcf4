import { readFile } from 'node:fs/promises';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { newStreamTracker } from '../../gateway/types';
import { parseSse } from '@/test/sse';
import type { EventSourceMessage } from '../sse';
import { openAIResponses } from '.';
import { openAIResponsesPassthrough as codec } from './passthrough';

const identity = { generationId: 'gen_01PASS', model: 'openai/gpt-4o-mini', created: 1767225600 };

async function replay(fixture: string) {
  const text = await readFile(new URL(`../../../test/fixtures/${fixture}`, import.meta.url), 'utf8');
  const request = openAIResponses.parse({ model: 'openai/gpt-4o-mini', input: 'Hi', stream: true }, new Headers());
  const tracker = newStreamTracker();
  const forward = codec.createStreamTransformer(request, identity, tracker);
  const messages: EventSourceMessage[] = [];
  const reader = parseSse(new Response(text).body!).getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) messages.push(next.value);
  const chunks = messages.flatMap((message) => forward(message));
  const bytes = Buffer.concat(chunks).toString('utf8');
  return { upstream: text, bytes, tracker };
}

describe('Responses pass-through codec', () => {
  it('forwards the body with the upstream model id and without gateway options', () => {
    const request = openAIResponses.parse({ model: 'openai/gpt-4o', input: 'Hi', store: true, include: ['reasoning.encrypted_content'], providerOptions: { gateway: { order: ['openai'] } } }, new Headers());
    expect(codec.path).toBe('/responses');
    expect(codec.buildBody(request, 'gpt-4o')).toEqual({ model: 'gpt-4o', input: 'Hi', store: true, include: ['reasoning.encrypted_content'] });
    expect(request.body.model).toBe('openai/gpt-4o');
  });

  it('rewrites the id and model of a JSON response and reads usage including cached and reasoning tokens', () => {
    const upstream = {
      id: 'resp_1',
      object: 'response',
      model: 'gpt-4o-2024-08-06',
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      output: [],
      usage: { input_tokens: 50, input_tokens_details: { cached_tokens: 16 }, output_tokens: 20, output_tokens_details: { reasoning_tokens: 4 }, total_tokens: 70 },
    };
    const { body, usage, finishReason } = codec.transformJson(upstream, identity);
    expect(body).toMatchObject({ id: 'gen_01PASS', model: 'openai/gpt-4o-mini', output: [] });
    expect(usage).toEqual({ inputTokens: 50, outputTokens: 20, cachedInputTokens: 16, cacheWriteTokens: 0, reasoningTokens: 4, estimated: false });
    expect(finishReason).toBe('max_output_tokens');
  });

  it('re-emits every event with its name, rewriting only the lifecycle snapshots', async () => {
    const { upstream, bytes, tracker } = await replay('openai-responses-text.sse');
    const expected = upstream.replaceAll('"id":"resp_fake000001"', '"id":"gen_01PASS"').replaceAll('"model":"gpt-4o-mini"', '"model":"openai/gpt-4o-mini"');
    expect(bytes).toBe(expected);
    expect(tracker).toMatchObject({ finishReason: 'completed', outputChars: 'Hello from fake!'.length, error: undefined });
    expect(tracker.usage).toMatchObject({ inputTokens: 12, outputTokens: 7 });
  });

  it('reads cached and reasoning tokens from the terminal event of a tool-call stream the SDK accepts', async () => {
    const { bytes, tracker } = await replay('openai-responses-tool.sse');
    expect(tracker.usage).toMatchObject({ inputTokens: 50, outputTokens: 20, cachedInputTokens: 16, reasoningTokens: 4 });
    const client = new OpenAI({ apiKey: 'test', baseURL: 'http://gatehouse.test/v1', fetch: async () => new Response(bytes, { headers: { 'content-type': 'text/event-stream' } }) });
    const final = await client.responses.stream({ model: 'openai/gpt-4o-mini', input: 'Hi' }).finalResponse();
    expect(final).toMatchObject({ id: 'gen_01PASS', model: 'openai/gpt-4o-mini' });
    expect(final.output[0]).toMatchObject({ type: 'function_call', call_id: 'call_fake000001', name: 'get_weather' });
  });

  it('records upstream failures from error and response.failed events', () => {
    const request = openAIResponses.parse({ model: 'openai/gpt-4o', input: 'Hi', stream: true }, new Headers());
    const tracker = newStreamTracker();
    const forward = codec.createStreamTransformer(request, identity, tracker);
    const failed = { type: 'response.failed', sequence_number: 3, response: { id: 'resp_1', model: 'gpt-4o', status: 'failed', error: { code: 'server_error', message: 'boom' }, usage: null } };
    const [bytes] = forward({ event: 'response.failed', data: JSON.stringify(failed), id: undefined });
    expect(new TextDecoder().decode(bytes)).toContain('"id":"gen_01PASS"');
    expect(tracker.error?.message).toBe('boom');
    expect(tracker.finishReason).toBe('failed');
  });
});
