import Anthropic from '@anthropic-ai/sdk';
import { createGateway } from '@ai-sdk/gateway';
import { generateText, streamText as aiStreamText } from 'ai';
import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGatehouse, type Gatehouse } from '../harness';

// openai/o3-pro is served only by OpenAI's Responses API, at $20 / $80 per million tokens. The
// usage directive makes the fake upstream report 12 input / 7 output tokens, 3 of them reasoning:
// 12 × 20 + 7 × 80 = 800 micro-dollars. openai/o3 ($2 / $8) reasons but has Chat Completions too.
const O3_PRO = 'openai/o3-pro';
const O3_PRO_COST = 800;
const USAGE = '[[usage:12,7,0,3]]';
const TOOL = '[[tool:get_weather {"city":"Oslo"}]]';

const weatherSchema = { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] };
const responsesWeatherTool = { type: 'function', name: 'get_weather', description: 'Current weather in a city', parameters: weatherSchema, strict: true };

let gatehouse: Gatehouse;
let team: Awaited<ReturnType<Gatehouse['team']>>;
let anthropic: Anthropic;
let openai: OpenAI;

beforeAll(async () => {
  gatehouse = await startGatehouse();
  team = await gatehouse.team(10_000_000);
  anthropic = new Anthropic({ baseURL: gatehouse.url, apiKey: team.key, maxRetries: 0 });
  openai = new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: team.key, maxRetries: 0 });
});
afterAll(async () => gatehouse?.close());
beforeEach(() => gatehouse.resetUpstreams());

/** The one request the fake OpenAI received: a Responses call for o3-pro that asks to store nothing. */
function responsesCall(options: { stream: boolean }) {
  const calls = gatehouse.upstreams.openai.calls;
  expect(calls.map((call) => call.path)).toEqual(['/v1/responses']);
  expect(calls[0].headers.authorization).toBe('Bearer sk-system-openai');
  expect(calls[0].body).toMatchObject({ model: 'o3-pro', store: false, include: ['reasoning.encrypted_content'] });
  expect(Boolean(calls[0].body.stream)).toBe(options.stream);
  return calls[0].body;
}

/** Metered once at the model's price, reasoning tokens included, and debited from the team. */
async function expectMetered(generationId: string, before: number, expected: { protocol: string; streamed: boolean; finishReason: string }) {
  const row = await gatehouse.waitForUsage(generationId);
  expect(row).toMatchObject({
    ...expected,
    requestedModel: O3_PRO,
    servedModel: O3_PRO,
    provider: 'openai',
    status: 'success',
    inputTokens: 12,
    outputTokens: 7,
    reasoningTokens: 3,
    usageEstimated: false,
    costMicros: O3_PRO_COST,
    billedMicros: O3_PRO_COST,
  });
  expect(await gatehouse.balance(team.id)).toBe(before - O3_PRO_COST);
  const { debited, billed } = await gatehouse.debitedAndBilled(team.id);
  expect(debited).toBe(billed);
}

describe('Anthropic Messages clients reach a Responses-only OpenAI model', () => {
  it('JSON with a tool call: the tool_use block, usage and the debit are right', async () => {
    const before = await gatehouse.balance(team.id);
    const message = await anthropic.messages.create({
      model: O3_PRO,
      max_tokens: 100,
      system: 'Be brief.',
      tools: [{ name: 'get_weather', description: 'Current weather in a city', input_schema: weatherSchema }],
      messages: [{ role: 'user', content: `Weather? ${TOOL} ${USAGE}` }],
    });
    expect(message).toMatchObject({
      model: O3_PRO,
      stop_reason: 'tool_use',
      content: [{ type: 'tool_use', id: 'call_fake000001', name: 'get_weather', input: { city: 'Oslo' } }],
      usage: { input_tokens: 12, output_tokens: 7 },
    });
    const body = responsesCall({ stream: false });
    expect(body).toMatchObject({ max_output_tokens: 100, tools: [{ ...responsesWeatherTool, strict: false }] });
    expect(body.input[0]).toEqual({ role: 'developer', content: 'Be brief.' });
    // A translated JSON answer records the canonical finish reason; a stream records the client's.
    await expectMetered(message.id, before, { protocol: 'anthropic-messages', streamed: false, finishReason: 'tool_use' });
  });

  it('streams text, then a tool call with a tool result sent back as function_call_output', async () => {
    const before = await gatehouse.balance(team.id);
    const stream = anthropic.messages.stream({ model: O3_PRO, max_tokens: 100, messages: [{ role: 'user', content: `Hi ${USAGE}` }] });
    let text = '';
    stream.on('text', (delta) => (text += delta));
    const message = await stream.finalMessage();
    expect(text).toBe('Hello from openai!');
    expect(message).toMatchObject({ model: O3_PRO, stop_reason: 'end_turn', usage: { output_tokens: 7 } });
    responsesCall({ stream: true });
    await expectMetered(message.id, before, { protocol: 'anthropic-messages', streamed: true, finishReason: 'end_turn' });

    gatehouse.resetUpstreams();
    const toolTurn = await anthropic.messages
      .stream({
        model: O3_PRO,
        max_tokens: 100,
        tools: [{ name: 'get_weather', input_schema: weatherSchema }],
        messages: [{ role: 'user', content: `Weather? ${TOOL}` }],
      })
      .finalMessage();
    expect(toolTurn.stop_reason).toBe('tool_use');
    expect(toolTurn.content).toEqual([{ type: 'tool_use', id: 'call_fake000001', name: 'get_weather', input: { city: 'Oslo' } }]);

    gatehouse.resetUpstreams();
    await anthropic.messages.create({
      model: O3_PRO,
      max_tokens: 100,
      tools: [{ name: 'get_weather', input_schema: weatherSchema }],
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: toolTurn.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_fake000001', content: '{"tempC":4}' }] },
      ],
    });
    expect(responsesCall({ stream: false }).input.slice(1)).toEqual([
      { type: 'function_call', call_id: 'call_fake000001', name: 'get_weather', arguments: '{"city":"Oslo"}' },
      { type: 'function_call_output', call_id: 'call_fake000001', output: '{"tempC":4}' },
    ]);
  });
});

describe('Chat Completions clients reach a Responses-only OpenAI model', () => {
  const chatTool = { type: 'function' as const, function: { name: 'get_weather', description: 'Current weather in a city', parameters: weatherSchema } };

  it('JSON with a tool call: translated rather than passed through to /chat/completions', async () => {
    const before = await gatehouse.balance(team.id);
    const completion = await openai.chat.completions.create({
      model: O3_PRO,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: `Weather? ${TOOL} ${USAGE}` },
      ],
      tools: [chatTool],
      parallel_tool_calls: false,
      max_completion_tokens: 100,
    });
    expect(completion.id).toMatch(/^gen_[0-9A-Z]{26}$/);
    expect(completion.model).toBe(O3_PRO);
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    expect(completion.choices[0].message.tool_calls).toEqual([{ id: 'call_fake000001', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }]);
    expect(completion.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 7, total_tokens: 19, completion_tokens_details: { reasoning_tokens: 3 } });
    const body = responsesCall({ stream: false });
    expect(body).toMatchObject({ max_output_tokens: 100, tools: [{ ...responsesWeatherTool, strict: false }], parallel_tool_calls: false });
    expect(body.messages).toBeUndefined();
    await expectMetered(completion.id, before, { protocol: 'openai-chat', streamed: false, finishReason: 'tool_calls' });
  });

  it("keeps a client's store: true, so OpenAI stores the response and no encrypted reasoning is asked for", async () => {
    await openai.chat.completions.create({ model: O3_PRO, messages: [{ role: 'user', content: `Hi ${USAGE}` }], store: true });
    const [call] = gatehouse.upstreams.openai.calls;
    expect(call.path).toBe('/v1/responses');
    expect(call.body.store).toBe(true);
    expect(call.body.include).toBeUndefined();
  });

  it('streams text with the usage chunk the client asked for', async () => {
    const before = await gatehouse.balance(team.id);
    const stream = await openai.chat.completions.create({ model: O3_PRO, messages: [{ role: 'user', content: `Hi ${USAGE}` }], stream: true, stream_options: { include_usage: true } });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Hello from openai!');
    expect(chunks.at(-2)?.choices[0].finish_reason).toBe('stop');
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 7, completion_tokens_details: { reasoning_tokens: 3 } });
    responsesCall({ stream: true });
    await expectMetered(chunks[0].id, before, { protocol: 'openai-chat', streamed: true, finishReason: 'stop' });
  });

  it('streams a tool call', async () => {
    const stream = await openai.chat.completions.create({ model: O3_PRO, messages: [{ role: 'user', content: `Weather? ${TOOL}` }], tools: [chatTool], stream: true });
    const calls = new Map<number, { id?: string; name?: string; arguments: string }>();
    let finish: string | null = null;
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
        const entry = calls.get(call.index) ?? { arguments: '' };
        entry.id ??= call.id;
        entry.name ??= call.function?.name;
        entry.arguments += call.function?.arguments ?? '';
        calls.set(call.index, entry);
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect([...calls.values()]).toEqual([{ id: 'call_fake000001', name: 'get_weather', arguments: '{"city":"Oslo"}' }]);
    expect(finish).toBe('tool_calls');
    responsesCall({ stream: true });
  });

  it('still passes other OpenAI models through to /chat/completions, reasoning ones included', async () => {
    const completion = await openai.chat.completions.create({ model: 'openai/o3', messages: [{ role: 'user', content: 'Hi' }], reasoning_effort: 'low' });
    expect(completion.choices[0].message.content).toBe('Hello from openai!');
    const [call] = gatehouse.upstreams.openai.calls;
    expect(call.path).toBe('/v1/chat/completions');
    expect(call.body).toEqual({ model: 'o3', messages: [{ role: 'user', content: 'Hi' }], reasoning_effort: 'low' });
  });
});

describe('AI SDK clients reach OpenAI reasoning models through Responses', () => {
  const gateway = () => createGateway({ baseURL: `${gatehouse.url}/v4/ai`, apiKey: team.key });

  it('a Responses-only model, streaming, with reasoning tokens in the usage', async () => {
    const before = await gatehouse.balance(team.id);
    const result = aiStreamText({ model: gateway()(O3_PRO), prompt: `Hi ${USAGE}`, maxRetries: 0 });
    expect(await result.text).toBe('Hello from openai!');
    expect((await result.usage).outputTokenDetails).toMatchObject({ reasoningTokens: 3 });
    responsesCall({ stream: true });
    const generationId = ((await result.providerMetadata)?.gateway as { generationId?: string } | undefined)?.generationId;
    await expectMetered(generationId!, before, { protocol: 'ai-sdk', streamed: true, finishReason: 'stop' });
  });

  it('a reasoning model that also has Chat Completions, so its reasoning can be replayed; other models stay on Chat', async () => {
    await generateText({ model: gateway()('openai/o3'), prompt: 'Hi', maxRetries: 0 });
    expect(gatehouse.upstreams.openai.calls[0]).toMatchObject({ path: '/v1/responses', body: { model: 'o3', store: false, include: ['reasoning.encrypted_content'] } });

    gatehouse.resetUpstreams();
    await generateText({ model: gateway()('openai/o3'), prompt: 'Hi', providerOptions: { openai: { store: true } }, maxRetries: 0 });
    expect(gatehouse.upstreams.openai.calls[0].body).toMatchObject({ model: 'o3', store: true });
    expect(gatehouse.upstreams.openai.calls[0].body.include).toBeUndefined();

    gatehouse.resetUpstreams();
    await generateText({ model: gateway()('openai/gpt-4o-mini'), prompt: 'Hi', maxRetries: 0 });
    expect(gatehouse.upstreams.openai.calls[0].path).toBe('/v1/chat/completions');
  });

  it('sends reasoning from an earlier turn back to OpenAI as an encrypted reasoning item', async () => {
    const reasoning = { type: 'reasoning', text: 'Thought about it.', providerOptions: { openai: { itemId: 'rs_1', reasoningEncryptedContent: 'gAAAA-sealed' } } };
    const response = await fetch(`${gatehouse.url}/v4/ai/language-model`, {
      method: 'POST',
      headers: { authorization: `Bearer ${team.key}`, 'content-type': 'application/json', 'ai-language-model-id': 'openai/o3', 'ai-language-model-streaming': 'false' },
      body: JSON.stringify({
        prompt: [
          { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
          { role: 'assistant', content: [reasoning, { type: 'text', text: 'Hello.' }] },
          { role: 'user', content: [{ type: 'text', text: 'Again' }] },
        ],
      }),
    });
    expect(response.status).toBe(200);
    const { input } = gatehouse.upstreams.openai.calls[0].body;
    expect(input).toContainEqual({ type: 'reasoning', id: 'rs_1', encrypted_content: 'gAAAA-sealed', summary: [{ type: 'summary_text', text: 'Thought about it.' }] });
  });
});
