import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../gateway/errors';
import { createAiSdkAdapter, type AiSdkRequest } from '.';
import { readGatewayOptions } from './gateway-options';
import type { ModelKind } from './model-headers';
import type { SpecVersion } from './spec-version';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).toString('base64');
const languageHeaders = { 'ai-language-model-id': 'openai/gpt-4o', 'ai-language-model-streaming': 'true' };
const embeddingHeaders = { 'ai-model-id': 'openai/text-embedding-3-small' };

/** What the endpoint hands the pipeline: the client's JSON body and its headers. */
function parse(body: unknown, version: SpecVersion = 4, headers: Record<string, string> = languageHeaders, kind: ModelKind = 'language') {
  return createAiSdkAdapter(version, kind).parse(body, new Headers(headers)) as AiSdkRequest;
}
const parseEmbedding = (body: unknown, version: SpecVersion = 4, headers: Record<string, string> = embeddingHeaders) => parse(body, version, headers, 'embedding');

const user = (...content: unknown[]) => ({ prompt: [{ role: 'user', content }] });

describe('the model headers', () => {
  it('name the model and the streaming mode, whatever the body says', () => {
    const request = parse({ ...user({ type: 'text', text: 'Hi' }), model: 'x/y', stream: false });
    expect(request).toMatchObject({ model: 'openai/gpt-4o', stream: true });
    expect(parse(user({ type: 'text', text: 'Hi' }), 4, { 'ai-language-model-id': ' openai/gpt-4o ', 'ai-language-model-streaming': 'false' })).toMatchObject({ model: 'openai/gpt-4o', stream: false });
    expect(parse(user({ type: 'text', text: 'Hi' }), 4, { 'ai-language-model-id': 'openai/gpt-4o' }).stream).toBe(false);
  });

  it('are read for logging before the body is validated', () => {
    const adapter = createAiSdkAdapter(4, 'language');
    expect(adapter.requestedModel?.({ prompt: 'not a prompt' }, new Headers(languageHeaders))).toBe('openai/gpt-4o');
    expect(adapter.requestedModel?.({ model: 'x/y' }, new Headers())).toBe('');
    expect(createAiSdkAdapter(2, 'embedding').requestedModel?.({}, new Headers(embeddingHeaders))).toBe('openai/text-embedding-3-small');
  });

  it('refuses a call without a model id header, naming the header', () => {
    const missing = () => parse(user({ type: 'text', text: 'Hi' }), 4, { 'ai-language-model-streaming': 'true' });
    expect(missing).toThrow(/'ai-language-model-id' header must name a model/);
    expect(missing).toThrow(expect.objectContaining({ code: 'invalid_request', param: 'ai-language-model-id' }));
    expect(() => parseEmbedding({ values: ['a'] }, 4, { 'ai-model-id': ' ' })).toThrow(/'ai-model-id' header/);
    // The language-model header does not name an embedding model.
    expect(() => parseEmbedding({ values: ['a'] }, 3, { 'ai-language-model-id': 'openai/text-embedding-3-small' })).toThrow(/'ai-model-id' header/);
  });

  it('refuses a body that is not a JSON object', () => {
    expect(() => parse([1])).toThrow(/must be a JSON object/);
    expect(() => parseEmbedding('values')).toThrow(/must be a JSON object/);
  });
});

describe('language-model calls', () => {
  it('reads the model and streaming flag from the headers and keeps the call options as canonical V4', () => {
    const request = parse({
      ...user({ type: 'text', text: 'Hi' }),
      maxOutputTokens: 50,
      temperature: 0.2,
      headers: { 'user-agent': 'ai/7.0.0', 'x-secret': 'never forwarded' },
      providerOptions: { gateway: { order: ['openai'], user: 'alice' }, openai: { store: false } },
      reasoning: 'low',
    });
    expect(request).toMatchObject({ model: 'openai/gpt-4o', stream: true, maxOutputTokens: 50, options: { order: ['openai'], user: 'alice' } });
    expect(request.toCallOptions()).toEqual({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      maxOutputTokens: 50,
      temperature: 0.2,
      reasoning: 'low',
      providerOptions: { openai: { store: false } },
    });
  });

  it('revives V2/V3 string file data: data URLs inline, other URLs as URL objects, bare base64 sniffed', () => {
    const request = parse(
      user(
        { type: 'file', mediaType: 'image/*', data: `data:image/png;base64,${PNG}` },
        { type: 'file', mediaType: 'application/pdf', data: 'https://example.com/a.pdf' },
        { type: 'file', mediaType: 'image/*', data: PNG },
      ),
      3,
    );
    const [dataUrl, url, bare] = request.toCallOptions().prompt[0].content as Array<{ data: unknown; mediaType: string }>;
    expect(dataUrl).toEqual({ type: 'file', mediaType: 'image/png', data: { type: 'data', data: PNG } });
    expect(url).toEqual({ type: 'file', mediaType: 'application/pdf', data: { type: 'url', url: new URL('https://example.com/a.pdf') } });
    expect(bare).toEqual({ type: 'file', mediaType: 'image/png', data: { type: 'data', data: PNG } });
  });

  it('revives V4 tagged file data', () => {
    const request = parse(
      user(
        { type: 'file', mediaType: 'image/png', data: { type: 'data', data: PNG } },
        { type: 'file', mediaType: 'image/jpeg', data: { type: 'url', url: 'https://example.com/a.jpg' } },
        { type: 'file', mediaType: 'application/pdf', data: { type: 'reference', reference: { openai: 'file-1' } } },
      ),
    );
    expect(request.toCallOptions().prompt[0].content).toEqual([
      { type: 'file', mediaType: 'image/png', data: { type: 'data', data: PNG } },
      { type: 'file', mediaType: 'image/jpeg', data: { type: 'url', url: new URL('https://example.com/a.jpg') } },
      { type: 'file', mediaType: 'application/pdf', data: { type: 'reference', reference: { openai: 'file-1' } } },
    ]);
  });

  it('converts V3 and V2 tool-result content items and provider-defined tools to V4', () => {
    const toolResult = (value: unknown[]) => ({ role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'look', output: { type: 'content', value } }] });
    const v3 = parse({
      prompt: [
        toolResult([
          { type: 'text', text: 'seen' },
          { type: 'image-data', data: PNG, mediaType: 'image/png' },
          { type: 'image-url', url: 'https://example.com/a.png' },
          { type: 'file-id', fileId: { openai: 'file-1' } },
        ]),
      ],
    }, 3);
    expect(v3.toCallOptions().prompt[0]).toEqual(
      toolResult([
        { type: 'text', text: 'seen' },
        { type: 'file', data: { type: 'data', data: PNG }, mediaType: 'image/png' },
        { type: 'file', data: { type: 'url', url: new URL('https://example.com/a.png') }, mediaType: 'image/*' },
        { type: 'file', data: { type: 'reference', reference: { openai: 'file-1' } }, mediaType: 'application/octet-stream' },
      ]),
    );
    expect(() => parse({ prompt: [toolResult([{ type: 'file-id', fileId: 'file-1' }])] }, 3)).toThrow(GatewayError);

    const v2 = parse({
      prompt: [toolResult([{ type: 'media', data: PNG, mediaType: 'image/png' }])],
      tools: [{ type: 'provider-defined', id: 'openai.web_search', name: 'web_search', args: {} }],
    }, 2);
    expect(v2.toCallOptions().prompt[0]).toEqual(toolResult([{ type: 'file', data: { type: 'data', data: PNG }, mediaType: 'image/png' }]));
    expect(v2.toCallOptions().tools).toEqual([{ type: 'provider', id: 'openai.web_search', name: 'web_search', args: {} }]);
  });

  it('drops hosted-gateway tools with a warning', () => {
    const request = parse({
      ...user({ type: 'text', text: 'Search' }),
      tools: [
        { type: 'provider', id: 'gateway.perplexity_search', name: 'search', args: {} },
        { type: 'function', name: 'lookup', inputSchema: { type: 'object' } },
      ],
    });
    expect(request.toCallOptions().tools).toEqual([{ type: 'function', name: 'lookup', inputSchema: { type: 'object' } }]);
    expect(request.aiSdk.warnings).toEqual([{ type: 'unsupported', feature: 'tool gateway.perplexity_search', details: 'Gatehouse does not execute hosted-gateway tools.' }]);
  });

  it('refuses malformed prompts with the offending path', () => {
    expect(() => parse({ prompt: [] })).toThrow(/prompt/);
    expect(() => parse({ prompt: [{ role: 'user', content: [{ type: 'file', mediaType: 'image/png', data: 'https://' }] }] })).toThrow(/prompt\.0\.content\.0\.data/);
    expect(() => parse({ prompt: [{ role: 'wizard', content: 'x' }] })).toThrow(GatewayError);
  });

  it('does not count inline file data in the input estimate', () => {
    const withImage = parse(user({ type: 'text', text: 'Describe this' }, { type: 'file', mediaType: 'image/png', data: { type: 'data', data: 'A'.repeat(100_000) } }));
    expect(withImage.estimatedInputTokens).toBeLessThan(10);
  });
});

describe('embedding-model calls', () => {
  it('reads V2 `input` and V3/V4 `values` (with V4 dimensions)', () => {
    expect(parseEmbedding({ input: 'one' }, 2).embedding).toEqual({ values: ['one'] });
    expect(parseEmbedding({ input: ['a', 'b'] }, 2).embedding).toEqual({ values: ['a', 'b'] });
    expect(parseEmbedding({ values: ['a'], dimensions: 64 }, 4)).toMatchObject({ model: 'openai/text-embedding-3-small', stream: false, embedding: { values: ['a'], dimensions: 64 } });
    expect(() => parseEmbedding({}, 4)).toThrow(/values/);
  });

  it('routes by `providerOptions.gateway` and keeps the other provider options for the upstream', () => {
    const providerOptions = { gateway: { order: ['openai'], user: 'alice', tags: ['search'] }, openai: { dimensions: 4 } };
    for (const [version, body] of [
      [2, { input: 'one', providerOptions }],
      [3, { values: ['one'], providerOptions }],
    ] as const) {
      const request = parseEmbedding(body, version);
      expect(request.options).toEqual({ order: ['openai'], user: 'alice', tags: ['search'] });
      expect(request.embedding).toEqual({ values: ['one'], providerOptions: { openai: { dimensions: 4 } } });
    }
    expect(parseEmbedding({ values: ['one'], providerOptions: { gateway: { user: 'bob' } } }).embedding).toEqual({ values: ['one'] });
    expect(parseEmbedding({ values: ['one'], providerOptions: { gateway: { someday: 'auto' } } }, 3).aiSdk.warnings).toHaveLength(1);
    expect(() => parseEmbedding({ values: ['one'], providerOptions: { gateway: { order: 'openai' } } }, 2)).toThrow(/providerOptions\.gateway\.order/);
  });
});

describe('readGatewayOptions', () => {
  it("accepts every option of the SDK's type with its meaning", () => {
    const { options, warnings } = readGatewayOptions({
      caching: 'auto',
      serviceTier: 'priority',
      idempotencyKey: 'k1',
      experimental_streamingImageDecoding: true,
      has: ['vision', 'quantization:FP8', '!quantization:int4'],
      models: [{ model: 'openai/gpt-4o', when: { confidenceBelow: 0.5 } }, 'anthropic/claude-sonnet-4'],
      providerTimeouts: { byok: { openai: 5000 }, anthropic: 7000 },
      only: ['openai'],
    });
    expect(options).toEqual({
      caching: 'auto',
      serviceTier: 'priority',
      idempotencyKey: 'k1',
      experimental_streamingImageDecoding: true,
      has: ['vision'],
      quantization: ['fp8'],
      excludedQuantization: ['int4'],
      models: ['anthropic/claude-sonnet-4'],
      providerTimeouts: { anthropic: 7000 },
      byokProviderTimeouts: { openai: 5000 },
      only: ['openai'],
    });
    expect(warnings.map((warning) => ('feature' in warning ? warning.feature : warning.type))).toEqual(['providerOptions.gateway.models']);
  });

  it('keeps accepting the flat providerTimeouts shape', () => {
    expect(readGatewayOptions({ providerTimeouts: { openai: 5000 } }).options).toEqual({ providerTimeouts: { openai: 5000 } });
  });

  it('accepts unknown future keys, names them sanitised and bounded, and warns', () => {
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, index) => [`future${index}`, index]));
    const { options, warnings } = readGatewayOptions({ 'fancy\r\nkey': { deep: true }, ...many, order: ['openai'] });
    expect(options.order).toEqual(['openai']);
    expect(options.ignored?.[0]).toBe('fancy__key');
    expect(options.ignored).toHaveLength(16);
    expect(warnings[0]).toMatchObject({ type: 'unsupported', feature: 'providerOptions.gateway.fancy__key' });
  });

  it('refuses malformed values of known keys', () => {
    expect(() => readGatewayOptions({ order: 'openai' })).toThrow(/providerOptions\.gateway\.order/);
    expect(() => readGatewayOptions({ serviceTier: 'turbo' })).toThrow(/providerOptions\.gateway\.serviceTier/);
    expect(() => readGatewayOptions({ caching: 'always' })).toThrow(/providerOptions\.gateway\.caching/);
    expect(() => readGatewayOptions({ has: ['quantization:fp 8'] })).toThrow(/providerOptions\.gateway\.has/);
    expect(() => readGatewayOptions({ has: ['telepathy'] })).toThrow(/providerOptions\.gateway\.has/);
    expect(() => readGatewayOptions({ providerTimeouts: { byok: 5000 } })).toThrow(/providerOptions\.gateway\.providerTimeouts/);
    expect(() => readGatewayOptions({ providerTimeouts: { openai: { anthropic: 5000 } } })).toThrow(/providerOptions\.gateway\.providerTimeouts/);
    expect(() => readGatewayOptions({ idempotencyKey: '' })).toThrow(/providerOptions\.gateway\.idempotencyKey/);
    expect(() => readGatewayOptions('openai')).toThrow(GatewayError);
  });
});
