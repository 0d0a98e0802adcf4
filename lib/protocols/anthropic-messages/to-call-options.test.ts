import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../gateway/errors';
import { anthropicMessages } from './index';

const parse = (body: Record<string, unknown>) => anthropicMessages.parse({ model: 'openai/gpt-4o', max_tokens: 256, ...body }, new Headers());

describe('anthropicMessages.parse', () => {
  it('reads routing options, the end user and the stream flag', () => {
    const parsed = parse({
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      metadata: { user_id: 'u_1' },
      providerOptions: { gateway: { order: ['openai'], tags: ['a'] } },
    });
    expect(parsed).toMatchObject({ model: 'openai/gpt-4o', stream: true, options: { order: ['openai'], tags: ['a'], user: 'u_1' } });
    expect(parsed.estimatedInputTokens).toBeGreaterThan(0);
  });

  it.each([
    ['a missing max_tokens', { model: 'x', messages: [{ role: 'user', content: 'Hi' }] }, 'max_tokens'],
    ['no messages', { model: 'x', max_tokens: 1, messages: [] }, 'messages'],
    ['a text block without text', { model: 'x', max_tokens: 1, messages: [{ role: 'user', content: [{ type: 'text' }] }] }, 'messages.0.content.0.text'],
    ['a tool_use without input', { model: 'x', max_tokens: 1, messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'n' }] }] }, 'messages.0.content.0.input'],
    ['an image without a source', { model: 'x', max_tokens: 1, messages: [{ role: 'user', content: [{ type: 'image' }] }] }, 'messages.0.content.0.source'],
    ['a custom tool without input_schema', { model: 'x', max_tokens: 1, messages: [{ role: 'user', content: 'x' }], tools: [{ name: 't' }] }, 'tools.0.input_schema'],
    ['a temperature above 1', { model: 'x', max_tokens: 1, messages: [{ role: 'user', content: 'x' }], temperature: 1.5 }, 'temperature'],
    ['a malformed gateway option', { model: 'x', max_tokens: 1, messages: [{ role: 'user', content: 'x' }], providerOptions: { gateway: { serviceTier: 'nope' } } }, 'providerOptions.gateway.serviceTier'],
  ])('rejects %s', (_name, body, param) => {
    let caught: unknown;
    try {
      anthropicMessages.parse(body, new Headers());
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GatewayError);
    expect(caught).toMatchObject({ status: 400, param });
  });

  it('lets block and tool types it does not translate through, for the pass-through path', () => {
    const parsed = parse({
      messages: [{ role: 'user', content: [{ type: 'search_result', source: 'x', title: 't', content: [] }] }],
      tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 3 }],
    });
    expect(parsed.body.tools).toEqual([{ type: 'web_search_20250305', name: 'web_search', max_uses: 3 }]);
    expect(() => parsed.toCallOptions()).toThrow(/can only be sent to models served by Anthropic/);
  });
});

describe('toCallOptions', () => {
  it('translates a tool loop: tool_use → tool-call, tool_result → a tool message named after the call', () => {
    const options = parse({
      system: [{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'Use tools.' }],
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Use the tool.', signature: 'sig' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Oslo' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_01', content: '{"tempC":4}' },
            { type: 'text', text: 'And tomorrow?' },
          ],
        },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_02', name: 'get_weather', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_02', content: [{ type: 'text', text: 'offline' }], is_error: true }] },
      ],
      tools: [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      stop_sequences: ['END'],
      temperature: 0.5,
      top_k: 40,
      thinking: { type: 'enabled', budget_tokens: 4096 },
    }).toCallOptions();

    expect(options.prompt).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: 'Use tools.' },
      { role: 'user', content: [{ type: 'text', text: 'Weather in Oslo?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Use the tool.', providerOptions: { anthropic: { signature: 'sig' } } },
          { type: 'text', text: 'Checking.' },
          { type: 'tool-call', toolCallId: 'toolu_01', toolName: 'get_weather', input: { city: 'Oslo' } },
        ],
      },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_01', toolName: 'get_weather', output: { type: 'text', value: '{"tempC":4}' } }] },
      { role: 'user', content: [{ type: 'text', text: 'And tomorrow?' }] },
      { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'toolu_02', toolName: 'get_weather', input: {} }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_02', toolName: 'get_weather', output: { type: 'error-text', value: 'offline' } }] },
    ]);
    expect(options).toMatchObject({
      maxOutputTokens: 256,
      temperature: 0.5,
      topK: 40,
      stopSequences: ['END'],
      reasoning: 'low',
      tools: [{ type: 'function', name: 'get_weather', description: 'Weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }],
      toolChoice: { type: 'required' },
      providerOptions: { openai: { parallelToolCalls: false } },
    });
  });

  it('turns images and documents into file parts', () => {
    const options = parse({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0K' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
            { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0' }, title: 'report.pdf' },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain words' } },
          ],
        },
      ],
    }).toCallOptions();
    expect(options.prompt).toEqual([
      {
        role: 'user',
        content: [
          { type: 'file', data: { type: 'data', data: 'iVBORw0K' }, mediaType: 'image/png' },
          { type: 'file', data: { type: 'url', url: new URL('https://example.com/cat.jpg') }, mediaType: 'image/*' },
          { type: 'file', data: { type: 'data', data: 'JVBERi0' }, mediaType: 'application/pdf', filename: 'report.pdf' },
          { type: 'text', text: 'plain words' },
        ],
      },
    ]);
  });

  it('maps tool_choice tool and none, and leaves unset options undefined', () => {
    const named = parse({ messages: [{ role: 'user', content: 'x' }], tool_choice: { type: 'tool', name: 'get_weather' } }).toCallOptions();
    expect(named.toolChoice).toEqual({ type: 'tool', toolName: 'get_weather' });
    expect(named.providerOptions).toBeUndefined();
    const none = parse({ messages: [{ role: 'user', content: 'x' }], tool_choice: { type: 'none' } }).toCallOptions();
    expect(none.toolChoice).toEqual({ type: 'none' });
    expect(none).toMatchObject({ temperature: undefined, topP: undefined, reasoning: undefined, tools: undefined });
  });
});
