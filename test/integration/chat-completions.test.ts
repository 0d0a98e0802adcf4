import { request as httpRequest } from 'node:http';
import { and, eq } from 'drizzle-orm';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { usageLogs } from '@/db/schema';
import { startGatehouse, type Gatehouse } from '../harness';

// openai/gpt-4o is $2.50 in / $10 out per million tokens; the fake upstream reports 12 in / 7 out:
// 12 × 2.5 + 7 × 10 = 100 micro-dollars.
const GPT4O_COST = 100;

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

describe('POST /v1/chat/completions (pass-through to OpenAI)', () => {
  it('answers JSON, rewrites the id and model, and meters the exact cost once', async () => {
    const before = await gatehouse.balance(team.id);
    const completion = await client.chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hi' }], user: 'alice' });
    expect(completion.choices[0].message.content).toBe('Hello from openai!');
    expect(completion.id).toMatch(/^gen_[0-9A-Z]{26}$/);
    expect(completion.model).toBe('openai/gpt-4o');
    expect(completion.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 7 });

    const call = gatehouse.upstreams.openai.calls[0];
    expect(call.body.model).toBe('gpt-4o');
    expect(call.headers.authorization).toBe('Bearer sk-system-openai');
    expect(call.body.providerOptions).toBeUndefined();

    const row = await gatehouse.usage(completion.id);
    expect(row).toMatchObject({
      teamId: team.id,
      apiKeyId: team.keyId,
      requestedModel: 'openai/gpt-4o',
      servedModel: 'openai/gpt-4o',
      provider: 'openai',
      credentialType: 'system',
      protocol: 'openai-chat',
      status: 'success',
      httpStatus: 200,
      streamed: false,
      inputTokens: 12,
      outputTokens: 7,
      costMicros: GPT4O_COST,
      billedMicros: GPT4O_COST,
      endUser: 'alice',
      finishReason: 'stop',
    });
    expect(await gatehouse.balance(team.id)).toBe(before - GPT4O_COST);
    // Usage debits are one ledger row per team and day: they add up to what the rows bill, this one once.
    const { debited, billed } = await gatehouse.debitedAndBilled(team.id);
    expect(debited).toBe(billed);
  });

  it('streams with include_usage: the usage chunk comes last, after the finish chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'openai/gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('Hello from openai!');
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 7 });
    expect(new Set(chunks.map((chunk) => chunk.id))).toEqual(new Set([chunks[0].id]));
    const row = await gatehouse.waitForUsage(chunks[0].id);
    expect(row).toMatchObject({ streamed: true, status: 'success', costMicros: GPT4O_COST, usageEstimated: false });
    expect(row.ttftMs).not.toBeNull();
  });

  it('streams without include_usage: no empty-choices chunk reaches the client, yet usage is metered', async () => {
    const stream = await client.chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((chunk) => chunk.choices.length === 1)).toBe(true);
    expect(chunks.every((chunk) => !chunk.usage)).toBe(true);
    expect(gatehouse.upstreams.openai.calls[0].body.stream_options).toEqual({ include_usage: true });
    const row = await gatehouse.waitForUsage(chunks[0].id);
    expect(row).toMatchObject({ inputTokens: 12, outputTokens: 7, billedMicros: GPT4O_COST });
  });

  it('streams tool-call deltas that the SDK assembles into a call', async () => {
    const runner = client.chat.completions.stream({
      model: 'openai/gpt-4o',
      messages: [{ role: 'user', content: 'Weather? [[tool:get_weather {"city":"Oslo"}]]' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
    });
    const final = await runner.finalChatCompletion();
    const call = final.choices[0].message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('get_weather');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Oslo' });
    expect(final.choices[0].finish_reason).toBe('tool_calls');
  });
});

describe('translation to other upstream formats', () => {
  it("carries parallel_tool_calls: false to Anthropic as disable_parallel_tool_use", async () => {
    await client.chat.completions.create({
      model: 'anthropic/claude-sonnet-4',
      messages: [{ role: 'user', content: 'Weather?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      parallel_tool_calls: false,
      max_tokens: 100,
    });
    const call = gatehouse.upstreams.anthropic.calls[0];
    expect(call.body.tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
  });

  it('reaches Anthropic from a Chat Completions client, JSON and streaming', async () => {
    const completion = await client.chat.completions.create({
      model: 'anthropic/claude-sonnet-4',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      max_tokens: 100,
    });
    expect(completion.choices[0].message.content).toBe('Hello from anthropic!');
    const call = gatehouse.upstreams.anthropic.calls[0];
    expect(call.path).toBe('/v1/messages');
    expect(call.headers['x-api-key']).toBe('sk-system-anthropic');
    expect(call.body.system).toEqual([{ type: 'text', text: 'Be brief.' }]);
    const row = await gatehouse.usage(completion.id);
    expect(row).toMatchObject({ provider: 'anthropic', inputTokens: 12, outputTokens: 7, costMicros: 12 * 3 + 7 * 15 });

    const stream = await client.chat.completions.create({ model: 'anthropic/claude-sonnet-4', messages: [{ role: 'user', content: 'Hi' }], stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe('Hello from anthropic!');
    expect(usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 7 });
  });

  it('reaches Gemini with tools, and the tool call id survives', async () => {
    const completion = await client.chat.completions.create({
      model: 'google/gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Weather? [[tool:get_weather {"city":"Oslo"}]]' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
    });
    const call = completion.choices[0].message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('get_weather');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Oslo' });
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    expect(gatehouse.upstreams.google.calls[0].path).toContain('/v1beta/models/gemini-2.5-flash:generateContent');
  });
});

describe('fallback before the first byte', () => {
  it('moves to the next fallback model after an upstream 500, and bills only what served', async () => {
    gatehouse.upstreams.openai.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 500 });
    const before = await gatehouse.balance(team.id);
    const completion = await client.chat.completions.create({
      model: 'openai/gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      // @ts-expect-error gateway options ride in the body
      providerOptions: { gateway: { models: ['anthropic/claude-sonnet-4'] } },
    });
    expect(completion.choices[0].message.content).toBe('Hello from anthropic!');
    expect(completion.model).toBe('anthropic/claude-sonnet-4');
    // One retry at OpenAI (GATEHOUSE_RETRIES defaults to 1), then the fallback model.
    expect(gatehouse.upstreams.openai.calls).toHaveLength(2);
    expect(gatehouse.upstreams.anthropic.calls).toHaveLength(1);
    const row = await gatehouse.usage(completion.id);
    expect(row.attempts.map((attempt) => [attempt.provider, attempt.status, attempt.errorCode])).toEqual([
      ['openai', 'error', 'http_500'],
      ['openai', 'error', 'http_500'],
      ['anthropic', 'success', undefined],
    ]);
    expect(row.provider).toBe('anthropic');
    expect(await gatehouse.balance(team.id)).toBe(before - (12 * 3 + 7 * 15));
  });

  it('tries the next provider of the same model (moonshotai/kimi-k2: moonshot then groq)', async () => {
    gatehouse.upstreams.moonshotai.enqueue({ kind: 'error', status: 503 }, { kind: 'error', status: 503 });
    const completion = await client.chat.completions.create({
      model: 'moonshotai/kimi-k2',
      messages: [{ role: 'user', content: 'Hi' }],
      // @ts-expect-error gateway options ride in the body
      providerOptions: { gateway: { order: ['moonshotai', 'groq'] } },
    });
    expect(completion.choices[0].message.content).toBe('Hello from groq!');
    expect(gatehouse.upstreams.moonshotai.calls).toHaveLength(2);
    const row = await gatehouse.usage(completion.id);
    expect(row.provider).toBe('groq');
  });

  it('answers 502 in the OpenAI envelope when every attempt fails, and logs it', async () => {
    gatehouse.upstreams.openai.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 500 });
    const error = await client.chat.completions
      .create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    const id = (error as InstanceType<typeof OpenAI.APIError>).headers?.get('x-generation-id');
    const row = await gatehouse.usage(id!);
    expect(row).toMatchObject({ status: 'error', httpStatus: 502, billedMicros: 0 });
  });

  it('does not retry a 400 from the upstream', async () => {
    gatehouse.upstreams.openai.enqueue({ kind: 'error', status: 400, message: 'bad things' });
    const error = (await client.chat.completions
      .create({
        model: 'openai/gpt-4o',
        messages: [{ role: 'user', content: 'Hi' }],
        // @ts-expect-error gateway options ride in the body
        providerOptions: { gateway: { models: ['anthropic/claude-sonnet-4'] } },
      })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(400);
    expect(error.message).toContain('bad things');
    expect(gatehouse.upstreams.anthropic.calls).toHaveLength(0);
  });
});

describe('client disconnect mid-stream', () => {
  it('aborts the upstream and bills the partial usage exactly once', async () => {
    const before = await gatehouse.balance(team.id);
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hi [[delay:300]]' }], stream: true },
      { signal: controller.signal },
    );
    let id = '';
    let text = '';
    await (async () => {
      for await (const chunk of stream) {
        id = chunk.id;
        text += chunk.choices[0]?.delta.content ?? '';
        if (text) controller.abort();
      }
    })().catch(() => {});
    expect(text).toBe('Hello');
    const row = await gatehouse.waitForUsage(id);
    expect(row.status).toBe('aborted');
    expect(row.usageEstimated).toBe(true);
    expect(row.outputTokens).toBeGreaterThan(0);
    expect(row.billedMicros).toBe(row.costMicros);
    expect(row.costMicros).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await gatehouse.balance(team.id)).toBe(before - row.costMicros);
    const { debited, billed } = await gatehouse.debitedAndBilled(team.id);
    expect(debited).toBe(billed);
  });

  it('turns an upstream stream that dies midway into an in-stream error, metered once', async () => {
    gatehouse.upstreams.openai.enqueue({ kind: 'cut', afterChunks: 2 });
    const stream = await client.chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    let id = '';
    const failure = await (async () => {
      for await (const chunk of stream) id = chunk.id;
    })().catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    const row = await gatehouse.waitForUsage(id);
    expect(row.status).toBe('error');
  });
});

describe('a client that leaves while sending the body', () => {
  it('is logged as an unreadable request, charged nothing, and never reaches an upstream', async () => {
    const before = await gatehouse.balance(team.id);
    const req = httpRequest(`${gatehouse.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${team.key}`, 'content-type': 'application/json', 'content-length': '1000' },
    });
    req.on('error', () => {});
    req.write('{"model":"openai/gpt-4o","messages":[');
    await new Promise((resolve) => setTimeout(resolve, 50));
    req.destroy();
    const deadline = Date.now() + 5_000;
    let rows: Array<typeof usageLogs.$inferSelect> = [];
    while (rows.length === 0 && Date.now() < deadline) {
      await gatehouse.flush();
      rows = await gatehouse.db.select().from(usageLogs).where(and(eq(usageLogs.teamId, team.id), eq(usageLogs.errorCode, 'invalid_json')));
      if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'error', httpStatus: 400, billedMicros: 0, provider: null });
    expect(gatehouse.upstreams.openai.calls).toHaveLength(0);
    expect(await gatehouse.balance(team.id)).toBe(before);
  });
});
