import { describe, expect, it } from 'vitest';
import { openAIResponses } from '.';

const callOptions = (body: Record<string, unknown>) => openAIResponses.parse({ model: 'anthropic/claude-sonnet-4', ...body }, new Headers()).toCallOptions();

describe('Responses request → LanguageModelV4CallOptions', () => {
  it('puts instructions first and turns string input into one user message', () => {
    expect(callOptions({ instructions: 'Be brief.', input: 'Hi' }).prompt).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
    ]);
  });

  it('converts messages, images, files and a function-call round trip', () => {
    const options = callOptions({
      input: [
        { role: 'developer', content: 'Use tools.' },
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'Weather here?' },
            { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0K', detail: 'auto' },
            { type: 'input_file', file_data: 'data:application/pdf;base64,JVBERi0', filename: 'a.pdf' },
          ],
        },
        { type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Checking.', annotations: [] }] },
        { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}', status: 'completed' },
        { type: 'function_call', call_id: 'call_2', name: 'get_time', arguments: '' },
        { type: 'function_call_output', call_id: 'call_1', output: '{"tempC":4}' },
        { type: 'function_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: '12:00' }] },
        { type: 'reasoning', id: 'rs_1', summary: [] },
        { role: 'user', content: 'Thanks' },
      ],
    });
    expect(options.prompt).toEqual([
      { role: 'system', content: 'Use tools.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather here?' },
          { type: 'file', data: { type: 'data', data: 'iVBORw0K' }, mediaType: 'image/png' },
          { type: 'file', data: { type: 'data', data: 'JVBERi0' }, mediaType: 'application/pdf', filename: 'a.pdf' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', input: { city: 'Oslo' } },
          { type: 'tool-call', toolCallId: 'call_2', toolName: 'get_time', input: {} },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'call_1', toolName: 'get_weather', output: { type: 'text', value: '{"tempC":4}' } },
          { type: 'tool-result', toolCallId: 'call_2', toolName: 'get_time', output: { type: 'content', value: [{ type: 'text', text: '12:00' }] } },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
    ]);
  });

  it('maps tools, tool choice, text format, reasoning and sampling', () => {
    const options = callOptions({
      input: 'Hi',
      tools: [
        { type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true },
        { type: 'function', name: 'get_time', parameters: null, strict: null },
      ],
      tool_choice: { type: 'function', name: 'get_weather' },
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true } },
      reasoning: { effort: 'low', summary: 'auto' },
      max_output_tokens: 200,
      temperature: 0.5,
      top_p: 0.9,
      store: true,
      metadata: { app: 'x' },
    });
    expect(options).toMatchObject({
      maxOutputTokens: 200,
      temperature: 0.5,
      topP: 0.9,
      reasoning: 'low',
      responseFormat: { type: 'json', name: 'answer', schema: { type: 'object' } },
      toolChoice: { type: 'tool', toolName: 'get_weather' },
      tools: [
        { type: 'function', name: 'get_weather', description: 'Weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } }, strict: true },
        { type: 'function', name: 'get_time', inputSchema: { type: 'object', properties: {} } },
      ],
    });
    expect(callOptions({ input: 'Hi', text: { format: { type: 'json_object' } } }).responseFormat).toEqual({ type: 'json' });
    expect(callOptions({ input: 'Hi', tool_choice: 'required' }).toolChoice).toEqual({ type: 'required' });
  });

  it('offers only the allowed tools of an allowed_tools choice', () => {
    const options = callOptions({
      input: 'Hi',
      tools: [
        { type: 'function', name: 'a', parameters: {} },
        { type: 'function', name: 'b', parameters: {} },
      ],
      tool_choice: { type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'b' }] },
    });
    expect(options.tools?.map((tool) => tool.name)).toEqual(['b']);
    expect(options.toolChoice).toEqual({ type: 'required' });
  });

  it('refuses what only OpenAI can serve, naming the parameter', () => {
    expect(() => callOptions({ input: 'Hi', tools: [{ type: 'web_search' }] })).toThrow(expect.objectContaining({ status: 400, param: 'tools.0.type' }));
    expect(() => callOptions({ input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file_1', detail: 'auto' }] }] })).toThrow(
      expect.objectContaining({ param: 'input.0.content.0' }),
    );
    expect(() => callOptions({ input: [{ type: 'function_call', call_id: 'c', name: 'f', arguments: '{oops' }] })).toThrow(expect.objectContaining({ param: 'input.0.arguments' }));
  });
});
