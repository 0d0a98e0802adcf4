import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGatehouse, type Gatehouse } from '../harness';

// The fake upstreams report 12 input / 7 output tokens.
// openai/gpt-4o is $2.50 / $10 per million: 12 × 2.5 + 7 × 10 = 100 micro-dollars.
// anthropic/claude-sonnet-4 is $3 / $15 per million: 12 × 3 + 7 × 15 = 141 micro-dollars.
const GPT4O_COST = 100;
const CLAUDE_COST = 141;
const CLAUDE_UPSTREAM_ID = 'claude-sonnet-4-20250514';

const weatherTool = {
  name: 'get_weather',
  description: 'Current weather in a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};

let gatehouse: Gatehouse;
let team: Awaited<ReturnType<Gatehouse['team']>>;
let client: Anthropic;

beforeAll(async () => {
  gatehouse = await startGatehouse();
  team = await gatehouse.team(10_000_000);
  client = new Anthropic({ baseURL: gatehouse.url, apiKey: team.key, maxRetries: 0 });
});
afterAll(async () => gatehouse?.close());
beforeEach(() => gatehouse.resetUpstreams());

/** Streams a message, collecting `text` events, and returns them with the final message. */
async function streamText(params: Anthropic.MessageCreateParamsNonStreaming, anthropic = client) {
  const stream = anthropic.messages.stream(params);
  let text = '';
  stream.on('text', (delta) => {
    text += delta;
  });
  const message = await stream.finalMessage();
  return { text, message };
}

describe('POST /v1/messages, passed through to Anthropic', () => {
  it('answers JSON with the generation id, rewrites the model, and meters the exact cost once', async () => {
    const before = await gatehouse.balance(team.id);
    const message = await client.messages.create({
      model: 'anthropic/claude-sonnet-4',
      max_tokens: 100,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hi' }],
      metadata: { user_id: 'alice' },
      // @ts-expect-error gateway options ride in the body
      providerOptions: { gateway: { tags: ['messages-test'] } },
    });
    expect(message.id).toMatch(/^gen_[0-9A-Z]{26}$/);
    expect(message.model).toBe('anthropic/claude-sonnet-4');
    expect(message.content).toEqual([{ type: 'text', text: 'Hello from anthropic!', citations: null }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 12, output_tokens: 7, cache_read_input_tokens: 0 });

    const call = gatehouse.upstreams.anthropic.calls[0];
    expect(call.path).toBe('/v1/messages');
    expect(call.headers['x-api-key']).toBe('sk-system-anthropic');
    expect(call.headers['anthropic-version']).toBe('2023-06-01');
    expect(call.headers.authorization).toBeUndefined();
    expect(call.body).toEqual({
      model: CLAUDE_UPSTREAM_ID,
      max_tokens: 100,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hi' }],
      metadata: { user_id: 'alice' },
    });

    const row = await gatehouse.usage(message.id);
    expect(row).toMatchObject({
      teamId: team.id,
      apiKeyId: team.keyId,
      requestedModel: 'anthropic/claude-sonnet-4',
      servedModel: 'anthropic/claude-sonnet-4',
      provider: 'anthropic',
      credentialType: 'system',
      protocol: 'anthropic-messages',
      status: 'success',
      httpStatus: 200,
      streamed: false,
      inputTokens: 12,
      outputTokens: 7,
      costMicros: CLAUDE_COST,
      billedMicros: CLAUDE_COST,
      endUser: 'alice',
      tags: ['messages-test'],
      finishReason: 'end_turn',
    });
    expect(await gatehouse.balance(team.id)).toBe(before - CLAUDE_COST);
    const { debited, billed } = await gatehouse.debitedAndBilled(team.id);
    expect(debited).toBe(billed);
  });

  it('streams every event with its name; the SDK assembles the message and the usage is metered', async () => {
    const { text, message } = await streamText({ model: 'anthropic/claude-sonnet-4', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
    expect(text).toBe('Hello from anthropic!');
    expect(message.id).toMatch(/^gen_/);
    expect(message.model).toBe('anthropic/claude-sonnet-4');
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 12, output_tokens: 7 });
    expect(gatehouse.upstreams.anthropic.calls[0].body).toMatchObject({ model: CLAUDE_UPSTREAM_ID, stream: true });

    const row = await gatehouse.waitForUsage(message.id);
    expect(row).toMatchObject({ protocol: 'anthropic-messages', streamed: true, status: 'success', inputTokens: 12, outputTokens: 7, costMicros: CLAUDE_COST, usageEstimated: false, finishReason: 'end_turn' });
    expect(row.ttftMs).not.toBeNull();
  });

  it('counts cache reads as input tokens, as Gatehouse usage expects', async () => {
    const message = await client.messages.create({ model: 'anthropic/claude-sonnet-4', max_tokens: 100, messages: [{ role: 'user', content: 'Hi [[usage:100,20,30,5]]' }] });
    expect(message.usage).toMatchObject({ input_tokens: 70, cache_read_input_tokens: 30, output_tokens: 20 });
    const row = await gatehouse.usage(message.id);
    expect(row).toMatchObject({ inputTokens: 100, cachedInputTokens: 30, outputTokens: 20, reasoningTokens: 5 });
  });
});

describe('POST /v1/messages, translated for other upstreams', () => {
  it('reaches Chat Completions (openai/gpt-4o), JSON and streaming', async () => {
    const message = await client.messages.create({
      model: 'openai/gpt-4o',
      max_tokens: 100,
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [{ role: 'user', content: 'Hi' }],
      stop_sequences: ['END'],
    });
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'openai/gpt-4o',
      content: [{ type: 'text', text: 'Hello from openai!' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 12, output_tokens: 7, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
    });
    const call = gatehouse.upstreams.openai.calls[0];
    expect(call.path).toBe('/v1/chat/completions');
    expect(call.headers.authorization).toBe('Bearer sk-system-openai');
    expect(call.body).toMatchObject({
      model: 'gpt-4o',
      max_tokens: 100,
      stop: ['END'],
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
    });
    expect(await gatehouse.usage(message.id)).toMatchObject({ protocol: 'anthropic-messages', provider: 'openai', inputTokens: 12, outputTokens: 7, costMicros: GPT4O_COST });

    const { text, message: streamed } = await streamText({ model: 'openai/gpt-4o', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
    expect(text).toBe('Hello from openai!');
    expect(streamed).toMatchObject({ model: 'openai/gpt-4o', stop_reason: 'end_turn', usage: { input_tokens: 12, output_tokens: 7 } });
    const row = await gatehouse.waitForUsage(streamed.id);
    expect(row).toMatchObject({ protocol: 'anthropic-messages', streamed: true, status: 'success', costMicros: GPT4O_COST, usageEstimated: false, finishReason: 'end_turn' });
  });

  it('reaches Gemini (google/gemini-2.5-flash), JSON and streaming', async () => {
    const message = await client.messages.create({ model: 'google/gemini-2.5-flash', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
    expect(message).toMatchObject({ model: 'google/gemini-2.5-flash', content: [{ type: 'text', text: 'Hello from google!' }], stop_reason: 'end_turn', usage: { input_tokens: 12, output_tokens: 7 } });
    expect(gatehouse.upstreams.google.calls[0].path).toContain('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(await gatehouse.usage(message.id)).toMatchObject({ protocol: 'anthropic-messages', provider: 'google', inputTokens: 12, outputTokens: 7 });

    const { text, message: streamed } = await streamText({ model: 'google/gemini-2.5-flash', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
    expect(text).toBe('Hello from google!');
    expect(streamed.usage).toMatchObject({ input_tokens: 12, output_tokens: 7 });
    expect(gatehouse.upstreams.google.calls[1].path).toContain(':streamGenerateContent');
    expect(await gatehouse.waitForUsage(streamed.id)).toMatchObject({ streamed: true, status: 'success', inputTokens: 12, outputTokens: 7 });
  });

  it('streams a tool call as a tool_use block the SDK parses', async () => {
    const { message } = await streamText({
      model: 'openai/gpt-4o',
      max_tokens: 100,
      tools: [weatherTool],
      messages: [{ role: 'user', content: 'Weather? [[tool:get_weather {"city":"Oslo"}]]' }],
    });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([{ type: 'tool_use', id: 'call_fake000001', name: 'get_weather', input: { city: 'Oslo' } }]);
    expect(gatehouse.upstreams.openai.calls[0].body.tools).toEqual([
      { type: 'function', function: { name: 'get_weather', description: 'Current weather in a city', parameters: weatherTool.input_schema } },
    ]);
  });

  it('falls back from Anthropic to a translated upstream before the first byte', async () => {
    gatehouse.upstreams.anthropic.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 500 });
    const message = await client.messages.create({
      model: 'anthropic/claude-sonnet-4',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Hi' }],
      // @ts-expect-error gateway options ride in the body
      providerOptions: { gateway: { models: ['openai/gpt-4o'] } },
    });
    expect(message).toMatchObject({ model: 'openai/gpt-4o', content: [{ type: 'text', text: 'Hello from openai!' }] });
    expect(gatehouse.upstreams.openai.calls[0].body.providerOptions).toBeUndefined();
    const row = await gatehouse.usage(message.id);
    expect(row.attempts.map((attempt) => [attempt.provider, attempt.status])).toEqual([
      ['anthropic', 'error'],
      ['anthropic', 'error'],
      ['openai', 'success'],
    ]);
    expect(row.costMicros).toBe(GPT4O_COST);
  });
});

describe('a tool-use loop: tool_use → tool_result → final text', () => {
  /** What the upstream received as the replayed call and its result, per wire format. */
  const replayed: Record<'anthropic' | 'openai' | 'google', (body: any) => { callId?: string; resultId?: string; name: string }> = {
    anthropic: (body) => ({ callId: body.messages[1].content[0].id, resultId: body.messages[2].content[0].tool_use_id, name: body.messages[1].content[0].name }),
    openai: (body) => ({ callId: body.messages[1].tool_calls[0].id, resultId: body.messages[2].tool_call_id, name: body.messages[1].tool_calls[0].function.name }),
    google: (body) => ({ name: body.contents[2].parts[0].functionResponse.name }),
  };

  it.each([
    ['anthropic/claude-sonnet-4', 'anthropic', 'toolu_fake000001'],
    ['openai/gpt-4o', 'openai', 'call_fake000001'],
    ['google/gemini-2.5-flash', 'google', undefined],
  ] as const)('through %s', async (model, upstream, upstreamId) => {
    const question: Anthropic.MessageParam = { role: 'user', content: 'Weather in Oslo? [[tool:get_weather {"city":"Oslo"}]]' };
    const first = await client.messages.create({ model, max_tokens: 200, tools: [weatherTool], messages: [question] });
    expect(first.stop_reason).toBe('tool_use');
    const call = first.content.find((block) => block.type === 'tool_use');
    expect(call).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Oslo' } });
    if (call?.type !== 'tool_use') throw new Error('no tool_use block');
    if (upstreamId) expect(call.id).toBe(upstreamId);

    const second = await client.messages.create({
      model,
      max_tokens: 200,
      tools: [weatherTool],
      messages: [
        question,
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '{"tempC":4}' }] },
      ],
    });
    expect(second.stop_reason).toBe('end_turn');
    expect(second.content).toMatchObject([{ type: 'text', text: `Hello from ${upstream}!` }]);

    const sent = replayed[upstream](gatehouse.upstreams[upstream].calls[1].body);
    expect(sent.name).toBe('get_weather');
    if (upstream !== 'google') expect(sent).toMatchObject({ callId: call.id, resultId: call.id });
  });
});

describe('errors speak Anthropic', () => {
  it('answers an unknown model with 404 not_found_error, before any upstream call, also when streaming', async () => {
    const error = await client.messages.create({ model: 'nobody/nothing', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    const notFound = error as InstanceType<typeof Anthropic.NotFoundError>;
    expect(notFound.status).toBe(404);
    expect(notFound.type).toBe('not_found_error');
    expect(notFound.error).toEqual({ type: 'error', error: { type: 'not_found_error', message: expect.stringContaining('nobody/nothing') } });

    const streamed = await client.messages
      .stream({ model: 'nobody/nothing', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] })
      .finalMessage()
      .catch((caught: unknown) => caught);
    expect(streamed).toBeInstanceOf(Anthropic.NotFoundError);
    expect(Object.values(gatehouse.upstreams).every((upstream) => upstream.calls.length === 0)).toBe(true);
  });

  it('refuses a team without credit with 402 billing_error', async () => {
    const broke = await gatehouse.team(0);
    const anthropic = new Anthropic({ baseURL: gatehouse.url, apiKey: broke.key, maxRetries: 0 });
    const error = (await anthropic.messages
      .create({ model: 'anthropic/claude-sonnet-4', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error.status).toBe(402);
    expect(error.type).toBe('billing_error');
    expect(gatehouse.upstreams.anthropic.calls).toHaveLength(0);
  });

  it('rejects a bad key with 401 authentication_error and a malformed body with 400 invalid_request_error', async () => {
    const stranger = new Anthropic({ baseURL: gatehouse.url, apiKey: 'gh_not-a-real-key-at-all-000000', maxRetries: 0 });
    const unauthorized = await stranger.messages.create({ model: 'openai/gpt-4o', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((caught: unknown) => caught);
    expect(unauthorized).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((unauthorized as InstanceType<typeof Anthropic.APIError>).type).toBe('authentication_error');

    const response = await fetch(`${gatehouse.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': team.key, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: "Invalid request: 'max_tokens': Field required" } });
    expect(gatehouse.upstreams.openai.calls).toHaveLength(0);
  });

  it('turns an upstream failure before the first byte into an HTTP error, with retry-after on 429', async () => {
    const failed = (await client.messages
      .stream({ model: 'anthropic/claude-sonnet-4', max_tokens: 10, messages: [{ role: 'user', content: 'Hi [[error:500]]' }] })
      .finalMessage()
      .catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
    expect(failed).toBeInstanceOf(Anthropic.InternalServerError);
    expect(failed.status).toBe(502);
    expect(failed.type).toBe('api_error');

    const limited = (await client.messages
      .create({ model: 'openai/gpt-4o', max_tokens: 10, messages: [{ role: 'user', content: 'Hi [[error:429]]' }] })
      .catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect(limited.type).toBe('rate_limit_error');
    expect(limited.headers?.get('retry-after')).toBe('1');
  });

  it.each([
    ['anthropic/claude-sonnet-4', 'passed through'],
    ['openai/gpt-4o', 'translated'],
  ])('ends a %s stream that dies midway (%s) with an error event, metered once as an error', async (model) => {
    const stream = client.messages.stream({ model, max_tokens: 10, messages: [{ role: 'user', content: 'Hi [[cut:3]]' }] });
    let id = '';
    stream.on('streamEvent', (event) => {
      if (event.type === 'message_start') id = event.message.id;
    });
    const failure = await stream.finalMessage().catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    expect((failure as InstanceType<typeof Anthropic.APIError>).type).toBe('api_error');
    expect(id).toMatch(/^gen_/);
    const row = await gatehouse.waitForUsage(id);
    expect(row).toMatchObject({ status: 'error', protocol: 'anthropic-messages', streamed: true });
  });
});

describe('authentication', () => {
  it('accepts `Authorization: Bearer` (authToken) as well as `x-api-key`', async () => {
    const sent: Headers[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      sent.push(new Headers(init?.headers));
      return fetch(input, init);
    };
    const bearer = new Anthropic({ baseURL: gatehouse.url, authToken: team.key, maxRetries: 0, fetch: recordingFetch });
    const viaBearer = await bearer.messages.create({ model: 'openai/gpt-4o', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] });
    expect(viaBearer.content).toMatchObject([{ type: 'text', text: 'Hello from openai!' }]);
    expect(sent[0].get('authorization')).toBe(`Bearer ${team.key}`);

    const apiKey = new Anthropic({
      baseURL: gatehouse.url,
      apiKey: team.key,
      maxRetries: 0,
      fetch: recordingFetch,
      defaultHeaders: { authorization: null, 'x-api-key': team.key, 'anthropic-version': '2023-06-01' },
    });
    const viaApiKey = await apiKey.messages.create({ model: 'openai/gpt-4o', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] });
    expect(viaApiKey.content).toMatchObject([{ type: 'text', text: 'Hello from openai!' }]);
    expect(sent[1].get('authorization')).toBeNull();
    expect(sent[1].get('x-api-key')).toBe(team.key);
  });
});
