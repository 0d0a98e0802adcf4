import type { LanguageModelV4StreamPart, LanguageModelV4Usage } from '@ai-sdk/provider';
import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GatewayError } from '../../gateway/errors';
import { newStreamTracker, type StreamTracker } from '../../gateway/types';
import { responseSettings } from './response-object';
import { responsesStreamError, responsesStreamSerializer } from './serialize-stream';

const identity = { generationId: 'gen_01TEST', model: 'anthropic/claude-sonnet-4', created: 1767225600 };
const usage: LanguageModelV4Usage = {
  inputTokens: { total: 12, noCache: 12, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 7, text: 5, reasoning: 2 },
};
const finish = (unified: 'stop' | 'tool-calls' | 'length'): LanguageModelV4StreamPart => ({ type: 'finish', usage, finishReason: { unified, raw: unified } });

async function serialize(parts: LanguageModelV4StreamPart[], tracker: StreamTracker = newStreamTracker()) {
  const source = new ReadableStream<LanguageModelV4StreamPart>({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });
  const bytes = await new Response(source.pipeThrough(responsesStreamSerializer(identity, responseSettings(undefined), tracker))).text();
  const events = bytes
    .trim()
    .split('\n\n')
    .map((frame) => {
      const [eventLine, dataLine] = frame.split('\n');
      return { name: eventLine.replace('event: ', ''), data: JSON.parse(dataLine.replace('data: ', '')) };
    });
  return { bytes, events, tracker };
}

/** Runs the bytes through the real OpenAI SDK stream helper, which throws on any ordering mistake. */
function sdkStream(bytes: string) {
  const client = new OpenAI({
    apiKey: 'test',
    baseURL: 'http://gatehouse.test/v1',
    maxRetries: 0,
    fetch: async () => new Response(bytes, { headers: { 'content-type': 'text/event-stream' } }),
  });
  return client.responses.stream({ model: 'anthropic/claude-sonnet-4', input: 'Hi' });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-01-01T00:00:05Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('responsesStreamSerializer', () => {
  it('writes the text event sequence with event lines and increasing sequence numbers', async () => {
    const { bytes, events, tracker } = await serialize([
      { type: 'stream-start', warnings: [] },
      { type: 'text-start', id: 't0' },
      { type: 'text-delta', id: 't0', delta: 'Hello' },
      { type: 'text-delta', id: 't0', delta: ' there' },
      { type: 'text-end', id: 't0' },
      finish('stop'),
    ]);
    expect(events.map((event) => event.name)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.data.type)).toEqual(events.map((event) => event.name));
    expect(events.map((event) => event.data.sequence_number)).toEqual(events.map((_, index) => index));
    expect(bytes).toMatchSnapshot();
    expect(tracker).toMatchObject({ finishReason: 'completed', outputChars: 11, error: undefined });
    expect(tracker.usage).toMatchObject({ inputTokens: 12, outputTokens: 7, reasoningTokens: 2 });
    expect(tracker.firstTokenAt).toBeDefined();

    const final = await sdkStream(bytes).finalResponse();
    expect(final.output_text).toBe('Hello there');
    expect(final.id).toBe('gen_01TEST');
    expect(final.usage).toMatchObject({ input_tokens: 12, output_tokens: 7, total_tokens: 19, output_tokens_details: { reasoning_tokens: 2 } });
  });

  it('writes reasoning, text and a streamed function call as separate items the SDK assembles', async () => {
    const { bytes, events, tracker } = await serialize([
      { type: 'reasoning-start', id: 'r0' },
      { type: 'reasoning-delta', id: 'r0', delta: 'Think' },
      { type: 'reasoning-end', id: 'r0' },
      { type: 'text-start', id: 't0' },
      { type: 'text-delta', id: 't0', delta: 'Checking.' },
      { type: 'tool-input-start', id: 'call_1', toolName: 'get_weather' },
      { type: 'tool-input-delta', id: 'call_1', delta: '{"city":' },
      { type: 'tool-input-delta', id: 'call_1', delta: '"Oslo"}' },
      { type: 'tool-input-end', id: 'call_1' },
      { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', input: '{"city":"Oslo"}' },
      { type: 'text-end', id: 't0' },
      finish('tool-calls'),
    ]);
    expect(events.map((event) => [event.name, event.data.output_index ?? null])).toEqual([
      ['response.created', null],
      ['response.in_progress', null],
      ['response.output_item.added', 0],
      ['response.reasoning_summary_part.added', 0],
      ['response.reasoning_summary_text.delta', 0],
      ['response.reasoning_summary_text.done', 0],
      ['response.reasoning_summary_part.done', 0],
      ['response.output_item.done', 0],
      ['response.output_item.added', 1],
      ['response.content_part.added', 1],
      ['response.output_text.delta', 1],
      ['response.output_text.done', 1],
      ['response.content_part.done', 1],
      ['response.output_item.done', 1],
      ['response.output_item.added', 2],
      ['response.function_call_arguments.delta', 2],
      ['response.function_call_arguments.delta', 2],
      ['response.function_call_arguments.done', 2],
      ['response.output_item.done', 2],
      ['response.completed', null],
    ]);
    expect(events.map((event) => event.data.sequence_number)).toEqual(events.map((_, index) => index));
    expect(events[14].data.item).toEqual({ type: 'function_call', id: 'fc_01TEST_2', call_id: 'call_1', name: 'get_weather', arguments: '', status: 'in_progress' });
    expect(events[17].data).toMatchObject({ item_id: 'fc_01TEST_2', name: 'get_weather', arguments: '{"city":"Oslo"}' });
    expect(tracker.finishReason).toBe('completed');

    const final = await sdkStream(bytes).finalResponse();
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(final.output_text).toBe('Checking.');
    expect(final.output[2]).toMatchObject({ call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}', status: 'completed' });
    expect(final.output[0]).toMatchObject({ summary: [{ type: 'summary_text', text: 'Think' }] });
  });

  it('writes a whole tool call (no input deltas) as one argument delta', async () => {
    const { events } = await serialize([{ type: 'tool-call', toolCallId: 'call_g', toolName: 'lookup', input: '{"q":1}' }, finish('tool-calls')]);
    expect(events.slice(2).map((event) => event.name)).toEqual([
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.at(-1)!.data.response.output).toEqual([
      { type: 'function_call', id: 'fc_01TEST_0', call_id: 'call_g', name: 'lookup', arguments: '{"q":1}', status: 'completed' },
    ]);
  });

  it('ends a length-limited response as response.incomplete', async () => {
    const { events, tracker } = await serialize([{ type: 'text-delta', id: 't', delta: 'Hel' }, finish('length')]);
    const last = events.at(-1)!;
    expect(last.name).toBe('response.incomplete');
    expect(last.data.response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, usage: { input_tokens: 12 } });
    expect(tracker.finishReason).toBe('max_output_tokens');
  });

  it('turns an error part into an error event and response.failed, which the SDK raises', async () => {
    const { bytes, events, tracker } = await serialize([
      { type: 'text-delta', id: 't', delta: 'Hel' },
      { type: 'error', error: new Error('overloaded') },
      { type: 'text-delta', id: 't', delta: 'ignored' },
    ]);
    expect(events.slice(-2).map((event) => event.name)).toEqual(['error', 'response.failed']);
    expect(events.at(-2)!.data).toEqual({
      type: 'error',
      sequence_number: 5,
      code: 'upstream_error',
      message: 'Upstream error: overloaded',
      param: null,
      error: { type: 'server_error', code: 'upstream_error', message: 'Upstream error: overloaded', param: null },
    });
    expect(events.at(-1)!.data.response).toMatchObject({ status: 'failed', error: { code: 'server_error', message: 'Upstream error: overloaded' } });
    expect(events.at(-1)!.data.response.output[0]).toMatchObject({ status: 'incomplete', content: [{ text: 'Hel' }] });
    expect(tracker.error?.code).toBe('upstream_error');
    await expect(sdkStream(bytes).finalResponse()).rejects.toBeInstanceOf(OpenAI.APIError);
  });

  it('fails the response when the parts end without a finish', async () => {
    const { events, tracker } = await serialize([{ type: 'text-delta', id: 't', delta: 'Hel' }]);
    expect(events.slice(-2).map((event) => event.name)).toEqual(['error', 'response.failed']);
    expect(tracker.error?.message).toContain('ended before the response was complete');
  });
});

describe('responsesStreamError', () => {
  it('is an error event in both the flat and the nested shape', () => {
    const [bytes] = responsesStreamError(new GatewayError('upstream_error', 'The upstream stream failed: reset'));
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('event: error\ndata: ')).toBe(true);
    expect(JSON.parse(text.split('data: ')[1])).toMatchObject({ type: 'error', message: 'The upstream stream failed: reset', error: { type: 'server_error' } });
  });
});
