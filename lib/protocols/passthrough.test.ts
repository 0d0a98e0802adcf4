import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClientProtocolAdapter } from '../gateway/types';
import { anthropicMessages } from './anthropic-messages';
import { embeddings } from './embeddings';
import { openAIChat } from './openai-chat';
import { openAIResponses } from './openai-responses';

const identity = { generationId: 'gen_01SPLICE', model: 'openai/gpt-4o', created: 1767225600 };

// Text that a splicer could trip over: quotes, escapes, the member names it looks for, unicode.
const text = fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('"model":"x"', '\\"', 'model', '{"id":1}', '😀\u2028'));
const extra = fc.dictionary(fc.oneof(text, fc.constantFrom('metadata', 'temperature', 'id')), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });

const cases: Array<{ protocol: ClientProtocolAdapter; body: (message: string) => Record<string, unknown> }> = [
  { protocol: openAIChat, body: (message) => ({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: message }] }) },
  { protocol: anthropicMessages, body: (message) => ({ model: 'anthropic/claude', max_tokens: 5, messages: [{ role: 'user', content: message }] }) },
  { protocol: openAIResponses, body: (message) => ({ model: 'openai/gpt-4o', input: message }) },
  { protocol: embeddings, body: (message) => ({ model: 'openai/text-embedding-3-small', input: message }) },
];

describe('pass-through splicing', () => {
  it.each(cases)('$protocol.id: the spliced request body means what buildBody builds', ({ protocol, body }) => {
    const codec = protocol.passthrough!;
    let forwarded = 0;
    fc.assert(
      fc.property(text, extra, fc.boolean(), fc.constantFrom(undefined, null, { include_usage: false }, { include_usage: true, x: 1 }), fc.boolean(), (message, more, stream, streamOptions, gateway) => {
        const value: Record<string, unknown> = { ...more, ...body(message) };
        if (protocol.id !== 'embeddings') value.stream = stream;
        if (protocol.id === 'openai-chat' && streamOptions !== undefined) value.stream_options = streamOptions;
        if (gateway) value.providerOptions = { gateway: { tags: ['a'] } };
        const raw = JSON.stringify(value, null, message.length % 2 ? 1 : 0);
        let request;
        try {
          request = protocol.parse(JSON.parse(raw), new Headers());
        } catch {
          return; // not a valid request for this door: never forwarded
        }
        request.rawBody = raw;
        forwarded++;
        const spliced = codec.spliceBody!(request, 'up-"model"-1');
        expect(spliced).toBeDefined();
        expect(JSON.parse(spliced!)).toEqual(JSON.parse(JSON.stringify(codec.buildBody(request, 'up-"model"-1'))));
      }),
      { numRuns: 400 },
    );
    expect(forwarded).toBeGreaterThan(100);
  });

  it('falls back to building the body when the raw text is not there', () => {
    const request = openAIChat.parse({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }, new Headers());
    expect(openAIChat.passthrough!.spliceBody!(request, 'gpt-4o')).toBeUndefined();
  });

  const answers: Array<{ protocol: ClientProtocolAdapter; answer: (content: string) => Record<string, unknown> }> = [
    {
      protocol: openAIChat,
      answer: (content) => ({
        id: 'chatcmpl-1',
        object: 'chat.completion',
        model: 'gpt-4o-2024-08-06',
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 7, completion_tokens: 3, prompt_tokens_details: { cached_tokens: 2 }, completion_tokens_details: { reasoning_tokens: 1 } },
      }),
    },
    {
      protocol: anthropicMessages,
      answer: (content) => ({ id: 'msg_1', type: 'message', model: 'claude', content: [{ type: 'text', text: content }], stop_reason: 'end_turn', usage: { input_tokens: 5, output_tokens: 2, cache_read_input_tokens: 1 } }),
    },
    {
      protocol: openAIResponses,
      answer: (content) => ({ id: 'resp_1', object: 'response', model: 'gpt-4o', status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [{ type: 'message', content: [{ type: 'output_text', text: content }] }], usage: { input_tokens: 5, output_tokens: 2 } }),
    },
    { protocol: embeddings, answer: (content) => ({ object: 'list', model: 'text-embedding-3-small', data: [{ object: 'embedding', index: 0, embedding: [0.5, -1e-7, content.length] }], usage: { prompt_tokens: 4, total_tokens: 4 } }) },
  ];

  it.each(answers)('$protocol.id: the spliced JSON answer, its usage and finish reason equal transformJson', ({ protocol, answer }) => {
    const codec = protocol.passthrough!;
    fc.assert(
      fc.property(text, extra, (content, more) => {
        const upstream = { ...more, ...answer(content) };
        const raw = JSON.stringify(upstream);
        const spliced = codec.spliceJson!(raw, identity)!;
        const parsed = codec.transformJson(JSON.parse(raw), identity);
        expect(JSON.parse(spliced.body)).toEqual(JSON.parse(JSON.stringify(parsed.body)));
        expect(spliced.usage).toEqual(parsed.usage);
        expect(spliced.usage).toBeDefined();
        expect(spliced.finishReason).toEqual(parsed.finishReason);
      }),
      { numRuns: 200 },
    );
  });

  it('leaves an answer that is not one JSON object to the parser', () => {
    for (const raw of ['[]', '{"id":1} {"id":2}', '{"id":"a","id":"b"}', 'not json']) expect(openAIChat.passthrough!.spliceJson!(raw, identity)).toBeUndefined();
  });
});
