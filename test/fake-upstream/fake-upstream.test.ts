// Drives the fake upstream with the real official clients (openai, @anthropic-ai/sdk) and fetch (Gemini).
import { readFile } from 'node:fs/promises';
import Anthropic, { APIError as AnthropicAPIError } from '@anthropic-ai/sdk';
import OpenAI, { APIError as OpenAIAPIError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES, recordFixture } from './fixture-specs';
import { fakeEmbedding, startFakeUpstream, type FakeUpstream } from './index';

let up: FakeUpstream;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  up = await startFakeUpstream();
  openai = new OpenAI({ baseURL: `${up.url}/v1`, apiKey: 'sk-test', maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: up.url, apiKey: 'sk-ant-test', maxRetries: 0 });
});
afterAll(async () => {
  await up.close();
});
beforeEach(() => up.reset());

const user = (content: string) => [{ role: 'user' as const, content }];
const WEATHER = { name: 'get_weather', arguments: { city: 'Oslo', unit: 'celsius', days: [1, 2] } };

/** Parse an SSE body into its `data:` payloads (handles LF and CRLF framing). */
function sseData(body: string): string[] {
  return body
    .split(/\r?\n\r?\n/)
    .map((block) => block.split(/\r?\n/).filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n'))
    .filter((d) => d.length > 0);
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${up.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('OpenAI Chat Completions', () => {
  it('returns the default reply as JSON and records the call', async () => {
    const r = await openai.chat.completions.create({ model: 'gpt-x', messages: user('Hi') });
    expect(r.choices[0].message.content).toBe('Hello from fake!');
    expect(r.choices[0].finish_reason).toBe('stop');
    expect(r.model).toBe('gpt-x');
    expect(r.id).toBe('chatcmpl-fake000001');
    expect(r.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 });
    expect(r.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    expect(up.calls).toHaveLength(1);
    expect(up.calls[0]).toMatchObject({ path: '/v1/chat/completions', method: 'POST', body: { model: 'gpt-x' } });
    expect(up.calls[0].headers.authorization).toBe('Bearer sk-test');
    expect(typeof up.calls[0].at).toBe('number');
  });

  it('streams word-sized deltas and a final usage chunk with include_usage', async () => {
    const stream = await openai.chat.completions.create({
      model: 'gpt-x',
      messages: user('Hi'),
      stream: true,
      stream_options: { include_usage: true },
    });
    const deltas: string[] = [];
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const c of stream) {
      chunks.push(c);
      const d = c.choices[0]?.delta.content;
      if (d) deltas.push(d);
    }
    expect(deltas).toEqual(['Hello', ' from', ' fake!']);
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks.at(-2)?.choices[0].finish_reason).toBe('stop');
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });

  it('sends no usage chunk without include_usage', async () => {
    const stream = await openai.chat.completions.create({ model: 'gpt-x', messages: user('Hi'), stream: true });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const c of stream) chunks.push(c);
    expect(chunks.every((c) => c.choices.length === 1 && !('usage' in c))).toBe(true);
    expect(chunks.at(-1)?.choices[0].finish_reason).toBe('stop');
  });

  it('streams an in-band tool call as id/name then argument fragments (stream helper)', async () => {
    const stream = openai.chat.completions.stream({
      model: 'gpt-x',
      messages: user(`What's the weather? [[tool:get_weather ${JSON.stringify(WEATHER.arguments)}]]`),
      stream_options: { include_usage: true },
    });
    let argChunks = 0;
    stream.on('chunk', (c) => {
      if (c.choices[0]?.delta.tool_calls?.[0]?.function?.arguments) argChunks++;
    });
    const final = await stream.finalChatCompletion();
    const call = final.choices[0].message.tool_calls?.[0];
    expect(final.choices[0].finish_reason).toBe('tool_calls');
    expect(call?.type).toBe('function');
    if (call?.type !== 'function') throw new Error('expected a function tool call');
    expect(call.id).toBe('call_fake000001');
    expect(call.function.name).toBe('get_weather');
    expect(JSON.parse(call.function.arguments)).toEqual(WEATHER.arguments);
    expect(argChunks).toBeGreaterThan(2);
    expect(final.usage?.completion_tokens).toBe(7);
  });

  it('returns a queued tool call with custom usage as JSON', async () => {
    up.enqueue({ kind: 'reply', toolCall: WEATHER, usage: { input: 100, output: 30, cached: 40, reasoning: 10 } });
    const r = await openai.chat.completions.create({ model: 'gpt-x', messages: user('Hi') });
    const call = r.choices[0].message.tool_calls?.[0];
    expect(r.choices[0].message.content).toBeNull();
    expect(r.choices[0].finish_reason).toBe('tool_calls');
    if (call?.type !== 'function') throw new Error('expected a function tool call');
    expect(JSON.parse(call.function.arguments)).toEqual(WEATHER.arguments);
    expect(r.usage).toMatchObject({
      prompt_tokens: 100,
      completion_tokens: 30,
      total_tokens: 130,
      prompt_tokens_details: { cached_tokens: 40 },
      completion_tokens_details: { reasoning_tokens: 10 },
    });
  });

  it('ends a tool loop: no directives once a tool result follows the user turn', async () => {
    const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
      { role: 'user', content: '[[tool:get_weather {"city":"Oslo"}]]' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '4C' },
    ];
    const r = await openai.chat.completions.create({ model: 'gpt-x', messages });
    expect(r.choices[0].message.content).toBe('Hello from fake!');
  });

  it('finishes with length when max_tokens is below the output usage', async () => {
    const r = await openai.chat.completions.create({ model: 'gpt-x', messages: user('Hi'), max_tokens: 2 });
    expect(r.choices[0].finish_reason).toBe('length');
    expect(r.choices[0].message.content).toBe('Hello from');
    expect(r.usage?.completion_tokens).toBe(2);
  });

  it('maps queued and in-band errors to SDK error classes', async () => {
    up.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 429, message: 'slow down' });
    const e500 = await openai.chat.completions.create({ model: 'gpt-x', messages: user('Hi') }).catch((e: unknown) => e);
    expect(e500).toBeInstanceOf(OpenAI.APIError);
    expect(e500).toBeInstanceOf(OpenAI.InternalServerError);
    expect((e500 as OpenAIAPIError).status).toBe(500);
    expect((e500 as OpenAIAPIError).type).toBe('server_error');

    const e429 = await openai.chat.completions.create({ model: 'gpt-x', messages: user('Hi'), stream: true }).catch((e: unknown) => e);
    expect(e429).toBeInstanceOf(OpenAI.RateLimitError);
    expect((e429 as OpenAIAPIError).headers?.get('retry-after')).toBe('1');
    expect((e429 as OpenAIAPIError).message).toContain('slow down');
    expect((e429 as OpenAIAPIError).requestID).toBe('req_fake000002');

    const e400 = await openai.chat.completions.create({ model: 'gpt-x', messages: user('[[error:400 nope]]') }).catch((e: unknown) => e);
    expect(e400).toBeInstanceOf(OpenAI.BadRequestError);
    expect(up.calls).toHaveLength(3);
  });
});

describe('OpenAI Responses', () => {
  it('returns a Response object as JSON', async () => {
    const r = await openai.responses.create({ model: 'gpt-r', input: 'Hi', instructions: 'Be terse.' });
    expect(r.output_text).toBe('Hello from fake!');
    expect(r.status).toBe('completed');
    expect(r.model).toBe('gpt-r');
    expect(r.instructions).toBe('Be terse.');
    expect(r.usage).toMatchObject({ input_tokens: 12, output_tokens: 7, total_tokens: 19, input_tokens_details: { cached_tokens: 0 } });
  });

  it('streams the full event sequence with sequence numbers', async () => {
    const stream = await openai.responses.create({ model: 'gpt-r', input: [{ role: 'user', content: 'Hi' }], stream: true });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const e of stream) events.push(e);
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const done = events.at(-1);
    if (done?.type !== 'response.completed') throw new Error('expected response.completed');
    expect(done.response.usage?.output_tokens).toBe(7);
  });

  it('accumulates text and function calls with the responses.stream helper', async () => {
    up.enqueue({ kind: 'reply', text: 'Checking now.', toolCall: WEATHER, usage: { input: 40, output: 9, reasoning: 3 } });
    const stream = openai.responses.stream({ model: 'gpt-r', input: 'weather?' });
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (e) => deltas.push(e.delta));
    const final = await stream.finalResponse();
    expect(deltas).toEqual(['Checking', ' now.']);
    expect(final.output_text).toBe('Checking now.');
    const fc = final.output.find((o) => o.type === 'function_call');
    if (fc?.type !== 'function_call') throw new Error('expected a function_call item');
    expect(fc.name).toBe('get_weather');
    expect(fc.call_id).toBe('call_fake000001');
    expect(JSON.parse(fc.arguments)).toEqual(WEATHER.arguments);
    expect(final.usage).toMatchObject({ input_tokens: 40, output_tokens: 9, output_tokens_details: { reasoning_tokens: 3 } });
  });

  it('streams function_call_arguments deltas for an in-band tool call', async () => {
    const stream = await openai.responses.create({ model: 'gpt-r', input: '[[tool:get_weather {"city":"Oslo"}]]', stream: true });
    const types: string[] = [];
    let args = '';
    for await (const e of stream) {
      types.push(e.type);
      if (e.type === 'response.function_call_arguments.delta') args += e.delta;
    }
    expect(JSON.parse(args)).toEqual({ city: 'Oslo' });
    expect(types).toContain('response.function_call_arguments.done');
    expect(types.filter((t) => t === 'response.function_call_arguments.delta').length).toBeGreaterThan(1);
  });

  it('reports max_output_tokens truncation as incomplete', async () => {
    const r = await openai.responses.create({ model: 'gpt-r', input: 'Hi', max_output_tokens: 1 });
    expect(r.status).toBe('incomplete');
    expect(r.incomplete_details?.reason).toBe('max_output_tokens');
    expect(r.output_text).toBe('Hello');
  });
});

describe('OpenAI Embeddings and models', () => {
  it('returns deterministic vectors (base64 default, float, dimensions)', async () => {
    const a = await openai.embeddings.create({ model: 'emb', input: ['alpha', 'beta'] });
    expect(a.data).toHaveLength(2);
    expect(a.data[0].embedding).toHaveLength(8);
    expect(a.data[0].embedding).toEqual(fakeEmbedding('alpha'));
    expect(a.data[1].embedding).toEqual(fakeEmbedding('beta'));
    expect(a.usage).toEqual({ prompt_tokens: 12, total_tokens: 12 });
    expect(a.model).toBe('emb');
    expect(up.calls[0].body.encoding_format).toBe('base64');

    const b = await openai.embeddings.create({ model: 'emb', input: 'alpha', dimensions: 4, encoding_format: 'float' });
    expect(b.data[0].embedding).toEqual(fakeEmbedding('alpha', 4));
    const norm = Math.hypot(...b.data[0].embedding);
    expect(norm).toBeCloseTo(1, 5);
  });

  it('lists models', async () => {
    const page = await openai.models.list();
    expect(page.data.map((m) => m.id)).toContain('fake-chat');
  });
});

describe('Anthropic Messages', () => {
  it('returns a message as JSON with cache-aware usage', async () => {
    up.enqueue({ kind: 'reply', usage: { input: 100, output: 20, cached: 30 } });
    const m = await anthropic.messages.create({ model: 'claude-x', max_tokens: 1024, messages: user('Hi') });
    expect(m.content[0]).toMatchObject({ type: 'text', text: 'Hello from fake!' });
    expect(m.stop_reason).toBe('end_turn');
    expect(m.model).toBe('claude-x');
    expect(m.usage).toMatchObject({ input_tokens: 70, cache_read_input_tokens: 30, cache_creation_input_tokens: 0, output_tokens: 20 });
    expect(up.calls[0].path).toBe('/v1/messages');
    expect(up.calls[0].headers['anthropic-version']).toBeTruthy();
  });

  it('streams text with messages.stream', async () => {
    const stream = anthropic.messages.stream({ model: 'claude-x', max_tokens: 1024, messages: user('Hi') });
    const deltas: string[] = [];
    stream.on('text', (t) => deltas.push(t));
    const final = await stream.finalMessage();
    expect(deltas).toEqual(['Hello', ' from', ' fake!']);
    expect(final.content).toEqual([expect.objectContaining({ type: 'text', text: 'Hello from fake!' })]);
    expect(final.usage).toMatchObject({ input_tokens: 12, output_tokens: 7 });
    expect(final.stop_reason).toBe('end_turn');
  });

  it('streams a tool_use block with input_json_delta fragments', async () => {
    const stream = anthropic.messages.stream({
      model: 'claude-x',
      max_tokens: 1024,
      messages: user(`[[text:Let me check.]] [[tool:get_weather ${JSON.stringify(WEATHER.arguments)}]] [[usage:50,20,16,4]]`),
    });
    const events: string[] = [];
    stream.on('streamEvent', (e) => events.push(e.type));
    const final = await stream.finalMessage();
    expect(final.stop_reason).toBe('tool_use');
    expect(final.content[0]).toMatchObject({ type: 'text', text: 'Let me check.' });
    expect(final.content[1]).toMatchObject({ type: 'tool_use', id: 'toolu_fake000001', name: 'get_weather', input: WEATHER.arguments });
    expect(final.usage).toMatchObject({ input_tokens: 34, cache_read_input_tokens: 16, output_tokens: 20 });
    expect(events[0]).toBe('message_start');
    expect(events.at(-1)).toBe('message_stop');
  });

  it('returns tool_use as JSON and ends the loop after a tool_result turn', async () => {
    const first = await anthropic.messages.create({
      model: 'claude-x',
      max_tokens: 1024,
      messages: user('[[tool:get_weather {"city":"Oslo"}]]'),
    });
    expect(first.stop_reason).toBe('tool_use');
    const tu = first.content.find((b) => b.type === 'tool_use');
    if (tu?.type !== 'tool_use') throw new Error('expected tool_use');
    expect(tu.input).toEqual({ city: 'Oslo' });
    const second = await anthropic.messages.create({
      model: 'claude-x',
      max_tokens: 1024,
      messages: [
        ...user('[[tool:get_weather {"city":"Oslo"}]]'),
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: tu.id, content: '4C' }] },
      ],
    });
    expect(second.stop_reason).toBe('end_turn');
  });

  it('reports max_tokens', async () => {
    const m = await anthropic.messages.create({ model: 'claude-x', max_tokens: 3, messages: user('Hi') });
    expect(m.stop_reason).toBe('max_tokens');
    expect(m.usage.output_tokens).toBe(3);
  });

  it('maps errors to SDK error classes with request ids', async () => {
    up.enqueue({ kind: 'error', status: 429 }, { kind: 'error', status: 529 });
    const e429 = await anthropic.messages.create({ model: 'claude-x', max_tokens: 10, messages: user('Hi') }).catch((e: unknown) => e);
    expect(e429).toBeInstanceOf(Anthropic.RateLimitError);
    expect((e429 as AnthropicAPIError).requestID).toBe('req_fake000001');
    expect((e429 as AnthropicAPIError).type).toBe('rate_limit_error');
    expect((e429 as AnthropicAPIError).headers?.get('retry-after')).toBe('1');
    const e529 = await anthropic.messages
      .stream({ model: 'claude-x', max_tokens: 10, messages: user('Hi') })
      .finalMessage()
      .catch((e: unknown) => e);
    expect(e529).toBeInstanceOf(Anthropic.OverloadedError);
    const e400 = await anthropic.messages.create({ model: 'claude-x', max_tokens: 10, messages: user('[[error:400]]') }).catch((e: unknown) => e);
    expect(e400).toBeInstanceOf(Anthropic.BadRequestError);
  });
});

describe('Gemini', () => {
  const generate = '/v1beta/models/gemini-x:generateContent';
  const stream = '/v1beta/models/gemini-x:streamGenerateContent?alt=sse';
  const contents = (text: string) => ({ contents: [{ role: 'user', parts: [{ text }] }] });

  it('returns candidates and usageMetadata', async () => {
    const res = await post(generate, contents('Hi'));
    expect(res.status).toBe(200);
    const j = await res.json();
    expect(j.candidates[0].content).toEqual({ role: 'model', parts: [{ text: 'Hello from fake!' }] });
    expect(j.candidates[0].finishReason).toBe('STOP');
    expect(j.modelVersion).toBe('gemini-x');
    expect(j.usageMetadata).toMatchObject({ promptTokenCount: 12, candidatesTokenCount: 7, totalTokenCount: 19 });
  });

  it('streams text chunks and a whole functionCall part with thoughts usage', async () => {
    up.enqueue({ kind: 'reply', text: 'On it.', toolCall: WEATHER, usage: { input: 50, output: 20, cached: 16, reasoning: 4 } });
    const res = await post(stream, contents('weather?'));
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const chunks = sseData(await res.text()).map((d) => JSON.parse(d));
    expect(chunks).toHaveLength(3);
    expect(chunks.slice(0, 2).map((c) => c.candidates[0].content.parts[0].text)).toEqual(['On', ' it.']);
    const last = chunks[2];
    expect(last.candidates[0].content.parts[0].functionCall).toEqual({ name: WEATHER.name, args: WEATHER.arguments });
    expect(last.candidates[0].finishReason).toBe('STOP');
    expect(last.usageMetadata).toMatchObject({
      promptTokenCount: 50,
      cachedContentTokenCount: 16,
      candidatesTokenCount: 16,
      thoughtsTokenCount: 4,
      totalTokenCount: 70,
    });
    expect(chunks[0].usageMetadata).toBeUndefined();
  });

  it('honours in-band tool directives and MAX_TOKENS', async () => {
    const tool = await (await post(generate, contents('[[tool:lookup {"q":"x"}]]'))).json();
    expect(tool.candidates[0].content.parts).toEqual([{ functionCall: { name: 'lookup', args: { q: 'x' } } }]);
    const cut = await (await post(generate, { ...contents('Hi'), generationConfig: { maxOutputTokens: 1 } })).json();
    expect(cut.candidates[0].finishReason).toBe('MAX_TOKENS');
    expect(cut.usageMetadata.candidatesTokenCount).toBe(1);
  });

  it('uses the Google error envelope', async () => {
    up.enqueue({ kind: 'error', status: 503 });
    const res = await post(stream, contents('Hi'));
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: 503, status: 'UNAVAILABLE' } });
    const r429 = await post(generate, contents('[[error:429]]'));
    expect(r429.status).toBe(429);
    expect(r429.headers.get('retry-after')).toBe('1');
    expect((await r429.json()).error.status).toBe('RESOURCE_EXHAUSTED');
  });
});

describe('routing and validation', () => {
  it('404s in the envelope of the path provider', async () => {
    const o = await post('/v1/nope', {});
    expect(o.status).toBe(404);
    expect((await o.json()).error.type).toBe('invalid_request_error');
    const a = await post('/v1/messages/nope', {}, { 'anthropic-version': '2023-06-01' });
    expect(a.status).toBe(404);
    expect(await a.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    const g = await post('/v1beta/models/x:nope', {});
    expect(g.status).toBe(404);
    expect((await g.json()).error.status).toBe('NOT_FOUND');
    expect(up.calls).toHaveLength(3);
  });

  it('400s on malformed JSON without consuming a queued behavior', async () => {
    up.enqueue({ kind: 'reply', text: 'queued' });
    const bad = await fetch(`${up.url}/v1/chat/completions`, { method: 'POST', body: '{"model":' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.type).toBe('invalid_request_error');
    expect(up.calls[0].body).toBe('{"model":');
    const badA = await fetch(`${up.url}/v1/messages`, { method: 'POST', body: 'nope' });
    expect(badA.status).toBe(400);
    expect((await badA.json()).type).toBe('error');
    const missing = await anthropic.messages.create({ model: 'c', messages: user('Hi') } as never).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(Anthropic.BadRequestError);
    const ok = await openai.chat.completions.create({ model: 'gpt-x', messages: user('Hi') });
    expect(ok.choices[0].message.content).toBe('queued');
  });
});

describe('behaviors', () => {
  it('consumes the queue FIFO, before in-band directives, then falls back to setDefault', async () => {
    up.setDefault({ kind: 'reply', text: 'default here' });
    up.enqueue({ kind: 'reply', text: 'one' }, { kind: 'reply', text: 'two' });
    const ask = async (content: string) =>
      (await openai.chat.completions.create({ model: 'm', messages: user(content) })).choices[0].message.content;
    expect(await ask('[[text:inband]]')).toBe('one');
    expect(await ask('Hi')).toBe('two');
    expect(await ask('[[text:inband]]')).toBe('inband');
    expect(await ask('Hi')).toBe('default here');
    up.reset();
    expect(up.calls).toHaveLength(0);
    expect(await ask('Hi')).toBe('Hello from fake!');
  });

  it('stalls before headers (queued and in-band)', async () => {
    up.enqueue({ kind: 'stall', ms: 150 });
    let t = Date.now();
    const r = await openai.chat.completions.create({ model: 'm', messages: user('Hi') });
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
    expect(r.choices[0].message.content).toBe('Hello from fake!');
    t = Date.now();
    const m = await anthropic.messages.create({ model: 'c', max_tokens: 10, messages: user('[[stall:150]] [[text:late]]') });
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
    expect(m.content[0]).toMatchObject({ text: 'late' });
  });

  it('honours client aborts during a stall, but still records the call', async () => {
    up.enqueue({ kind: 'stall', ms: 5_000 });
    const ac = new AbortController();
    const p = openai.chat.completions.create({ model: 'm', messages: user('Hi') }, { signal: ac.signal }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    expect(up.calls).toHaveLength(1);
    ac.abort();
    const t = Date.now();
    expect(await p).toBeInstanceOf(OpenAI.APIUserAbortError);
    expect(Date.now() - t).toBeLessThan(1_000);
    // The server is immediately usable again.
    const r = await openai.chat.completions.create({ model: 'm', messages: user('Hi') });
    expect(r.choices[0].message.content).toBe('Hello from fake!');
  });

  it('stops a slow stream when the client aborts mid-stream', async () => {
    up.enqueue({ kind: 'reply', text: 'word '.repeat(200).trim(), chunkDelayMs: 30 });
    const stream = await openai.chat.completions.create({ model: 'm', messages: user('Hi'), stream: true });
    let n = 0;
    const t = Date.now();
    for await (const _c of stream) {
      if (++n === 3) break; // breaking out aborts the SDK's request
    }
    expect(Date.now() - t).toBeLessThan(1_000);
    const r = await openai.chat.completions.create({ model: 'm', messages: user('Hi') });
    expect(r.choices[0].message.content).toBe('Hello from fake!');
  });

  it('cuts a chat stream after N chunks (no terminal event)', async () => {
    up.enqueue({ kind: 'cut', afterChunks: 2 });
    const stream = await openai.chat.completions.create({ model: 'm', messages: user('Hi'), stream: true });
    const got: string[] = [];
    const err = await (async () => {
      for await (const c of stream) got.push(c.choices[0]?.delta.content ?? '');
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(got).toEqual(['', 'Hello']);
  });

  it('cuts Anthropic and Responses streams via in-band directives', async () => {
    const a = await anthropic.messages
      .stream({ model: 'c', max_tokens: 100, messages: user('[[cut:3]]') })
      .finalMessage()
      .catch((e: unknown) => e);
    expect(a).toBeInstanceOf(Error);
    const r = await openai.responses.stream({ model: 'r', input: '[[cut:4]]' }).finalResponse().catch((e: unknown) => e);
    expect(r).toBeInstanceOf(Error);
    const raw = await post('/v1/chat/completions', { model: 'm', stream: true, messages: user('[[cut:99]]') });
    const text = await raw.text().catch((e: unknown) => `ERR ${String(e)}`);
    expect(text.includes('[DONE]')).toBe(false);
  });

  it('drops the connection for a non-streaming cut', async () => {
    up.enqueue({ kind: 'cut', afterChunks: 0 });
    const e = await openai.chat.completions.create({ model: 'm', messages: user('Hi') }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OpenAI.APIConnectionError);
  });

  it('spaces chunks by chunkDelayMs', async () => {
    up.enqueue({ kind: 'reply', text: 'a b c d', chunkDelayMs: 40 });
    const t = Date.now();
    const stream = await openai.chat.completions.create({ model: 'm', messages: user('Hi'), stream: true });
    let text = '';
    for await (const c of stream) text += c.choices[0]?.delta.content ?? '';
    expect(text).toBe('a b c d');
    // role + 4 words + finish + [DONE] = 7 frames -> 6 gaps
    expect(Date.now() - t).toBeGreaterThanOrEqual(6 * 40 - 10);
  });
});

describe('fixtures', () => {
  it('match what the server sends today', async () => {
    for (const f of FIXTURES) {
      const expected = await readFile(new URL(`../fixtures/${f.file}`, import.meta.url), 'utf8');
      const actual = (await recordFixture(up, f)).toString('utf8');
      expect(actual, `${f.file} drifted; run npx tsx test/fake-upstream/record-fixtures.ts`).toBe(expected);
    }
  });
});
