import OpenAI from 'openai';
import type { ResponseInputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGatehouse, type Gatehouse } from '../harness';

// Fake upstreams report 12 input / 7 output tokens. gpt-4o: 12 × 2.5 + 7 × 10 = 100 micro-dollars;
// claude-sonnet-4: 12 × 3 + 7 × 15 = 141.
const GPT4O_COST = 100;
const SONNET_COST = 141;

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: true,
};

let gatehouse: Gatehouse;
let team: Awaited<ReturnType<Gatehouse['team']>>;
let client: OpenAI;

beforeAll(async () => {
  gatehouse = await startGatehouse();
  team = await gatehouse.team(10_000_000);
  client = new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: team.key, maxRetries: 0 });
});
afterAll(async () => gatehouse?.close());
beforeEach(() => gatehouse.resetUpstreams());

async function collect(stream: AsyncIterable<ResponseStreamEvent>) {
  const events: ResponseStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

function expectWellFormed(events: ResponseStreamEvent[], model: string) {
  expect(events[0].type).toBe('response.created');
  expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
  const lifecycle = events.flatMap((event) => ('response' in event ? [event.response] : []));
  expect(new Set(lifecycle.map((response) => response.id)).size).toBe(1);
  expect(lifecycle[0].id).toMatch(/^gen_[0-9A-Z]{26}$/);
  expect(lifecycle.every((response) => response.model === model)).toBe(true);
  const text = events.flatMap((event) => (event.type === 'response.output_text.delta' ? [event.delta] : [])).join('');
  return { id: lifecycle[0].id, text, last: events.at(-1)! };
}

describe('POST /v1/responses passed through to OpenAI', () => {
  it('answers JSON with Gatehouse ids, forwards the body to /v1/responses and meters the exact cost', async () => {
    const before = await gatehouse.balance(team.id);
    const response = await client.responses.create({ model: 'openai/gpt-4o', input: 'Hi', instructions: 'Be brief.', store: true, safety_identifier: 'alice' });
    expect(response.output_text).toBe('Hello from openai!');
    expect(response.id).toMatch(/^gen_[0-9A-Z]{26}$/);
    expect(response.model).toBe('openai/gpt-4o');
    expect(response.usage).toMatchObject({ input_tokens: 12, output_tokens: 7, total_tokens: 19 });

    const call = gatehouse.upstreams.openai.calls[0];
    expect(call.path).toBe('/v1/responses');
    expect(call.headers.authorization).toBe('Bearer sk-system-openai');
    expect(call.body).toEqual({ model: 'gpt-4o', input: 'Hi', instructions: 'Be brief.', store: true, safety_identifier: 'alice' });

    const row = await gatehouse.usage(response.id);
    expect(row).toMatchObject({
      protocol: 'openai-responses',
      requestedModel: 'openai/gpt-4o',
      servedModel: 'openai/gpt-4o',
      provider: 'openai',
      status: 'success',
      streamed: false,
      inputTokens: 12,
      outputTokens: 7,
      costMicros: GPT4O_COST,
      billedMicros: GPT4O_COST,
      endUser: 'alice',
      finishReason: 'completed',
    });
    expect(await gatehouse.balance(team.id)).toBe(before - GPT4O_COST);
  });

  it('streams every event with its name, the response id and model rewritten, and meters it', async () => {
    const events = await collect(await client.responses.create({ model: 'openai/gpt-4o', input: 'Hi', stream: true }));
    const { id, text, last } = expectWellFormed(events, 'openai/gpt-4o');
    expect(text).toBe('Hello from openai!');
    expect(last.type).toBe('response.completed');
    expect(last.type === 'response.completed' && last.response.usage).toMatchObject({ input_tokens: 12, output_tokens: 7 });
    expect(gatehouse.upstreams.openai.calls[0].body).toMatchObject({ model: 'gpt-4o', stream: true });
    const row = await gatehouse.waitForUsage(id);
    expect(row).toMatchObject({ protocol: 'openai-responses', streamed: true, status: 'success', costMicros: GPT4O_COST, usageEstimated: false, finishReason: 'completed' });
    expect(row.ttftMs).not.toBeNull();
  });

  it('serves the responses.stream helper, whose final response is complete', async () => {
    const stream = client.responses.stream({ model: 'openai/gpt-4o', input: 'Hi' });
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
    const final = await stream.finalResponse();
    expect(final.output_text).toBe('Hello from openai!');
    expect(deltas.join('')).toBe('Hello from openai!');
    expect(final.model).toBe('openai/gpt-4o');
  });

  it('reports a stream the upstream cuts as an in-stream error, metered once', async () => {
    gatehouse.upstreams.openai.enqueue({ kind: 'cut', afterChunks: 4 });
    const events: ResponseStreamEvent[] = [];
    const failure = await (async () => {
      for await (const event of await client.responses.create({ model: 'openai/gpt-4o', input: 'Hi', stream: true })) events.push(event);
    })().catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    const id = (events[0] as Extract<ResponseStreamEvent, { type: 'response.created' }>).response.id;
    const row = await gatehouse.waitForUsage(id);
    expect(row).toMatchObject({ status: 'error', protocol: 'openai-responses' });
  });
});

describe('POST /v1/responses translated for other upstreams', () => {
  it('reaches a Chat-Completions-only upstream (moonshotai/kimi-k2), JSON and streaming', async () => {
    const providerOptions = { gateway: { order: ['moonshotai'] } };
    const response = await client.responses.create({
      model: 'moonshotai/kimi-k2',
      instructions: 'Be brief.',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }],
      max_output_tokens: 100,
      // @ts-expect-error gateway options ride in the body
      providerOptions,
    });
    expect(response.output_text).toBe('Hello from moonshotai!');
    expect(response).toMatchObject({ object: 'response', status: 'completed', model: 'moonshotai/kimi-k2' });
    const call = gatehouse.upstreams.moonshotai.calls[0];
    expect(call.path).toBe('/v1/chat/completions');
    expect(call.body).toMatchObject({
      model: expect.stringContaining('kimi-k2'),
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      max_tokens: 100,
    });
    const row = await gatehouse.usage(response.id);
    expect(row).toMatchObject({ protocol: 'openai-responses', provider: 'moonshotai', inputTokens: 12, outputTokens: 7, status: 'success' });
    expect(row.costMicros).toBeGreaterThan(0);

    const final = await client.responses.stream({ model: 'moonshotai/kimi-k2', input: 'Hi', providerOptions }).finalResponse();
    expect(final.output_text).toBe('Hello from moonshotai!');
    expect(final.usage).toMatchObject({ input_tokens: 12, output_tokens: 7 });
    expect(gatehouse.upstreams.moonshotai.calls[1]).toMatchObject({ path: '/v1/chat/completions', body: { stream: true } });
  });

  it('reaches Anthropic, JSON and streaming, with exact costs', async () => {
    const response = await client.responses.create({ model: 'anthropic/claude-sonnet-4', instructions: 'Be brief.', input: 'Hi', max_output_tokens: 100 });
    expect(response.output_text).toBe('Hello from anthropic!');
    const call = gatehouse.upstreams.anthropic.calls[0];
    expect(call.path).toBe('/v1/messages');
    expect(call.body).toMatchObject({ model: expect.stringContaining('claude-sonnet-4'), system: [{ type: 'text', text: 'Be brief.' }], max_tokens: 100 });
    expect(await gatehouse.usage(response.id)).toMatchObject({ provider: 'anthropic', costMicros: SONNET_COST, protocol: 'openai-responses' });

    const events = await collect(await client.responses.create({ model: 'anthropic/claude-sonnet-4', input: 'Hi', stream: true }));
    const { id, text, last } = expectWellFormed(events, 'anthropic/claude-sonnet-4');
    expect(text).toBe('Hello from anthropic!');
    expect(events.map((event) => event.type)).toEqual([
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
    expect(last.type === 'response.completed' && last.response.usage).toMatchObject({ input_tokens: 12, output_tokens: 7, total_tokens: 19 });
    expect(await gatehouse.waitForUsage(id)).toMatchObject({ streamed: true, status: 'success', costMicros: SONNET_COST, finishReason: 'completed' });
  });

  it('reaches Gemini, JSON and through the stream helper', async () => {
    const response = await client.responses.create({ model: 'google/gemini-2.5-flash', input: 'Hi' });
    expect(response.output_text).toBe('Hello from google!');
    expect(gatehouse.upstreams.google.calls[0].path).toContain('/v1beta/models/gemini-2.5-flash:generateContent');
    const final = await client.responses.stream({ model: 'google/gemini-2.5-flash', input: 'Hi' }).finalResponse();
    expect(final.output_text).toBe('Hello from google!');
    expect(gatehouse.upstreams.google.calls[1].path).toContain(':streamGenerateContent');
    const row = await gatehouse.waitForUsage(final.id);
    expect(row).toMatchObject({ provider: 'google', inputTokens: 12, outputTokens: 7, streamed: true });
  });

  it('ends a response cut short by max_output_tokens as incomplete', async () => {
    const response = await client.responses.create({ model: 'anthropic/claude-sonnet-4', input: 'Hi', max_output_tokens: 2 });
    expect(response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    const events = await collect(await client.responses.create({ model: 'anthropic/claude-sonnet-4', input: 'Hi', max_output_tokens: 2, stream: true }));
    expect(events.at(-1)).toMatchObject({ type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } });
  });

  it('reports a translated stream the upstream cuts as an in-stream error', async () => {
    gatehouse.upstreams.anthropic.enqueue({ kind: 'cut', afterChunks: 3 });
    const stream = client.responses.stream({ model: 'anthropic/claude-sonnet-4', input: 'Hi' });
    await expect(stream.finalResponse()).rejects.toBeInstanceOf(OpenAI.APIError);
  });
});

describe('function calling round trip', () => {
  it.each([
    ['openai/gpt-4o', 'openai'],
    ['moonshotai/kimi-k2', 'moonshotai'],
    ['anthropic/claude-sonnet-4', 'anthropic'],
    ['google/gemini-2.5-flash', 'google'],
  ] as const)('%s: function_call → function_call_output → text, with the call_id intact', async (model, upstream) => {
    const providerOptions = { gateway: { order: [upstream] } };
    const input: ResponseInputItem[] = [{ role: 'user', content: 'Weather in Oslo? [[tool:get_weather {"city":"Oslo"}]]' }];
    // @ts-expect-error gateway options ride in the body
    const first = await client.responses.create({ model, input, tools: [weatherTool], providerOptions });
    const call = first.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather', status: 'completed' });
    if (call?.type !== 'function_call') throw new Error('no function call');
    expect(JSON.parse(call.arguments)).toEqual({ city: 'Oslo' });
    expect(call.call_id).toBeTruthy();

    const second = await client.responses.create({
      model,
      // The SDK types output items apart from input items; a client replays them as they are.
      input: [...input, ...(first.output as ResponseInputItem[]), { type: 'function_call_output', call_id: call.call_id, output: '{"tempC":4}' }],
      tools: [weatherTool],
      // @ts-expect-error gateway options ride in the body
      providerOptions,
    });
    expect(second.output_text).toBe(`Hello from ${upstream}!`);
    const sent = gatehouse.upstreams[upstream].calls[1];
    if (upstream === 'google') {
      // Gemini needs the function's name on the result, recovered from the call with that call_id.
      const parts = sent.body.contents.flatMap((content: { parts: unknown[] }) => content.parts);
      expect(parts).toContainEqual({ functionResponse: expect.objectContaining({ id: call.call_id, name: 'get_weather' }) });
    } else {
      expect(JSON.stringify(sent.body).split(call.call_id).length - 1).toBeGreaterThanOrEqual(2);
    }
  });

  it('carries parallel_tool_calls: false to Anthropic as disable_parallel_tool_use', async () => {
    gatehouse.resetUpstreams();
    await client.responses.create({ model: 'anthropic/claude-sonnet-4', input: 'Weather?', tools: [weatherTool], parallel_tool_calls: false });
    expect(gatehouse.upstreams.anthropic.calls[0].body.tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
  });

  it('streams a function call that the stream helper assembles (translated)', async () => {
    const final = await client.responses
      .stream({ model: 'anthropic/claude-sonnet-4', input: 'Weather? [[tool:get_weather {"city":"Oslo"}]]', tools: [weatherTool] })
      .finalResponse();
    const call = final.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ name: 'get_weather', arguments: '{"city":"Oslo"}', call_id: expect.stringMatching(/.+/) });
    expect(final.status).toBe('completed');
  });
});

describe('errors in the OpenAI envelope', () => {
  it('rejects previous_response_id with 400: Gatehouse stores no responses', async () => {
    const error = await client.responses.create({ model: 'openai/gpt-4o', input: 'Hi', previous_response_id: 'resp_123' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, param: 'previous_response_id' });
    expect((error as Error).message).toContain('stateless');
    expect(gatehouse.upstreams.openai.calls).toHaveLength(0);
  });

  it('answers an unknown model with 404', async () => {
    const error = await client.responses.create({ model: 'nobody/nothing', input: 'Hi' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'model_not_found' });
  });

  it('passes an upstream 400 back as a 400', async () => {
    const error = await client.responses.create({ model: 'anthropic/claude-sonnet-4', input: 'Hi [[error:400 bad thing]]' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain('bad thing');
  });
});
