import type { LanguageModelV4StreamPart, LanguageModelV4Usage } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { newStreamTracker, type StreamTracker } from '../../gateway/types';
import { messagesStreamSerializer } from './serialize-stream';

const identity = { generationId: 'gen_01TEST', model: 'openai/gpt-4o', created: 1767225600 };

const usage = (input: number, output: number, cacheRead = 0): LanguageModelV4Usage => ({
  inputTokens: { total: input, noCache: input - cacheRead, cacheRead, cacheWrite: 0 },
  outputTokens: { total: output, text: output, reasoning: 0 },
});

async function serialize(parts: LanguageModelV4StreamPart[], tracker: StreamTracker = newStreamTracker()): Promise<string> {
  const source = new ReadableStream<LanguageModelV4StreamPart>({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });
  return new Response(source.pipeThrough(messagesStreamSerializer(identity, tracker))).text();
}

const messageStart =
  'event: message_start\n' +
  'data: {"type":"message_start","message":{"id":"gen_01TEST","type":"message","role":"assistant","model":"openai/gpt-4o","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}}\n\n';

describe('messagesStreamSerializer', () => {
  it('writes text then a streamed tool call as two blocks, with the exact bytes Anthropic clients parse', async () => {
    const tracker = newStreamTracker();
    // The order @ai-sdk/openai produces: text-end only arrives when the stream flushes.
    const text = await serialize(
      [
        { type: 'stream-start', warnings: [] },
        { type: 'response-metadata', id: 'chatcmpl-1', modelId: 'gpt-4o' },
        { type: 'text-start', id: 'txt-0' },
        { type: 'text-delta', id: 'txt-0', delta: 'Checking' },
        { type: 'text-delta', id: 'txt-0', delta: '.' },
        { type: 'tool-input-start', id: 'call_1', toolName: 'get_weather' },
        { type: 'tool-input-delta', id: 'call_1', delta: '{"city":' },
        { type: 'tool-input-delta', id: 'call_1', delta: '"Oslo"}' },
        { type: 'tool-input-end', id: 'call_1' },
        { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', input: '{"city":"Oslo"}' },
        { type: 'text-end', id: 'txt-0' },
        { type: 'finish', usage: usage(12, 7, 2), finishReason: { unified: 'tool-calls', raw: 'tool_calls' } },
      ],
      tracker,
    );
    expect(text).toBe(
      messageStart +
        'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking"}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"."}}\n\n' +
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n' +
        'event: content_block_start\ndata: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"call_1","name":"get_weather","input":{}}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\":"}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\\"Oslo\\"}"}}\n\n' +
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":1}\n\n' +
        'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":10,"output_tokens":7,"cache_creation_input_tokens":0,"cache_read_input_tokens":2}}\n\n' +
        'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    );
    expect(tracker).toMatchObject({
      usage: { inputTokens: 12, outputTokens: 7, cachedInputTokens: 2, cacheWriteTokens: 0, estimated: false },
      finishReason: 'tool_use',
      outputChars: 'Checking.'.length + '{"city":"Oslo"}'.length,
      error: undefined,
    });
    expect(tracker.firstTokenAt).toBeTypeOf('number');
  });

  it('writes thinking, text, and a tool call delivered whole (Gemini) as blocks 0, 1, 2', async () => {
    const text = await serialize([
      { type: 'reasoning-start', id: 'r0' },
      { type: 'reasoning-delta', id: 'r0', delta: 'Hmm.' },
      { type: 'reasoning-end', id: 'r0' },
      { type: 'text-start', id: 't0' },
      { type: 'text-delta', id: 't0', delta: 'Hi' },
      { type: 'text-end', id: 't0' },
      { type: 'tool-call', toolCallId: 'call_g', toolName: 'lookup', input: '{"q":1}' },
      { type: 'finish', usage: usage(12, 7), finishReason: { unified: 'stop', raw: 'STOP' } },
    ]);
    expect(text).toBe(
      messageStart +
        'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Hmm."}}\n\n' +
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n' +
        'event: content_block_start\ndata: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Hi"}}\n\n' +
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":1}\n\n' +
        'event: content_block_start\ndata: {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"call_g","name":"lookup","input":{}}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\\"q\\":1}"}}\n\n' +
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":2}\n\n' +
        'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":12,"output_tokens":7,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}\n\n' +
        'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    );
  });

  it('never interleaves blocks: a second tool call waits until the first one is complete', async () => {
    const text = await serialize([
      { type: 'tool-input-start', id: 'a', toolName: 'first' },
      { type: 'tool-input-start', id: 'b', toolName: 'second' },
      { type: 'tool-input-delta', id: 'b', delta: '{"b":2}' },
      { type: 'tool-input-delta', id: 'a', delta: '{"a":1}' },
      { type: 'tool-input-end', id: 'a' },
      { type: 'tool-call', toolCallId: 'a', toolName: 'first', input: '{"a":1}' },
      { type: 'tool-input-end', id: 'b' },
      { type: 'tool-call', toolCallId: 'b', toolName: 'second', input: '{"b":2}' },
      { type: 'finish', usage: usage(1, 1), finishReason: { unified: 'tool-calls', raw: undefined } },
    ]);
    const events = text
      .trim()
      .split('\n\n')
      .map((frame) => JSON.parse(frame.split('\n')[1].slice('data: '.length)) as { type: string; index?: number; content_block?: { id?: string }; delta?: { partial_json?: string } });
    expect(events.map((event) => [event.type, event.index, event.content_block?.id ?? event.delta?.partial_json])).toEqual([
      ['message_start', undefined, undefined],
      ['content_block_start', 0, 'a'],
      ['content_block_delta', 0, '{"a":1}'],
      ['content_block_stop', 0, undefined],
      ['content_block_start', 1, 'b'],
      ['content_block_delta', 1, '{"b":2}'],
      ['content_block_stop', 1, undefined],
      ['message_delta', undefined, undefined],
      ['message_stop', undefined, undefined],
    ]);
  });

  it('ends a failed stream with an error event and no message_stop', async () => {
    const tracker = newStreamTracker();
    const text = await serialize(
      [
        { type: 'text-delta', id: 't', delta: 'Hel' },
        { type: 'error', error: new Error('connection reset') },
        { type: 'finish', usage: usage(1, 1), finishReason: { unified: 'error', raw: undefined } },
      ],
      tracker,
    );
    expect(text).toBe(
      messageStart +
        'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}\n\n' +
        'event: error\ndata: {"type":"error","error":{"type":"api_error","message":"Upstream error: connection reset"}}\n\n',
    );
    expect(tracker.error?.code).toBe('upstream_error');
    expect(tracker.usage).toBeUndefined();
  });
});
