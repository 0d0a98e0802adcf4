import { describe, expect, it } from 'vitest';
import { fetchGeneration, streamChat } from './chat-stream';
import { codeSnippets } from './code-snippets';
import { buildMessages, newAnswer, optionsFor, parseSettings, type Turn } from './conversation';

const answer = (model: string, text: string, status: 'done' | 'error' | 'stopped' = 'done') => ({ ...newAnswer(model), text, status });

describe('buildMessages', () => {
  const turns: Turn[] = [
    { id: 't1', user: 'Hi', answers: { a: answer('m1', 'Hello from A'), b: answer('m2', 'Hello from B') } },
    { id: 't2', user: 'Broken', answers: { a: answer('m1', '', 'error'), b: answer('m2', '', 'error') } },
    { id: 't3', user: 'More', answers: { a: answer('m1', 'Partial', 'stopped') } },
  ];

  it('gives each column its own answers, skips failed turns and ends with the new message', () => {
    expect(buildMessages({ system: ' Be brief. ', turns, column: 'b', primary: 'a', user: 'Next' })).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello from B' },
      // Column b has no answer for t3: the first column's stands in.
      { role: 'user', content: 'More' },
      { role: 'assistant', content: 'Partial' },
      { role: 'user', content: 'Next' },
    ]);
  });
});

describe('parseSettings', () => {
  it('leaves empty fields to the model and checks ranges', () => {
    expect(parseSettings({ system: '', temperature: '', maxTokens: '', topP: '', reasoningEffort: '' }, 100)).toEqual({ options: {}, errors: {} });
    const parsed = parseSettings({ system: '', temperature: '0.7', maxTokens: '50', topP: '0.9', reasoningEffort: 'low' }, 100);
    expect(parsed).toEqual({ options: { temperature: 0.7, maxTokens: 50, topP: 0.9, reasoningEffort: 'low' }, errors: {} });
    expect(parseSettings({ system: '', temperature: '3', maxTokens: '500', topP: 'x', reasoningEffort: '' }, 100).errors).toEqual({
      temperature: 'Between 0 and 2.',
      maxTokens: 'At most 100 for this model.',
      topP: 'Enter a number.',
    });
  });

  it('sends reasoning effort only to reasoning models', () => {
    const model = { id: 'x', name: 'x', creator: 'x', usable: true, maxOutputTokens: null, inputPrice: 0, outputPrice: 0 };
    expect(optionsFor({ reasoningEffort: 'high', temperature: 1 }, { ...model, reasoning: false })).toEqual({ reasoningEffort: undefined, temperature: 1 });
    expect(optionsFor({ reasoningEffort: 'high' }, { ...model, reasoning: true })).toEqual({ reasoningEffort: 'high' });
  });
});

describe('codeSnippets', () => {
  const snippets = codeSnippets({
    baseUrl: 'https://gatehouse.example',
    model: 'openai/gpt-4o',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: "It's \"quoted\"\nand multi-line" },
    ],
    options: { temperature: 0.5, maxTokens: 64, reasoningEffort: 'low' },
  });
  const code = Object.fromEntries(snippets.map((snippet) => [snippet.id, snippet.code]));

  it('covers curl, OpenAI (TypeScript, Python), Anthropic and the AI SDK, with the key from the environment', () => {
    expect(snippets.map((snippet) => snippet.id)).toEqual(['curl', 'openai-ts', 'openai-python', 'anthropic-ts', 'ai-sdk']);
    for (const text of Object.values(code)) {
      expect(text).toContain('GATEHOUSE_API_KEY');
      expect(text).toContain('openai/gpt-4o');
      expect(text).not.toContain('gthpg_');
    }
  });

  it('puts the exact request body in the curl heredoc', () => {
    const body = code.curl.split("<<'JSON'\n")[1].split('\nJSON')[0];
    expect(JSON.parse(body)).toEqual({
      model: 'openai/gpt-4o',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: "It's \"quoted\"\nand multi-line" },
      ],
      temperature: 0.5,
      max_tokens: 64,
      reasoning_effort: 'low',
    });
    expect(code.curl).toContain('curl https://gatehouse.example/v1/chat/completions');
    expect(code.curl).toContain('-H "Authorization: Bearer $GATEHOUSE_API_KEY"');
  });

  it('uses each SDK’s own base URL and parameter names', () => {
    expect(code['openai-ts']).toContain("baseURL: 'https://gatehouse.example/v1'");
    expect(code['openai-ts']).toContain('max_tokens: 64,');
    expect(code['openai-python']).toContain('base_url="https://gatehouse.example/v1"');
    expect(code['openai-python']).toContain('max_tokens=64,');
    expect(code['anthropic-ts']).toContain("baseURL: 'https://gatehouse.example'");
    expect(code['anthropic-ts']).toContain('system: "Be brief."');
    expect(code['anthropic-ts']).not.toContain('"role": "system"');
    expect(code['ai-sdk']).toContain("baseURL: 'https://gatehouse.example/v4/ai'");
    expect(code['ai-sdk']).toContain('maxOutputTokens: 64,');
    expect(code['ai-sdk']).toContain('reasoning: "low",');
  });
});

/** A fetch that answers with these SSE events, written a few bytes at a time. */
function sseFetch(events: string[], headers: Record<string, string> = {}, status = 200): typeof fetch {
  return (async () => {
    const text = events.map((event) => `data: ${event}\n\n`).join('');
    const bytes = new TextEncoder().encode(text);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < bytes.length; offset += 7) controller.enqueue(bytes.slice(offset, offset + 7));
        controller.close();
      },
    });
    return new Response(body, { status, headers: { 'content-type': 'text/event-stream', ...headers } });
  }) as typeof fetch;
}

describe('streamChat', () => {
  const chunk = (delta: object, finish: string | null = null) => JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] });

  it('streams text and reasoning, and reads usage, generation id and provider', async () => {
    const text: string[] = [];
    const reasoning: string[] = [];
    const outcome = await streamChat({
      token: 'gthpg_x',
      model: 'openai/gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      options: {},
      signal: new AbortController().signal,
      callbacks: { onText: (delta) => text.push(delta), onReasoning: (delta) => reasoning.push(delta) },
      fetchImpl: sseFetch(
        [
          chunk({ role: 'assistant', content: '' }),
          chunk({ reasoning_content: 'thinking' }),
          chunk({ content: 'Hello' }),
          chunk({ content: ' there' }),
          chunk({}, 'stop'),
          JSON.stringify({ choices: [], usage: { prompt_tokens: 12, completion_tokens: 7, completion_tokens_details: { reasoning_tokens: 2 } } }),
          '[DONE]',
        ],
        { 'x-generation-id': 'gen_01', 'x-gatehouse-provider': 'openai', 'x-gatehouse-model': 'openai/gpt-4o' },
      ),
    });
    expect(text.join('')).toBe('Hello there');
    expect(reasoning).toEqual(['thinking']);
    expect(outcome).toMatchObject({
      status: 'done',
      generationId: 'gen_01',
      provider: 'openai',
      servedModel: 'openai/gpt-4o',
      finishReason: 'stop',
      usage: { inputTokens: 12, outputTokens: 7, reasoningTokens: 2 },
      error: null,
    });
    expect(outcome.ttftMs).not.toBeNull();
  });

  it('reports the envelope of a refused call and of an in-stream error', async () => {
    const refused = await streamChat({
      token: 'gthpg_x',
      model: 'm',
      messages: [],
      options: {},
      signal: new AbortController().signal,
      fetchImpl: (async () => Response.json({ error: { message: 'No credit left.', code: 'insufficient_credits' } }, { status: 402, headers: { 'x-generation-id': 'gen_02' } })) as typeof fetch,
    });
    expect(refused).toMatchObject({ status: 'error', generationId: 'gen_02', error: { status: 402, code: 'insufficient_credits', message: 'No credit left.' } });

    const broken = await streamChat({
      token: 'gthpg_x',
      model: 'm',
      messages: [],
      options: {},
      signal: new AbortController().signal,
      fetchImpl: sseFetch([chunk({ content: 'Hel' }), JSON.stringify({ error: { message: 'Upstream error: boom', code: 'upstream_error' } }), '[DONE]']),
    });
    expect(broken).toMatchObject({ status: 'error', error: { status: 502, code: 'upstream_error', message: 'Upstream error: boom' } });
  });

  it('ends as stopped when aborted', async () => {
    const controller = new AbortController();
    const outcome = await streamChat({
      token: 'gthpg_x',
      model: 'm',
      messages: [],
      options: {},
      signal: controller.signal,
      callbacks: { onText: () => controller.abort() },
      fetchImpl: (async (_url: string, init: RequestInit) => {
        const body = new ReadableStream<Uint8Array>({
          start(stream) {
            stream.enqueue(new TextEncoder().encode(`data: ${chunk({ content: 'Hi' })}\n\n`));
            init.signal?.addEventListener('abort', () => stream.error(new DOMException('aborted', 'AbortError')));
          },
        });
        return new Response(body, { headers: { 'x-generation-id': 'gen_03' } });
      }) as unknown as typeof fetch,
    });
    expect(outcome).toMatchObject({ status: 'stopped', generationId: 'gen_03', error: null });
  });
});

describe('fetchGeneration', () => {
  it('waits for a record that is not written yet', async () => {
    let calls = 0;
    const record = await fetchGeneration({
      token: async () => 'gthpg_x',
      id: 'gen_04',
      fetchImpl: (async () => {
        calls += 1;
        if (calls < 3) return Response.json({ error: { message: 'not found' } }, { status: 404 });
        return Response.json({ data: { total_cost: 0.0001, native_tokens_prompt: 12, native_tokens_completion: 7, native_tokens_reasoning: 0, usage_estimated: false, provider_name: 'openai', status: 'success' } });
      }) as typeof fetch,
    });
    expect(calls).toBe(3);
    expect(record).toEqual({ totalCost: 0.0001, inputTokens: 12, outputTokens: 7, reasoningTokens: 0, usageEstimated: false, provider: 'openai', status: 'success' });
  });
});

describe('adviceFor', () => {
  it('sends each failure to the page that fixes it', async () => {
    const { adviceFor } = await import('./error-notice');
    const link = (status: number, code: string | null) => adviceFor({ status, code, message: 'x' }, 'acme').link?.href ?? null;
    expect(link(402, 'insufficient_credits')).toBe('/t/acme/credits');
    expect(link(402, 'invalid_request')).toBe('/t/acme/credentials');
    expect(link(403, 'policy_violation')).toBe('/t/acme/settings');
    expect(link(503, 'no_credentials')).toBe('/t/acme/credentials');
    expect(adviceFor({ status: 502, code: 'upstream_error', message: 'x' }, 'acme').title).toBe('The provider failed');
  });
});
