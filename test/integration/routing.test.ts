import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGatehouse, type Gatehouse } from '../harness';

const ADMIN = { authorization: 'Bearer admin-token-for-tests-0123456789', 'content-type': 'application/json' };

let gatehouse: Gatehouse;

beforeAll(async () => {
  gatehouse = await startGatehouse({ env: { GATEHOUSE_FIRST_BYTE_TIMEOUT_MS: '5000' } });
});
afterAll(async () => gatehouse?.close());
beforeEach(() => gatehouse.resetUpstreams());

async function setup() {
  const team = await gatehouse.team();
  return {
    team,
    openai: new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: team.key, maxRetries: 0 }),
    anthropic: new Anthropic({ baseURL: gatehouse.url, apiKey: team.key, maxRetries: 0 }),
  };
}

const hi = [{ role: 'user' as const, content: 'Hi' }];
const gateway = (options: Record<string, unknown>) => ({ providerOptions: { gateway: options } }) as Record<string, unknown>;
const calls = () => Object.fromEntries(Object.entries(gatehouse.upstreams).map(([name, upstream]) => [name, upstream.calls.length]));

async function settings(teamId: string, patch: Record<string, unknown>) {
  const { updateTeamSettings } = await import('@/db/queries/teams');
  await updateTeamSettings(gatehouse.db, teamId, patch);
  gatehouse.ctx.invalidate.team(teamId);
}

describe('request options', () => {
  it('order: providers are tried in the order given', async () => {
    const { openai } = await setup();
    const completion = await openai.chat.completions.create({ model: 'moonshotai/kimi-k2', messages: hi, ...gateway({ order: ['groq', 'moonshotai'] }) });
    expect(completion.choices[0].message.content).toBe('Hello from groq!');
    expect(calls()).toMatchObject({ groq: 1, moonshotai: 0 });
  });

  it('only: a failing allowed provider is never swapped for another', async () => {
    const { openai } = await setup();
    gatehouse.upstreams.groq.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 500 });
    const error = (await openai.chat.completions
      .create({ model: 'moonshotai/kimi-k2', messages: hi, ...gateway({ only: ['groq'] }) })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(502);
    expect(calls()).toMatchObject({ groq: 2, moonshotai: 0 });
  });

  it('sort by cost: the cheapest configured provider goes first', async () => {
    const { openai } = await setup();
    const model = await (await fetch(`${gatehouse.url}/v1/models/moonshotai%2Fkimi-k2`)).json();
    const configured = model.providers.filter((p: { provider: string }) => ['moonshotai', 'groq'].includes(p.provider));
    const price = (p: { pricing: { input: string; output: string } }) => Number(p.pricing.input) + Number(p.pricing.output);
    const cheapest = [...configured].sort((a, b) => price(a) - price(b))[0].provider;
    const completion = await openai.chat.completions.create({ model: 'moonshotai/kimi-k2', messages: hi, ...gateway({ sort: 'cost' }) });
    expect(completion.choices[0].message.content).toBe(`Hello from ${cheapest}!`);
  });

  it('models: fallback models are tried after every provider of the requested one', async () => {
    const { openai } = await setup();
    gatehouse.upstreams.openai.setDefault({ kind: 'error', status: 503 });
    const completion = await openai.chat.completions.create({ model: 'openai/gpt-4o', messages: hi, ...gateway({ models: ['anthropic/claude-sonnet-4'] }) });
    expect(completion.model).toBe('anthropic/claude-sonnet-4');
    expect(completion.choices[0].message.content).toBe('Hello from anthropic!');
  });

  it('headquarters: excluded countries are never routed to', async () => {
    const { openai } = await setup();
    const completion = await openai.chat.completions.create({ model: 'moonshotai/kimi-k2', messages: hi, ...gateway({ headquarters: ['!CN'] }) });
    expect(completion.choices[0].message.content).toBe('Hello from groq!');
    expect(calls()).toMatchObject({ moonshotai: 0 });
    const error = (await openai.chat.completions
      .create({ model: 'openai/gpt-4o', messages: hi, ...gateway({ headquarters: ['FR'] }) })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(403);
    expect(error.message).toContain('headquartered in US');
  });

  it('has: a model without the capability is not used', async () => {
    const { openai } = await setup();
    const ok = await openai.chat.completions.create({ model: 'openai/gpt-4o', messages: hi, ...gateway({ has: ['vision', 'tool-use'] }) });
    expect(ok.choices[0].message.content).toBe('Hello from openai!');
    const error = (await openai.chat.completions
      .create({ model: 'moonshotai/kimi-k2', messages: hi, ...gateway({ has: ['vision'] }) })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(403);
    expect(error.message).toContain('lacks vision');
    expect(calls()).toMatchObject({ moonshotai: 0, groq: 0 });
  });

  it('byok: request-scoped keys are tried first, logged as BYOK and not debited', async () => {
    const { openai, team } = await setup();
    const before = await gatehouse.balance(team.id);
    const completion = await openai.chat.completions.create({ model: 'openai/gpt-4o', messages: hi, ...gateway({ byok: { openai: [{ apiKey: 'sk-request-scoped' }] } }) });
    expect(gatehouse.upstreams.openai.calls[0].headers.authorization).toBe('Bearer sk-request-scoped');
    expect(await gatehouse.usage(completion.id)).toMatchObject({ credentialType: 'byok', billedMicros: 0, costMicros: 100 });
    expect(await gatehouse.balance(team.id)).toBe(before);
  });

  it('providerTimeouts: a provider slow to its first byte is abandoned for the next', async () => {
    const { openai } = await setup();
    gatehouse.upstreams.openai.enqueue({ kind: 'stall', ms: 3_000 });
    const started = Date.now();
    const completion = await openai.chat.completions.create({
      model: 'openai/gpt-4o',
      messages: hi,
      ...gateway({ providerTimeouts: { openai: 300 }, models: ['anthropic/claude-sonnet-4'] }),
    });
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(completion.model).toBe('anthropic/claude-sonnet-4');
    const row = await gatehouse.usage(completion.id);
    expect(row.attempts.map((attempt) => [attempt.provider, attempt.errorCode ?? 'ok'])).toEqual([
      ['openai', 'timeout'],
      ['anthropic', 'ok'],
    ]);
  });

  it('retries a transient failure at the same provider before moving on', async () => {
    const { openai } = await setup();
    gatehouse.upstreams.openai.enqueue({ kind: 'error', status: 500 });
    const response = await openai.chat.completions
      .create({ model: 'openai/gpt-4o', messages: hi, ...gateway({ models: ['anthropic/claude-sonnet-4'] }) })
      .withResponse();
    expect(response.data.model).toBe('openai/gpt-4o');
    expect(response.response.headers.get('x-gatehouse-attempts')).toBe('openai/gpt-4o@openai:system:http_500, openai/gpt-4o@openai:system:ok');
    expect(calls()).toMatchObject({ openai: 2, anthropic: 0 });
  });

  it.each([
    ['a bad service tier', { serviceTier: 'fastest' }],
    ['a bad sort', { sort: 'fast' }],
    ['a bad country code', { headquarters: ['USA'] }],
    ['an unknown capability', { has: ['telepathy'] }],
    ['a malformed byok entry', { byok: { openai: [{ key: 'x' }] } }],
  ])('rejects %s with 400 before any upstream call', async (_name, options) => {
    const { openai } = await setup();
    const error = (await openai.chat.completions.create({ model: 'openai/gpt-4o', messages: hi, ...gateway(options) }).catch((caught: unknown) => caught)) as InstanceType<
      typeof OpenAI.APIError
    >;
    expect(error.status).toBe(400);
    expect(calls()).toMatchObject({ openai: 0 });
  });
});

describe('team policy wins over request options', () => {
  it('allowlist: a provider outside it is refused with 403 naming the reason, and never called', async () => {
    const { openai, team } = await setup();
    await settings(team.id, { providerAllowlist: ['groq'] });
    const completion = await openai.chat.completions.create({ model: 'moonshotai/kimi-k2', messages: hi, ...gateway({ order: ['moonshotai'] }) });
    expect(completion.choices[0].message.content).toBe('Hello from groq!');
    const error = (await openai.chat.completions.create({ model: 'openai/gpt-4o', messages: hi }).catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(403);
    expect(error.message).toContain("not on the team's provider allowlist");
    expect(calls()).toMatchObject({ openai: 0, moonshotai: 0 });
  });

  it('zero data retention: non-ZDR providers are refused through Messages too, ZDR ones serve', async () => {
    const { anthropic, team } = await setup();
    await settings(team.id, { zeroDataRetention: true });
    const error = (await anthropic.messages.create({ model: 'openai/gpt-4o', max_tokens: 10, messages: hi }).catch((caught: unknown) => caught)) as InstanceType<
      typeof Anthropic.APIError
    >;
    expect(error.status).toBe(403);
    expect(error.message).toContain('zero data retention');
    expect(calls()).toMatchObject({ openai: 0 });
    const message = await anthropic.messages.create({ model: 'anthropic/claude-sonnet-4', max_tokens: 10, messages: hi });
    expect(message.content).toMatchObject([{ type: 'text', text: 'Hello from anthropic!' }]);
  });

  it('a request can ask for ZDR on its own, through Messages', async () => {
    const { anthropic } = await setup();
    const error = (await anthropic.messages
      .create({ model: 'moonshotai/kimi-k2', max_tokens: 10, messages: hi, ...gateway({ zeroDataRetention: true, only: ['moonshotai'] }) } as never)
      .catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
    expect(error.status).toBe(403);
    expect(calls()).toMatchObject({ moonshotai: 0 });
  });

  it('disallow prompt training follows the provider facts an admin edits', async () => {
    const { openai, team } = await setup();
    const edited = await fetch(`${gatehouse.url}/api/admin/providers/groq`, { method: 'PUT', headers: ADMIN, body: JSON.stringify({ trainsOnPrompts: true }) });
    expect(edited.status).toBe(200);
    try {
      await settings(team.id, { disallowPromptTraining: true });
      const completion = await openai.chat.completions.create({ model: 'moonshotai/kimi-k2', messages: hi, ...gateway({ order: ['groq', 'moonshotai'] }) });
      expect(completion.choices[0].message.content).toBe('Hello from moonshotai!');
      expect(calls()).toMatchObject({ groq: 0 });
    } finally {
      await fetch(`${gatehouse.url}/api/admin/providers/groq`, { method: 'PUT', headers: ADMIN, body: JSON.stringify({ trainsOnPrompts: false }) });
    }
  });

  it('default provider order applies when the request gives none', async () => {
    const { openai, team } = await setup();
    await settings(team.id, { defaultProviderOrder: ['groq'] });
    const completion = await openai.chat.completions.create({ model: 'moonshotai/kimi-k2', messages: hi });
    expect(completion.choices[0].message.content).toBe('Hello from groq!');
  });

  it('a BYOK key out of quota (429) falls back to the system key when the team allows it, and not when it does not', async () => {
    const { openai, team } = await setup();
    await fetch(`${gatehouse.url}/api/admin/teams/${team.id}/credentials`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ provider: 'openai', apiKey: 'sk-team-quota' }) });
    gatehouse.upstreams.openai.enqueue({ kind: 'error', status: 429 });
    const completion = await openai.chat.completions.create({ model: 'openai/gpt-4o', messages: hi });
    expect((await gatehouse.usage(completion.id)).attempts.map((attempt) => [attempt.credential, attempt.httpStatus ?? 200])).toEqual([
      ['byok', 429],
      ['system', 200],
    ]);
    await settings(team.id, { byokFallbackToSystem: false });
    gatehouse.upstreams.openai.enqueue({ kind: 'error', status: 429 });
    const error = (await openai.chat.completions.create({ model: 'openai/gpt-4o', messages: hi }).catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(429);
  });
});

describe('provider health', () => {
  it('is visible to admins', async () => {
    const response = await (await fetch(`${gatehouse.url}/api/admin/providers`, { headers: ADMIN })).json();
    expect(response.data.find((provider: { slug: string }) => provider.slug === 'openai')).toMatchObject({ systemCredentials: true, headquarters: 'US' });
    expect(response.health.length).toBeGreaterThan(0);
  });
});
