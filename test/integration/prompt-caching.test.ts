import Anthropic from '@anthropic-ai/sdk';
import { createGateway } from '@ai-sdk/gateway';
import { generateText, jsonSchema, tool } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGatehouse, type Gatehouse } from '../harness';

let gatehouse: Gatehouse;

beforeAll(async () => {
  gatehouse = await startGatehouse();
});
afterAll(async () => gatehouse?.close());
beforeEach(() => gatehouse.resetUpstreams());

const EPHEMERAL = { type: 'ephemeral' };

async function setup() {
  const team = await gatehouse.team();
  return {
    team,
    anthropic: new Anthropic({ baseURL: gatehouse.url, apiKey: team.key, maxRetries: 0 }),
    openai: new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: team.key, maxRetries: 0 }),
    gateway: createGateway({ baseURL: `${gatehouse.url}/v4/ai`, apiKey: team.key }),
  };
}

async function teamCachesByDefault(teamId: string, on: boolean) {
  const { updateTeamSettings } = await import('@/lib/services/teams/update-team-settings');
  await updateTeamSettings({ ctx: gatehouse.ctx, input: { team: teamId, promptCachingAuto: on } });
}

type Block = { cache_control?: unknown };
/** Where the upstream body carries breakpoints: per tool, per system block, per message block ('string' where content is a plain string). */
function marks(body: { tools?: Block[]; system?: string | Block[]; messages: Array<{ content: string | Block[] }> }) {
  const flags = (blocks: Block[]) => blocks.map((block) => (block.cache_control ? 1 : 0));
  return {
    tools: flags(body.tools ?? []),
    system: body.system === undefined ? 'none' : typeof body.system === 'string' ? 'string' : flags(body.system),
    messages: body.messages.map((message) => (typeof message.content === 'string' ? 'string' : flags(message.content))),
  };
}

const anthropicUpstream = () => gatehouse.upstreams.anthropic.calls.at(-1)!;

// A conversation in Anthropic's shape: two tools, a system prompt, three turns.
const messagesBody = {
  model: 'anthropic/claude-sonnet-4',
  max_tokens: 100,
  system: 'You are a terse support agent.',
  tools: [
    { name: 'lookup_order', description: 'Find an order', input_schema: { type: 'object' as const, properties: { id: { type: 'string' } } } },
    { name: 'refund', description: 'Refund an order', input_schema: { type: 'object' as const, properties: { id: { type: 'string' } } } },
  ],
  messages: [
    { role: 'user' as const, content: 'My order is late.' },
    { role: 'assistant' as const, content: [{ type: 'text' as const, text: 'Which order?' }] },
    { role: 'user' as const, content: [{ type: 'text' as const, text: 'Order 42.' }] },
  ],
};

describe('Anthropic Messages pass-through', () => {
  it('x-gatehouse-caching: auto marks the last tool, the system prompt, the previous user turn and the newest message', async () => {
    const { anthropic } = await setup();
    const message = await anthropic.messages.create(messagesBody, { headers: { 'x-gatehouse-caching': 'auto' } });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Hello from anthropic!' });
    const body = anthropicUpstream().body;
    expect(marks(body)).toEqual({ tools: [0, 1], system: [1], messages: [[1], [0], [1]] });
    expect(body.tools[1].cache_control).toEqual(EPHEMERAL);
    expect(body.system).toEqual([{ type: 'text', text: 'You are a terse support agent.', cache_control: EPHEMERAL }]);
    expect(body.messages[0]).toEqual({ role: 'user', content: [{ type: 'text', text: 'My order is late.', cache_control: EPHEMERAL }] });
    expect(body.model).toBe('claude-sonnet-4-20250514');
    expect(body.providerOptions).toBeUndefined();
  });

  it('streams too, with caching asked for in providerOptions.gateway', async () => {
    const { anthropic } = await setup();
    const stream = anthropic.messages.stream({ ...messagesBody, providerOptions: { gateway: { caching: 'auto' } } } as never);
    expect(await stream.finalText()).toBe('Hello from anthropic!');
    const body = anthropicUpstream().body;
    expect(body.stream).toBe(true);
    expect(marks(body)).toEqual({ tools: [0, 1], system: [1], messages: [[1], [0], [1]] });
  });

  it('counts the client breakpoints against the four and leaves them in place', async () => {
    const { anthropic } = await setup();
    await anthropic.messages.create(
      {
        ...messagesBody,
        system: [
          { type: 'text', text: 'Policies…', cache_control: { type: 'ephemeral', ttl: '1h' } },
          { type: 'text', text: 'Tone…', cache_control: { type: 'ephemeral' } },
        ],
      },
      { headers: { 'x-gatehouse-caching': 'auto' } },
    );
    const body = anthropicUpstream().body;
    // Two of the client's + the last tool + the previous user turn; the newest message is left unmarked.
    expect(marks(body)).toEqual({ tools: [0, 1], system: [1, 1], messages: [[1], [0], [0]] });
    expect(body.system[0].cache_control).toEqual({ type: 'ephemeral', ttl: '1h' });
  });

  it('places nothing when the client already used all four', async () => {
    const { anthropic } = await setup();
    const marked = (text: string) => ({ type: 'text' as const, text, cache_control: { type: 'ephemeral' as const } });
    await anthropic.messages.create(
      { ...messagesBody, system: [marked('a'), marked('b'), marked('c')], messages: [{ role: 'user', content: [marked('d'), { type: 'text', text: 'e' }] }] },
      { headers: { 'x-gatehouse-caching': 'auto' } },
    );
    expect(marks(anthropicUpstream().body)).toEqual({ tools: [0, 0], system: [1, 1, 1], messages: [[1, 0]] });
  });

  it('without caching the body goes through untouched', async () => {
    const { anthropic } = await setup();
    await anthropic.messages.create(messagesBody);
    const call = anthropicUpstream();
    expect(marks(call.body)).toEqual({ tools: [0, 0], system: 'string', messages: ['string', [0], [0]] });
    expect(call.body).toEqual({ ...messagesBody, model: 'claude-sonnet-4-20250514' });
  });

  it('follows the team default, and a request saying off wins over it', async () => {
    const { anthropic, team } = await setup();
    await teamCachesByDefault(team.id, true);
    await anthropic.messages.create(messagesBody);
    expect(marks(anthropicUpstream().body).messages).toEqual([[1], [0], [1]]);

    await anthropic.messages.create(messagesBody, { headers: { 'x-gatehouse-caching': 'off' } });
    expect(marks(anthropicUpstream().body)).toEqual({ tools: [0, 0], system: 'string', messages: ['string', [0], [0]] });

    await anthropic.messages.create({ ...messagesBody, providerOptions: { gateway: { caching: 'off' } } } as never);
    expect(marks(anthropicUpstream().body).system).toBe('string');

    await teamCachesByDefault(team.id, false);
    await anthropic.messages.create(messagesBody);
    expect(marks(anthropicUpstream().body).system).toBe('string');
  });

  it('refuses a malformed caching header in the door’s envelope before any upstream call', async () => {
    const { anthropic } = await setup();
    const error = (await anthropic.messages.create(messagesBody, { headers: { 'x-gatehouse-caching': 'always' } }).catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
    expect(error.status).toBe(400);
    expect(error.error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(gatehouse.upstreams.anthropic.calls).toHaveLength(0);
  });
});

describe('translated calls to Anthropic', () => {
  const tools = {
    lookup_order: tool({ description: 'Find an order', inputSchema: jsonSchema({ type: 'object', properties: { id: { type: 'string' } } }) }),
    refund: tool({ description: 'Refund an order', inputSchema: jsonSchema({ type: 'object', properties: { id: { type: 'string' } } }) }),
  };

  it('the AI SDK with caching: auto gets the same placement through @ai-sdk/anthropic', async () => {
    const { gateway } = await setup();
    const result = await generateText({
      model: gateway('anthropic/claude-sonnet-4'),
      system: 'You are a terse support agent.',
      tools,
      messages: [
        { role: 'user', content: 'My order is late.' },
        { role: 'assistant', content: 'Which order?' },
        { role: 'user', content: 'Order 42.' },
      ],
      providerOptions: { gateway: { caching: 'auto' } },
      maxRetries: 0,
    });
    expect(result.text).toBe('Hello from anthropic!');
    const body = anthropicUpstream().body;
    expect(marks(body)).toEqual({ tools: [0, 1], system: [1], messages: [[1], [0], [1]] });
    expect(body.messages[2].content[0]).toEqual({ type: 'text', text: 'Order 42.', cache_control: EPHEMERAL });
  });

  it('counts the caller’s own cacheControl and stops at four', async () => {
    const { gateway } = await setup();
    const own = { anthropic: { cacheControl: { type: 'ephemeral' } } };
    await generateText({
      model: gateway('anthropic/claude-sonnet-4'),
      system: 'You are a terse support agent.',
      tools,
      messages: [
        { role: 'user', content: 'My order is late.', providerOptions: own },
        { role: 'assistant', content: 'Which order?', providerOptions: own },
        { role: 'user', content: 'Order 42.' },
      ],
      providerOptions: { gateway: { caching: 'auto' } },
      maxRetries: 0,
    });
    // The caller's two, then the last tool and the system prompt: the budget is spent before the newest message.
    expect(marks(anthropicUpstream().body)).toEqual({ tools: [0, 1], system: [1], messages: [[1], [1], [0]] });
  });

  it('an OpenAI client asks with the header; calls to OpenAI are left alone', async () => {
    const { openai } = await setup();
    const messages = [
      { role: 'system' as const, content: 'You are a terse support agent.' },
      { role: 'user' as const, content: 'My order is late.' },
      { role: 'assistant' as const, content: 'Which order?' },
      { role: 'user' as const, content: 'Order 42.' },
    ];
    await openai.chat.completions.create({ model: 'anthropic/claude-sonnet-4', messages }, { headers: { 'x-gatehouse-caching': 'auto' } });
    expect(marks(anthropicUpstream().body)).toEqual({ tools: [], system: [1], messages: [[1], [0], [1]] });

    await openai.chat.completions.create({ model: 'openai/gpt-4o', messages }, { headers: { 'x-gatehouse-caching': 'auto' } });
    const sent = gatehouse.upstreams.openai.calls.at(-1)!.body;
    expect(JSON.stringify(sent)).not.toContain('cache_control');
    expect(sent.messages).toEqual(messages);
  });

  it('without caching no breakpoint is added', async () => {
    const { openai } = await setup();
    await openai.chat.completions.create({ model: 'anthropic/claude-sonnet-4', messages: [{ role: 'system', content: 'Be terse.' }, { role: 'user', content: 'Hi' }] });
    expect(JSON.stringify(anthropicUpstream().body)).not.toContain('cache_control');
  });
});

describe('cache pricing', () => {
  it('bills cache reads and writes at the catalog’s cache prices, and records both', async () => {
    const { anthropic } = await setup();
    const offering = (await gatehouse.runtime.gateway.catalog.lookup('anthropic/claude-sonnet-4'))!.offerings.find((entry) => entry.provider === 'anthropic')!;
    // $3 in, $15 out, $0.30 cache read, $3.75 cache write per million tokens.
    expect(offering).toMatchObject({ inputPrice: 3_000_000, outputPrice: 15_000_000, cacheReadPrice: 300_000, cacheWritePrice: 3_750_000 });
    // 10,000 input tokens: 6,000 read from the cache, 3,000 written to it, 1,000 plain; 100 output.
    gatehouse.upstreams.anthropic.enqueue({ kind: 'reply', usage: { input: 10_000, output: 100, cached: 6_000, cacheWrite: 3_000 } });
    const response = await anthropic.messages.create(messagesBody, { headers: { 'x-gatehouse-caching': 'auto' } }).withResponse();
    expect(response.data.usage).toMatchObject({ input_tokens: 1_000, cache_read_input_tokens: 6_000, cache_creation_input_tokens: 3_000 });
    const row = await gatehouse.usage(response.response.headers.get('x-generation-id')!);
    // 1,000 × 3 + 6,000 × 0.30 + 3,000 × 3.75 + 100 × 15 = 3,000 + 1,800 + 11,250 + 1,500 µ$.
    expect(row).toMatchObject({ inputTokens: 10_000, cachedInputTokens: 6_000, cacheWriteTokens: 3_000, outputTokens: 100, costMicros: 17_550, billedMicros: 17_550 });
  });
});
