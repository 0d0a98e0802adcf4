import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { usageLogs } from '@/db/schema';
import { updateApiKey } from '@/lib/services/keys/update-api-key';
import { updateTeamSettings } from '@/lib/services/teams/update-team-settings';
import { fakeTokenCount } from '../fake-upstream/anthropic';
import { startGatehouse, type Gatehouse } from '../harness';

// POST /v1/messages/count_tokens through the official Anthropic client.

let gatehouse: Gatehouse;
let team: Awaited<ReturnType<Gatehouse['team']>>;
let anthropic: Anthropic;

beforeAll(async () => {
  gatehouse = await startGatehouse();
  team = await gatehouse.team();
  anthropic = new Anthropic({ baseURL: gatehouse.url, apiKey: team.key, maxRetries: 0 });
});
afterAll(async () => gatehouse?.close());
beforeEach(() => gatehouse.resetUpstreams());

const params = {
  system: 'Be brief.',
  messages: [{ role: 'user' as const, content: 'How many tokens is this?' }],
  tools: [{ name: 'lookup', description: 'Looks up', input_schema: { type: 'object' as const, properties: { q: { type: 'string' } } } }],
};

describe('POST /v1/messages/count_tokens', () => {
  it('passes through to Anthropic for an Anthropic model: its exact count, its wire format, nothing billed', async () => {
    const balance = await gatehouse.balance(team.id);
    const { data, response } = await anthropic.messages.countTokens({ model: 'anthropic/claude-sonnet-4', ...params }).withResponse();
    expect(data).toEqual({ input_tokens: fakeTokenCount(params) });
    expect(response.headers.get('x-gatehouse-token-count')).toBe('exact');
    const [call] = gatehouse.upstreams.anthropic.calls;
    expect(call.path).toBe('/v1/messages/count_tokens');
    expect(call.body.model).not.toBe('anthropic/claude-sonnet-4');
    expect(Object.keys(call.body).sort()).toEqual(['messages', 'model', 'system', 'tools']);
    expect(await gatehouse.balance(team.id)).toBe(balance);
    expect(await gatehouse.db.select().from(usageLogs)).toHaveLength(0);
  });

  it('estimates for other models, marked as an estimate, in Anthropic’s shape', async () => {
    const { data, response } = await anthropic.messages.countTokens({ model: 'openai/gpt-4o', ...params }).withResponse();
    expect(response.headers.get('x-gatehouse-token-count')).toBe('estimate');
    expect(Object.keys(data)).toEqual(['input_tokens']);
    expect(data.input_tokens).toBeGreaterThan(0);
    expect(data.input_tokens).not.toBe(fakeTokenCount(params));
    expect(gatehouse.upstreams.openai.calls).toHaveLength(0);
  });

  it('is authenticated, validated and policy-checked, in Anthropic’s error envelope', async () => {
    const stranger = new Anthropic({ baseURL: gatehouse.url, apiKey: 'gh_nope', maxRetries: 0 });
    await expect(stranger.messages.countTokens({ model: 'anthropic/claude-sonnet-4', ...params })).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
    await expect(anthropic.messages.countTokens({ model: 'anthropic/claude-sonnet-4', messages: 'hi' } as never)).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    await expect(anthropic.messages.countTokens({ model: 'nobody/nothing', ...params })).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    const denied = await gatehouse.team();
    await updateTeamSettings({ ctx: gatehouse.ctx, input: { team: denied.id, providerDenylist: ['anthropic'] } });
    const client = new Anthropic({ baseURL: gatehouse.url, apiKey: denied.key, maxRetries: 0 });
    await expect(client.messages.countTokens({ model: 'anthropic/claude-sonnet-4', ...params })).rejects.toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect(gatehouse.upstreams.anthropic.calls).toHaveLength(0);
  });

  it('counts against the key’s request rate limit: past it, a 429 with retry-after', async () => {
    const limited = await gatehouse.team();
    await updateApiKey({ ctx: gatehouse.ctx, input: { keyId: limited.keyId, requestsPerMinute: 2 } });
    const client = new Anthropic({ baseURL: gatehouse.url, apiKey: limited.key, maxRetries: 0 });
    for (let index = 0; index < 2; index++) await client.messages.countTokens({ model: 'openai/gpt-4o', ...params });
    const refused = await client.messages.countTokens({ model: 'openai/gpt-4o', ...params }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Anthropic.RateLimitError);
    expect(Number((refused as InstanceType<typeof Anthropic.RateLimitError>).headers?.get('retry-after'))).toBeGreaterThan(0);
  });
});
