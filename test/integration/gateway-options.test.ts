import { createGateway } from '@ai-sdk/gateway';
import { generateText } from 'ai';
import { and, eq } from 'drizzle-orm';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { modelOfferings } from '@/db/schema';
import { startGatehouse, type Gatehouse } from '../harness';

// Every option of the AI SDK's `GatewayProviderOptions`, sent by the real `ai` client (which
// must not strip them), and the same options through the OpenAI door's pass-through.

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

type GatewayOptions = Record<string, unknown>;
const generate = (model: string, gatewayOptions: GatewayOptions) =>
  generateText({ model: gateway(model), prompt: 'Hi', providerOptions: { gateway: gatewayOptions as never }, maxRetries: 0 });

describe('providerOptions.gateway through the AI SDK (/v4/ai)', () => {
  it("accepts every option of the SDK's current type", async () => {
    const result = await generate('openai/gpt-4o', {
      caching: 'auto',
      idempotencyKey: 'retry-1',
      providerTimeouts: { byok: { openai: 5000 } },
      has: ['!quantization:int4'],
      serviceTier: 'flex',
      zeroDataRetention: false,
      tags: ['sdk'],
    });
    expect(result.text).toBeTruthy();
    expect(result.response.headers?.['x-gatehouse-ignored-options']).toBeUndefined();
  });

  it('sends serviceTier to OpenAI as service_tier on a translated call', async () => {
    await generate('openai/gpt-4o', { serviceTier: 'priority' });
    expect(gatehouse.upstreams.openai.calls[0].body.service_tier).toBe('priority');
  });

  it('accepts unknown future keys and names them in x-gatehouse-ignored-options and the warnings', async () => {
    const result = await generate('openai/gpt-4o', { futureThing: { x: 1 }, 'bad name\u00e9': true });
    expect(result.text).toBeTruthy();
    expect(result.response.headers?.['x-gatehouse-ignored-options']).toBe('futureThing,bad_name_');
    expect((result.warnings ?? []).map((warning) => ('feature' in warning ? warning.feature : ''))).toContain('providerOptions.gateway.futureThing');
  });

  it('reports serviceTier as ignored where the upstream has no such tier', async () => {
    const result = await generate('anthropic/claude-sonnet-4', { serviceTier: 'flex' });
    expect(result.response.headers?.['x-gatehouse-ignored-options']).toBe('serviceTier');
    expect(gatehouse.upstreams.anthropic.calls[0].body.service_tier).toBeUndefined();
  });

  it('refuses a malformed value of a known option with a 400', async () => {
    await expect(generate('openai/gpt-4o', { serviceTier: 'turbo' })).rejects.toMatchObject({ statusCode: 400, message: expect.stringMatching(/serviceTier/) });
    await expect(generate('openai/gpt-4o', { has: ['quantization:not valid'] })).rejects.toMatchObject({ statusCode: 400 });
    expect(gatehouse.upstreams.openai.calls).toHaveLength(0);
  });

  it('routes has: quantization by the offering’s weight format; unknown formats pass an exclusion', async () => {
    await gatehouse.db
      .update(modelOfferings)
      .set({ quantization: 'FP8' })
      .where(and(eq(modelOfferings.modelId, 'moonshotai/kimi-k2'), eq(modelOfferings.provider, 'groq')));
    gatehouse.ctx.invalidate.catalog();
    const required = await generate('moonshotai/kimi-k2', { has: ['quantization:fp8'], order: ['moonshotai', 'groq'] });
    expect(required.response.headers?.['x-gatehouse-provider']).toBe('groq');
    const excluded = await generate('moonshotai/kimi-k2', { has: ['!quantization:fp8'], order: ['groq', 'moonshotai'] });
    expect(excluded.response.headers?.['x-gatehouse-provider']).toBe('moonshotai');
    await expect(generate('moonshotai/kimi-k2', { has: ['quantization:int4'] })).rejects.toMatchObject({ statusCode: 403 });
  });
});

describe('providerOptions.gateway on the OpenAI door (pass-through)', () => {
  it('adds service_tier to the forwarded body, keeps the client’s own, and reports unknown keys', async () => {
    const body = { model: 'openai/gpt-4o', messages: [{ role: 'user' as const, content: 'Hi' }] };
    const { response } = await openai.chat.completions.create({ ...body, providerOptions: { gateway: { serviceTier: 'flex', someday: 1 } } } as never).withResponse();
    expect(gatehouse.upstreams.openai.calls[0].body.service_tier).toBe('flex');
    expect(response.headers.get('x-gatehouse-ignored-options')).toBe('someday');
    await openai.chat.completions.create({ ...body, service_tier: 'default', providerOptions: { gateway: { serviceTier: 'priority' } } } as never);
    expect(gatehouse.upstreams.openai.calls[1].body.service_tier).toBe('default');
    await expect(openai.chat.completions.create({ ...body, providerOptions: { gateway: { caching: 'sometimes' } } } as never)).rejects.toMatchObject({ status: 400 });
  });
});
