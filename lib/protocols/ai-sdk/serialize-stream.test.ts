import type { LanguageModelV4StreamPart, LanguageModelV4Usage } from '@ai-sdk/provider';
import { createGateway } from '@ai-sdk/gateway';
import { streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../gateway/errors';
import { newStreamTracker, type ResponseIdentity } from '../../gateway/types';
import { serializeAiSdkResult } from './serialize-result';
import { aiSdkStreamError, aiSdkStreamSerializer } from './serialize-stream';
import type { SpecVersion } from './spec-version';

const identity = { generationId: 'gen_01TEST', model: 'openai/gpt-4o', created: 1767225600 };
const usage: LanguageModelV4Usage = {
  inputTokens: { total: 12, noCache: 12, cacheRead: 0, cacheWrite: undefined },
  outputTokens: { total: 7, text: 7, reasoning: 0 },
};

const textAndTool: LanguageModelV4StreamPart[] = [
  { type: 'stream-start', warnings: [] },
  { type: 'response-metadata', id: 'chatcmpl-1', modelId: 'gpt-4o-2024-08-06', timestamp: new Date('2026-01-01T00:00:00Z') },
  { type: 'text-start', id: '0' },
  { type: 'text-delta', id: '0', delta: 'Checking' },
  { type: 'text-end', id: '0' },
  { type: 'tool-input-start', id: 'call_1', toolName: 'get_weather' },
  { type: 'tool-input-delta', id: 'call_1', delta: '{"city":' },
  { type: 'tool-input-delta', id: 'call_1', delta: '"Oslo"}' },
  { type: 'tool-input-end', id: 'call_1' },
  { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', input: '{"city":"Oslo"}' },
  { type: 'finish', usage, finishReason: { unified: 'tool-calls', raw: 'tool_calls' } },
];

async function serialize(parts: LanguageModelV4StreamPart[], version: SpecVersion, warnings: Parameters<typeof aiSdkStreamSerializer>[1]['warnings'] = [], id: ResponseIdentity = identity) {
  const tracker = newStreamTracker();
  const source = new ReadableStream<LanguageModelV4StreamPart>({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });
  const bytes = await new Response(source.pipeThrough(aiSdkStreamSerializer(id, { version, warnings }, tracker))).text();
  const wire = bytes
    .trim()
    .split('\n\n')
    .map((frame) => JSON.parse(frame.replace(/^data: /, '')));
  return { bytes, wire, tracker };
}

/** The real client, reading our bytes: any shape it cannot parse fails the stream. */
function clientOver(bytes: string) {
  return createGateway({ apiKey: 'test', baseURL: 'http://gatehouse.test/v4/ai', fetch: async () => new Response(bytes, { headers: { 'content-type': 'text/event-stream' } }) });
}

describe('aiSdkStreamSerializer', () => {
  it('writes V4 parts as data-only SSE, with the generation id on the first content part and on finish', async () => {
    const { bytes, tracker } = await serialize(textAndTool, 4);
    expect(bytes).toBe(
      [
        '{"type":"stream-start","warnings":[]}',
        '{"type":"response-metadata","id":"chatcmpl-1","modelId":"openai/gpt-4o","timestamp":"2026-01-01T00:00:00.000Z"}',
        '{"type":"text-start","id":"0","providerMetadata":{"gateway":{"generationId":"gen_01TEST"}}}',
        '{"type":"text-delta","id":"0","delta":"Checking"}',
        '{"type":"text-end","id":"0"}',
        '{"type":"tool-input-start","id":"call_1","toolName":"get_weather"}',
        '{"type":"tool-input-delta","id":"call_1","delta":"{\\"city\\":"}',
        '{"type":"tool-input-delta","id":"call_1","delta":"\\"Oslo\\"}"}',
        '{"type":"tool-input-end","id":"call_1"}',
        '{"type":"tool-call","toolCallId":"call_1","toolName":"get_weather","input":"{\\"city\\":\\"Oslo\\"}"}',
        '{"type":"finish","usage":{"inputTokens":{"total":12,"noCache":12,"cacheRead":0},"outputTokens":{"total":7,"text":7,"reasoning":0}},"finishReason":{"unified":"tool-calls","raw":"tool_calls"},"providerMetadata":{"gateway":{"generationId":"gen_01TEST"}}}',
      ]
        .map((line) => `data: ${line}\n\n`)
        .join(''),
    );
    expect(tracker).toMatchObject({ finishReason: 'tool-calls', usage: { inputTokens: 12, outputTokens: 7 }, outputChars: 'Checking'.length + '{"city":"Oslo"}'.length });
    expect(tracker.firstTokenAt).toBeDefined();

    const result = streamText({ model: clientOver(bytes)('openai/gpt-4o'), prompt: 'Hi' });
    expect(await result.text).toBe('Checking');
    expect(await result.toolCalls).toMatchObject([{ toolCallId: 'call_1', toolName: 'get_weather', input: { city: 'Oslo' } }]);
    expect(await result.finishReason).toBe('tool-calls');
    expect(await result.providerMetadata).toEqual({ gateway: { generationId: 'gen_01TEST' } });
  });

  it('writes V3 and V2 shapes: V2 finish reason is a string and usage is flat', async () => {
    const v3 = await serialize(textAndTool, 3);
    expect(v3.wire.at(-1)).toMatchObject({ finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage: { inputTokens: { total: 12 } } });
    const v2 = await serialize(textAndTool, 2);
    expect(v2.wire.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'tool-calls',
      usage: { inputTokens: 12, outputTokens: 7, totalTokens: 19, reasoningTokens: 0, cachedInputTokens: 0 },
      providerMetadata: { gateway: { generationId: 'gen_01TEST' } },
    });
  });

  it('leaves out parts an older generation has no type for, which its client would reject', async () => {
    const parts: LanguageModelV4StreamPart[] = [
      { type: 'ping' },
      { type: 'custom', kind: 'openai.compaction' },
      { type: 'reasoning-file', mediaType: 'image/png', data: { type: 'data', data: new Uint8Array([1, 2]) } },
      { type: 'tool-approval-request', approvalId: 'a1', toolCallId: 'call_1' },
      { type: 'file', mediaType: 'image/png', data: { type: 'data', data: new Uint8Array([1, 2, 3]) } },
      { type: 'tool-result', toolCallId: 'call_2', toolName: 'web_search', result: { hits: 1 } },
      { type: 'finish', usage, finishReason: { unified: 'interrupted', raw: undefined } },
    ];
    const types = async (version: SpecVersion) => (await serialize(parts, version)).wire.map((part) => part.type);
    expect(await types(4)).toEqual(['ping', 'custom', 'reasoning-file', 'tool-approval-request', 'file', 'tool-result', 'finish']);
    expect(await types(3)).toEqual(['tool-approval-request', 'file', 'tool-result', 'finish']);
    expect(await types(2)).toEqual(['file', 'tool-result', 'finish']);

    const v2 = (await serialize(parts, 2)).wire;
    expect(v2[0]).toEqual({ type: 'file', mediaType: 'image/png', data: 'AQID', providerMetadata: { gateway: { generationId: 'gen_01TEST' } } });
    expect(v2[1]).toMatchObject({ type: 'tool-result', providerExecuted: true });
    expect(v2[2].finishReason).toBe('other');
    expect((await serialize(parts, 4)).wire[4].data).toEqual({ type: 'data', data: 'AQID' });
  });

  it('merges the gateway’s warnings into stream-start, in each generation’s warning shape', async () => {
    const warnings = [{ type: 'unsupported' as const, feature: 'providerOptions.gateway.caching', details: 'ignored' }];
    const upstream: LanguageModelV4StreamPart[] = [{ type: 'stream-start', warnings: [{ type: 'other', message: 'upstream note' }] }, ...textAndTool.slice(1)];
    expect((await serialize(upstream, 4, warnings)).wire[0]).toEqual({ type: 'stream-start', warnings: [...warnings, { type: 'other', message: 'upstream note' }] });
    expect((await serialize(textAndTool.slice(1), 2, warnings)).wire[0]).toEqual({
      type: 'stream-start',
      warnings: [{ type: 'unsupported-setting', setting: 'providerOptions.gateway.caching', details: 'ignored' }],
    });
  });

  it('turns an upstream error part into an error payload the client hands to onError, and records it', async () => {
    const { wire, tracker } = await serialize(
      [{ type: 'text-start', id: '0' }, { type: 'error', error: new Error('overloaded') }, { type: 'finish', usage, finishReason: { unified: 'error', raw: undefined } }],
      4,
    );
    expect(wire[1]).toEqual({ type: 'error', error: { message: 'Upstream error: overloaded', type: 'internal_server_error', statusCode: 502, code: 'upstream_error' } });
    expect(tracker.error?.message).toBe('Upstream error: overloaded');
    expect(tracker.streamError).toBe(aiSdkStreamError);
    const cut = new TextDecoder().decode(aiSdkStreamError(new GatewayError('upstream_error', 'cut'))[0]);
    expect(cut).toBe('data: {"type":"error","error":{"message":"cut","type":"internal_server_error","statusCode":502,"code":"upstream_error"}}\n\n');
  });

  it('puts cost and routing on finish only, and marks the answering attempt failed after an upstream error part', async () => {
    const routed: ResponseIdentity = {
      ...identity,
      routing: {
        requestedModel: 'openai/gpt-4o',
        plan: [{ model: 'openai/gpt-4o', provider: 'openai', upstreamModelId: 'gpt-4o' }],
        previous: [],
        current: { model: 'openai/gpt-4o', provider: 'openai', upstreamModelId: 'gpt-4o', credential: 'system', startedAt: 1_000, prices: { inputPrice: 2_500_000, outputPrice: 10_000_000, cacheReadPrice: null, cacheWritePrice: null } },
      },
    };
    const clean = (await serialize(textAndTool, 4, [], routed)).wire;
    expect(clean[2].providerMetadata).toEqual({ gateway: { generationId: 'gen_01TEST' } });
    expect(clean.at(-1).providerMetadata.gateway).toMatchObject({
      generationId: 'gen_01TEST',
      cost: '0.0001',
      marketCost: '0.0001',
      routing: { finalProvider: 'openai', attempts: [{ provider: 'openai', success: true, statusCode: 200 }] },
    });

    const failed = (await serialize([{ type: 'text-start', id: '0' }, { type: 'error', error: new Error('overloaded') }, { type: 'finish', usage, finishReason: { unified: 'error', raw: undefined } }], 4, [], routed)).wire;
    expect(failed.at(-1).providerMetadata.gateway.routing.attempts).toMatchObject([{ provider: 'openai', success: false, error: 'Upstream error: overloaded' }]);
  });
});

describe('serializeAiSdkResult', () => {
  const result = {
    content: [
      { type: 'text' as const, text: 'Hi', citations: [{ source: { type: 'source' as const, sourceType: 'url' as const, id: 's1', url: 'https://example.com' } }] },
      { type: 'tool-call' as const, toolCallId: 'call_1', toolName: 'get_weather', input: '{}' },
      { type: 'file' as const, mediaType: 'image/png', data: { type: 'url' as const, url: new URL('https://example.com/a.png') } },
    ],
    finishReason: { unified: 'tool-calls' as const, raw: 'tool_use' },
    usage,
    warnings: [{ type: 'deprecated' as const, setting: 'x', message: 'x is deprecated' }],
    response: { body: { huge: true } },
  };

  it('writes V4 with URLs as strings, the generation id in providerMetadata, and no response body', () => {
    expect(JSON.parse(JSON.stringify(serializeAiSdkResult(result, identity, 4, [])))).toEqual({
      content: [
        { type: 'text', text: 'Hi', citations: [{ source: { type: 'source', sourceType: 'url', id: 's1', url: 'https://example.com' } }] },
        { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', input: '{}' },
        { type: 'file', mediaType: 'image/png', data: { type: 'url', url: 'https://example.com/a.png' } },
      ],
      finishReason: { unified: 'tool-calls', raw: 'tool_use' },
      usage: { inputTokens: { total: 12, noCache: 12, cacheRead: 0 }, outputTokens: { total: 7, text: 7, reasoning: 0 } },
      providerMetadata: { gateway: { generationId: 'gen_01TEST' } },
      warnings: [{ type: 'deprecated', setting: 'x', message: 'x is deprecated' }],
    });
  });

  it('writes V3 without citations or URL files, and deprecations as other warnings', () => {
    const v3 = serializeAiSdkResult(result, identity, 3, []);
    expect(v3.content).toEqual([{ type: 'text', text: 'Hi' }, { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', input: '{}' }]);
    expect(v3.warnings).toEqual([{ type: 'other', message: 'x is deprecated' }]);
    expect(serializeAiSdkResult(result, identity, 2, []).finishReason).toBe('tool-calls');
  });
});
