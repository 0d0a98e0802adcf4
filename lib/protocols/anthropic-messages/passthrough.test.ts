import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { newStreamTracker, type StreamTracker } from '../../gateway/types';
import { parseSse } from '@/test/sse';
import { anthropicMessages } from './index';
import { anthropicMessagesPassthrough as codec } from './passthrough';

const identity = { generationId: 'gen_01TEST', model: 'anthropic/claude-sonnet-4', created: 1767225600 };
const fixture = (name: string) => readFile(new URL(`../../../test/fixtures/${name}`, import.meta.url), 'utf8');

async function replay(sse: string, tracker: StreamTracker): Promise<string> {
  const request = anthropicMessages.parse({ model: 'anthropic/claude-sonnet-4', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'Hi' }] }, new Headers());
  const forward = codec.createStreamTransformer(request, identity, tracker);
  const messages = parseSse(new Response(sse).body!);
  const out = messages.pipeThrough(
    new TransformStream({
      transform(message, controller) {
        for (const bytes of forward(message)) controller.enqueue(bytes);
      },
    }),
  );
  return new Response(out).text();
}

describe('anthropicMessagesPassthrough', () => {
  it('forwards the body with the upstream model and without Gatehouse options', () => {
    const body = { model: 'anthropic/claude-sonnet-4', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }], container: 'c1', providerOptions: { gateway: { tags: ['t'] } } };
    expect(codec.buildBody(anthropicMessages.parse(body, new Headers()), 'claude-sonnet-4-20250514')).toEqual({
      model: 'claude-sonnet-4-20250514',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'Hi' }],
      container: 'c1',
    });
    expect(body.providerOptions).toEqual({ gateway: { tags: ['t'] } });
  });

  it('rewrites a JSON message and reads usage with cached tokens counted as input', () => {
    const upstream = {
      id: 'msg_01',
      type: 'message',
      model: 'claude-sonnet-4-20250514',
      content: [{ type: 'text', text: 'Hi' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 21, cache_read_input_tokens: 512, cache_creation_input_tokens: 3, output_tokens: 60, output_tokens_details: { thinking_tokens: 30 } },
    };
    const { body, usage, finishReason } = codec.transformJson(upstream, identity);
    expect(body).toEqual({ ...upstream, id: 'gen_01TEST', model: 'anthropic/claude-sonnet-4' });
    expect(usage).toEqual({ inputTokens: 536, outputTokens: 60, cachedInputTokens: 512, cacheWriteTokens: 3, reasoningTokens: 30, estimated: false });
    expect(finishReason).toBe('end_turn');
  });

  it('replays a recorded stream byte for byte, with event names, only the id and model rewritten', async () => {
    const recorded = await fixture('anthropic-tool.sse');
    const tracker = newStreamTracker();
    const forwarded = await replay(recorded, tracker);
    expect(forwarded).toBe(recorded.replace('"id":"msg_fake000001"', '"id":"gen_01TEST"').replace('"model":"claude-sonnet-4-5"', '"model":"anthropic/claude-sonnet-4"'));
    expect(tracker).toMatchObject({
      usage: { inputTokens: 50, outputTokens: 20, cachedInputTokens: 16, cacheWriteTokens: 0, reasoningTokens: 4, estimated: false },
      finishReason: 'tool_use',
      outputChars: '{"city":"Oslo","unit":"celsius"}'.length,
      error: undefined,
    });
    expect(tracker.firstTokenAt).toBeTypeOf('number');
  });

  it('reports no usage for a stream cut before message_delta, so it is not mistaken for a complete one', async () => {
    const recorded = await fixture('anthropic-text.sse');
    const tracker = newStreamTracker();
    await replay(recorded.slice(0, recorded.indexOf('event: message_delta')), tracker);
    expect(tracker.usage).toBeUndefined();
    expect(tracker.finishReason).toBeUndefined();
    expect(tracker.outputChars).toBe('Hello from fake!'.length);
  });

  it('forwards an error event and records it', async () => {
    const tracker = newStreamTracker();
    const forwarded = await replay('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n', tracker);
    expect(forwarded).toBe('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n');
    expect(tracker.error?.message).toBe('Upstream error: Overloaded');
  });
});
