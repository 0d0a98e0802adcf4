import { readFileSync } from 'node:fs';
import { createGateway, GatewayInternalServerError } from '@ai-sdk/gateway';
import { generateText, streamText } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { microsToDollarString } from '@/lib/billing/format';
import { startGatehouse, type Gatehouse } from '../harness';

// `providerMetadata.gateway.routing` is read the way apps read the hosted gateway's: through
// the real `ai` client, from the generateText result and from streamText's finish.

type HostedAttempt = { provider: string; providerApiModelId: string; credentialType: string; success: boolean; startTime: number; endTime: number; statusCode?: number; error?: string };
type Routing = {
  originalModelId: string;
  resolvedProvider: string;
  resolvedProviderApiModelId: string;
  fallbacksAvailable: string[];
  canonicalSlug?: string;
  finalProvider: string;
  attempts: HostedAttempt[];
  modelAttemptCount: number;
  modelAttempts: Array<{ canonicalSlug: string; success: boolean; providerAttemptCount: number; providerAttempts: HostedAttempt[] }>;
  totalProviderAttemptCount: number;
};
type GatewayMetadata = { generationId: string; cost?: string; marketCost?: string; routing: Routing };

let gatehouse: Gatehouse;
let team: Awaited<ReturnType<Gatehouse['team']>>;
let gateway: ReturnType<typeof createGateway>;
let openai: OpenAI;

beforeAll(async () => {
  gatehouse = await startGatehouse();
  team = await gatehouse.team();
  gateway = createGateway({ baseURL: `${gatehouse.url}/v4/ai`, apiKey: team.key });
  openai = new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: team.key, maxRetries: 0 });
});
afterAll(async () => gatehouse?.close());
beforeEach(() => gatehouse.resetUpstreams());

const gatewayOf = (metadata: unknown) => (metadata as { gateway: GatewayMetadata }).gateway;
/** Each attempt as [provider, outcome]: `ok`, the upstream's status, or `error` when none came back. */
const outcomes = (attempts: HostedAttempt[]) => attempts.map((attempt) => [attempt.provider, attempt.success ? 'ok' : (attempt.statusCode ?? 'error')]);
const upstreamModel = (name: keyof Gatehouse['upstreams'], index = 0) => gatehouse.upstreams[name].calls[index].body.model as string;

async function generationRecord(id: string) {
  const response = await fetch(`${gatehouse.url}/v1/generation?id=${id}`, { headers: { authorization: `Bearer ${team.key}` } });
  return (await response.json()).data as { attempts: Array<{ model: string; provider: string; credential: string; status: string; httpStatus?: number; durationMs: number }> };
}

describe('providerMetadata.gateway.routing through the AI SDK (ai@7, /v4/ai)', () => {
  it('generateText: order picks the first provider, the rest of the model’s providers are the fallbacks, cost is the metered cost', async () => {
    const result = await generateText({ model: gateway('moonshotai/kimi-k2'), prompt: 'Hi', providerOptions: { gateway: { order: ['groq', 'moonshotai'] } }, maxRetries: 0 });
    expect(result.text).toBe('Hello from groq!');
    const metadata = gatewayOf(result.providerMetadata);
    const groqModel = upstreamModel('groq');
    expect(metadata.routing).toMatchObject({
      originalModelId: 'moonshotai/kimi-k2',
      canonicalSlug: 'moonshotai/kimi-k2',
      resolvedProvider: 'groq',
      resolvedProviderApiModelId: groqModel,
      fallbacksAvailable: ['moonshotai'],
      finalProvider: 'groq',
      modelAttemptCount: 1,
      totalProviderAttemptCount: 1,
    });
    const [attempt] = metadata.routing.attempts;
    expect(metadata.routing.attempts).toEqual([{ provider: 'groq', providerApiModelId: groqModel, credentialType: 'system', success: true, startTime: attempt.startTime, endTime: attempt.endTime, statusCode: 200 }]);
    expect(attempt.endTime).toBeGreaterThanOrEqual(attempt.startTime);
    expect(metadata.routing.modelAttempts).toEqual([{ canonicalSlug: 'moonshotai/kimi-k2', success: true, providerAttemptCount: 1, providerAttempts: metadata.routing.attempts }]);

    const row = await gatehouse.usage(metadata.generationId);
    expect(row.costMicros).toBeGreaterThan(0);
    expect(metadata).toMatchObject({ cost: microsToDollarString(row.billedMicros), marketCost: microsToDollarString(row.costMicros) });

    const reversed = await generateText({ model: gateway('moonshotai/kimi-k2'), prompt: 'Hi', providerOptions: { gateway: { order: ['moonshotai', 'groq'] } }, maxRetries: 0 });
    expect(gatewayOf(reversed.providerMetadata).routing).toMatchObject({ resolvedProvider: 'moonshotai', finalProvider: 'moonshotai', fallbacksAvailable: ['groq'] });
  });

  it('generateText: a failing first provider is retried once, then the next serves; every attempt is in the metadata, the header and the record', async () => {
    gatehouse.upstreams.groq.enqueue({ kind: 'error', status: 500, message: 'groq is down' }, { kind: 'error', status: 500, message: 'groq is down' });
    const result = await generateText({ model: gateway('moonshotai/kimi-k2'), prompt: 'Hi', providerOptions: { gateway: { order: ['groq', 'moonshotai'] } }, maxRetries: 0 });
    expect(result.text).toBe('Hello from moonshotai!');
    const { routing, generationId } = gatewayOf(result.providerMetadata);
    expect(routing).toMatchObject({ resolvedProvider: 'groq', finalProvider: 'moonshotai', totalProviderAttemptCount: 3, modelAttemptCount: 1 });
    expect(outcomes(routing.attempts)).toEqual([
      ['groq', 500],
      ['groq', 500],
      ['moonshotai', 'ok'],
    ]);
    expect(routing.attempts[0].error).toContain('groq is down');
    expect(routing.attempts[2]).toMatchObject({ providerApiModelId: upstreamModel('moonshotai'), statusCode: 200 });
    const starts = routing.attempts.map((attempt) => attempt.startTime);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(routing.attempts[0].endTime).toBeLessThanOrEqual(routing.attempts[1].startTime);

    expect(result.response.headers?.['x-gatehouse-attempts']).toBe(
      'moonshotai/kimi-k2@groq:system:http_500, moonshotai/kimi-k2@groq:system:http_500, moonshotai/kimi-k2@moonshotai:system:ok',
    );
    const record = await generationRecord(generationId);
    expect(record.attempts.map((attempt) => [attempt.provider, attempt.status, attempt.httpStatus ?? null])).toEqual([
      ['groq', 'error', 500],
      ['groq', 'error', 500],
      ['moonshotai', 'success', null],
    ]);
    // The metadata's times and the record's durations describe the same attempts.
    expect(record.attempts[0].durationMs).toBe(routing.attempts[0].endTime - routing.attempts[0].startTime);
  });

  it('generateText: models falls back to the next model once every provider of the first has failed', async () => {
    gatehouse.upstreams.openai.setDefault({ kind: 'error', status: 503 });
    const result = await generateText({ model: gateway('openai/gpt-4o'), prompt: 'Hi', providerOptions: { gateway: { models: ['anthropic/claude-sonnet-4'] } }, maxRetries: 0 });
    expect(result.text).toBe('Hello from anthropic!');
    const { routing } = gatewayOf(result.providerMetadata);
    expect(routing).toMatchObject({ originalModelId: 'openai/gpt-4o', resolvedProvider: 'openai', finalProvider: 'anthropic', modelAttemptCount: 2, totalProviderAttemptCount: 3 });
    expect(routing.modelAttempts.map((group) => [group.canonicalSlug, group.success, outcomes(group.providerAttempts)])).toEqual([
      [
        'openai/gpt-4o',
        false,
        [
          ['openai', 503],
          ['openai', 503],
        ],
      ],
      ['anthropic/claude-sonnet-4', true, [['anthropic', 'ok']]],
    ]);
    expect(routing.attempts.at(-1)).toMatchObject({ provider: 'anthropic', providerApiModelId: upstreamModel('anthropic') });
  });

  it('only: a failing allowed provider is never swapped, and the error still carries the attempts', async () => {
    gatehouse.upstreams.groq.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 500 });
    const failure = await generateText({ model: gateway('moonshotai/kimi-k2'), prompt: 'Hi', providerOptions: { gateway: { only: ['groq'] } }, maxRetries: 0 }).catch(
      (error: unknown) => error,
    );
    expect(GatewayInternalServerError.isInstance(failure)).toBe(true);
    expect(gatehouse.upstreams.moonshotai.calls).toHaveLength(0);
    const headers = (failure as { cause?: { responseHeaders?: Record<string, string> } }).cause?.responseHeaders;
    expect(headers?.['x-gatehouse-attempts']).toBe('moonshotai/kimi-k2@groq:system:http_500, moonshotai/kimi-k2@groq:system:http_500');
    const record = await generationRecord((failure as { generationId: string }).generationId);
    expect(record.attempts.map((attempt) => [attempt.provider, attempt.httpStatus])).toEqual([
      ['groq', 500],
      ['groq', 500],
    ]);
  });

  it('streamText: the routing is on the finish (the result’s providerMetadata), the first content part carries only the id', async () => {
    gatehouse.upstreams.groq.enqueue({ kind: 'error', status: 503 }, { kind: 'error', status: 503 });
    const result = streamText({ model: gateway('moonshotai/kimi-k2'), prompt: 'Hi', providerOptions: { gateway: { order: ['groq', 'moonshotai'] } }, maxRetries: 0 });
    const parts = [];
    for await (const part of result.fullStream) parts.push(part);
    expect(await result.text).toBe('Hello from moonshotai!');
    const metadata = gatewayOf(await result.providerMetadata);
    expect(metadata.routing).toMatchObject({ resolvedProvider: 'groq', finalProvider: 'moonshotai', fallbacksAvailable: ['moonshotai'], totalProviderAttemptCount: 3 });
    expect(outcomes(metadata.routing.attempts)).toEqual([
      ['groq', 503],
      ['groq', 503],
      ['moonshotai', 'ok'],
    ]);
    const textStart = parts.find((part) => part.type === 'text-start') as { providerMetadata?: unknown };
    expect(textStart.providerMetadata).toEqual({ gateway: { generationId: metadata.generationId } });

    const row = await gatehouse.waitForUsage(metadata.generationId);
    expect(row.attempts.map((attempt) => [attempt.provider, attempt.status])).toEqual([
      ['groq', 'error'],
      ['groq', 'error'],
      ['moonshotai', 'success'],
    ]);
    expect(metadata).toMatchObject({ cost: microsToDollarString(row.billedMicros), marketCost: microsToDollarString(row.costMicros) });
  });
});

type Scenario = {
  name: string;
  model: string;
  options: Record<string, unknown>;
  arrange(): void;
  /** The `x-gatehouse-attempts` both doors must send, on success and on failure. */
  attempts: string;
  /** The reply; null when every attempt fails. */
  text: string | null;
};

const scenarios: Scenario[] = [
  {
    name: 'order',
    model: 'moonshotai/kimi-k2',
    options: { order: ['groq', 'moonshotai'] },
    arrange: () => {},
    attempts: 'moonshotai/kimi-k2@groq:system:ok',
    text: 'Hello from groq!',
  },
  {
    name: 'order with a failing first provider',
    model: 'moonshotai/kimi-k2',
    options: { order: ['moonshotai', 'groq'] },
    arrange: () => gatehouse.upstreams.moonshotai.enqueue({ kind: 'error', status: 429 }, { kind: 'error', status: 502 }),
    attempts: 'moonshotai/kimi-k2@moonshotai:system:http_429, moonshotai/kimi-k2@moonshotai:system:http_502, moonshotai/kimi-k2@groq:system:ok',
    text: 'Hello from groq!',
  },
  {
    name: 'only',
    model: 'moonshotai/kimi-k2',
    options: { only: ['moonshotai'] },
    arrange: () => gatehouse.upstreams.moonshotai.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 500 }),
    attempts: 'moonshotai/kimi-k2@moonshotai:system:http_500, moonshotai/kimi-k2@moonshotai:system:http_500',
    text: null,
  },
  {
    name: 'models',
    model: 'openai/gpt-4o',
    options: { models: ['anthropic/claude-sonnet-4'] },
    arrange: () => gatehouse.upstreams.openai.setDefault({ kind: 'error', status: 503 }),
    attempts: 'openai/gpt-4o@openai:system:http_503, openai/gpt-4o@openai:system:http_503, anthropic/claude-sonnet-4@anthropic:system:ok',
    text: 'Hello from anthropic!',
  },
];

/** The same request through one door: its text (null on failure), attempts header, generation id and upstream calls. */
async function throughAiSdk(scenario: Scenario) {
  const result = await generateText({ model: gateway(scenario.model), prompt: 'Hi', providerOptions: { gateway: scenario.options as never }, maxRetries: 0 }).catch(
    (error: { generationId: string; cause?: { responseHeaders?: Record<string, string> } }) => ({ error }),
  );
  if ('error' in result) return { text: null, header: result.error.cause?.responseHeaders?.['x-gatehouse-attempts'], generationId: result.error.generationId, routing: undefined };
  const metadata = gatewayOf(result.providerMetadata);
  return { text: result.text, header: result.response.headers?.['x-gatehouse-attempts'], generationId: metadata.generationId, routing: metadata.routing };
}

async function throughChatCompletions(scenario: Scenario) {
  const body = { model: scenario.model, messages: [{ role: 'user' as const, content: 'Hi' }], providerOptions: { gateway: scenario.options } } as OpenAI.ChatCompletionCreateParamsNonStreaming;
  try {
    const { data, response } = await openai.chat.completions.create(body).withResponse();
    return { text: data.choices[0].message.content, header: response.headers.get('x-gatehouse-attempts') ?? undefined, generationId: data.id };
  } catch (error) {
    const headers = (error as InstanceType<typeof OpenAI.APIError>).headers;
    return { text: null, header: headers?.get('x-gatehouse-attempts') ?? undefined, generationId: headers?.get('x-generation-id') ?? '' };
  }
}

const calls = () => Object.fromEntries(Object.entries(gatehouse.upstreams).map(([name, upstream]) => [name, upstream.calls.length]));

describe.each(scenarios)('$name behaves the same through /v4/ai and /v1/chat/completions', (scenario) => {
  it('same answer, same attempts, same upstream calls', async () => {
    scenario.arrange();
    const aiSdk = await throughAiSdk(scenario);
    const aiSdkCalls = calls();
    gatehouse.resetUpstreams();
    scenario.arrange();
    const chat = await throughChatCompletions(scenario);

    expect(aiSdk.text).toBe(scenario.text);
    expect(chat.text).toBe(scenario.text);
    expect(aiSdk.header).toBe(scenario.attempts);
    expect(chat.header).toBe(scenario.attempts);
    expect(calls()).toEqual(aiSdkCalls);

    const rows = await Promise.all([gatehouse.usage(aiSdk.generationId), gatehouse.usage(chat.generationId)]);
    const shape = (row: (typeof rows)[number]) => row.attempts.map((attempt) => `${attempt.model}@${attempt.provider}:${attempt.credential}:${attempt.errorCode ?? 'ok'}`).join(', ');
    expect(rows.map((row) => row.protocol)).toEqual(['ai-sdk', 'openai-chat']);
    expect(rows.map(shape)).toEqual([scenario.attempts, scenario.attempts]);
    // The AI SDK door also lists them in providerMetadata.gateway.routing (a failed call has no result to carry it).
    const routed = aiSdk.routing?.attempts.map((attempt) => `${attempt.provider}:${attempt.success ? 'ok' : `http_${attempt.statusCode}`}`);
    expect(routed).toEqual(scenario.text === null ? undefined : scenario.attempts.split(', ').map((entry) => entry.split('@')[1].replace(':system', '')));
  });
});

type Recorded = { method: string; path: string; headers: Record<string, string>; body: Record<string, unknown> };
const recorded = (name: string): Recorded[] => JSON.parse(readFileSync(new URL(`../fixtures/ai-sdk/${name}`, import.meta.url), 'utf8'));

/** A request recorded from an older client, re-aimed at kimi-k2 with routing options. */
function replay(request: Recorded, options: Record<string, unknown>) {
  return fetch(`${gatehouse.url}${request.path}`, {
    method: request.method,
    headers: { ...request.headers, 'ai-language-model-id': 'moonshotai/kimi-k2', authorization: `Bearer ${team.key}` },
    body: JSON.stringify({ ...request.body, providerOptions: { gateway: options } }),
  });
}

describe.each([
  { label: 'ai@5 (/v1/ai, spec v2)', fixture: 'ai5-requests.json' },
  { label: 'ai@6 (/v3/ai, spec v3)', fixture: 'ai6-requests.json' },
])('$label', ({ fixture }) => {
  const [generate, stream] = recorded(fixture);

  it('generate: the routing shows the failed first provider and the one that served', async () => {
    gatehouse.upstreams.groq.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 500 });
    const body = await (await replay(generate, { order: ['groq', 'moonshotai'] })).json();
    expect(body.content).toEqual([{ type: 'text', text: 'Hello from moonshotai!' }]);
    const routing = body.providerMetadata.gateway.routing as Routing;
    expect(routing).toMatchObject({ originalModelId: 'moonshotai/kimi-k2', resolvedProvider: 'groq', finalProvider: 'moonshotai', totalProviderAttemptCount: 3 });
    expect(outcomes(routing.attempts)).toEqual([
      ['groq', 500],
      ['groq', 500],
      ['moonshotai', 'ok'],
    ]);
  });

  it('stream: the finish part carries the routing', async () => {
    const response = await replay(stream, { only: ['moonshotai'] });
    const parts = (await response.text())
      .split('\n\n')
      .filter((event) => event.startsWith('data: '))
      .map((event) => JSON.parse(event.slice('data: '.length)));
    const finish = parts.at(-1);
    expect(finish.type).toBe('finish');
    expect(finish.providerMetadata.gateway.routing).toMatchObject({ resolvedProvider: 'moonshotai', finalProvider: 'moonshotai', fallbacksAvailable: [], totalProviderAttemptCount: 1 });
    expect(outcomes(finish.providerMetadata.gateway.routing.attempts)).toEqual([['moonshotai', 'ok']]);
  });
});
