import Anthropic from '@anthropic-ai/sdk';
import { createGateway, GatewayForbiddenError } from '@ai-sdk/gateway';
import { embed, generateText } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setApiKeyModels } from '@/lib/services/keys/set-api-key-models';
import { updateTeamSettings } from '@/lib/services/teams/update-team-settings';
import { startGatehouse, type Gatehouse } from '../harness';

// Model allow/deny lists (team and key) refuse a blocked model on every door with a 403 in the
// door's own envelope that names the rule, skip blocked fallbacks and filter /v1/models.

let gatehouse: Gatehouse;

beforeAll(async () => {
  gatehouse = await startGatehouse();
});
afterAll(async () => gatehouse?.close());
beforeEach(() => gatehouse.resetUpstreams());

const openai = (key: string) => new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: key, maxRetries: 0 });
const anthropic = (key: string) => new Anthropic({ baseURL: gatehouse.url, apiKey: key, maxRetries: 0 });
const hi = [{ role: 'user' as const, content: 'Hi' }];
const TEAM_RULE = "model openai/gpt-4o is not in the team's model allowlist";

async function teamAllowingAnthropic() {
  const team = await gatehouse.team();
  await updateTeamSettings({ ctx: gatehouse.ctx, input: { team: team.id, modelAllowlist: ['anthropic/*', 'openai/text-embedding-3-small'] } });
  return team;
}

describe('a team model allowlist with a prefix pattern', () => {
  it('refuses a model outside it on the OpenAI doors with 403 permission_denied naming the rule, and serves one inside it', async () => {
    const team = await teamAllowingAnthropic();
    const client = openai(team.key);
    const chat = await client.chat.completions.create({ model: 'openai/gpt-4o', messages: hi }).catch((error: unknown) => error);
    expect(chat).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(chat).toMatchObject({ status: 403, type: 'permission_error', param: 'model' });
    expect((chat as Error).message).toContain(TEAM_RULE);

    const responses = await client.responses.create({ model: 'openai/gpt-4o', input: 'Hi' }).catch((error: unknown) => error);
    expect(responses).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((responses as Error).message).toContain(TEAM_RULE);

    const served = await client.chat.completions.create({ model: 'anthropic/claude-sonnet-4', messages: hi });
    expect(served.choices[0].message.content).toBe('Hello from anthropic!');
    expect(gatehouse.upstreams.openai.calls).toHaveLength(0);
  });

  it('refuses it on the Anthropic doors (messages and count_tokens) with permission_error', async () => {
    const team = await teamAllowingAnthropic();
    const client = anthropic(team.key);
    const refused = await client.messages.create({ model: 'openai/gpt-4o', max_tokens: 10, messages: hi }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect((refused as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'permission_error' } });
    expect((refused as Error).message).toContain(TEAM_RULE);
    const counted = await client.messages.countTokens({ model: 'openai/gpt-4o', messages: hi }).catch((error: unknown) => error);
    expect(counted).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect((counted as Error).message).toContain(TEAM_RULE);
    expect((await client.messages.countTokens({ model: 'anthropic/claude-sonnet-4', messages: hi })).input_tokens).toBeGreaterThan(0);
  });

  it('refuses it through the AI SDK (GatewayForbiddenError) and on /v1/embeddings', async () => {
    const team = await teamAllowingAnthropic();
    const gateway = createGateway({ baseURL: `${gatehouse.url}/v4/ai`, apiKey: team.key });
    const failure = await generateText({ model: gateway('openai/gpt-4o'), prompt: 'Hi', maxRetries: 0 }).catch((error: unknown) => error);
    expect(GatewayForbiddenError.isInstance(failure)).toBe(true);
    expect(failure).toMatchObject({ statusCode: 403 });
    expect((failure as Error).message).toContain(TEAM_RULE);

    // The embedding model is allowed by its exact id; a sibling is not.
    expect((await embed({ model: gateway.embeddingModel('openai/text-embedding-3-small'), value: 'x', maxRetries: 0 })).embedding.length).toBeGreaterThan(0);
    const embedding = await openai(team.key).embeddings.create({ model: 'openai/text-embedding-3-large', input: 'x' }).catch((error: unknown) => error);
    expect(embedding).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((embedding as Error).message).toContain("model openai/text-embedding-3-large is not in the team's model allowlist");
  });

  it('lists only allowed models on /v1/models and in getAvailableModels()', async () => {
    const team = await teamAllowingAnthropic();
    const listed = (await openai(team.key).models.list()).data.map((model) => model.id);
    expect(listed).toContain('anthropic/claude-sonnet-4');
    expect(listed.every((id) => id.startsWith('anthropic/') || id === 'openai/text-embedding-3-small')).toBe(true);
    const { models } = await createGateway({ baseURL: `${gatehouse.url}/v4/ai`, apiKey: team.key }).getAvailableModels();
    expect(models.map((model) => model.id)).not.toContain('openai/gpt-4o');
  });

  it('skips a blocked fallback and a blocked requested model when an allowed fallback remains', async () => {
    const team = await teamAllowingAnthropic();
    const client = openai(team.key);
    const viaFallback = await client.chat.completions
      .create({ model: 'openai/gpt-4o', messages: hi, providerOptions: { gateway: { models: ['anthropic/claude-sonnet-4'] } } } as never)
      .withResponse();
    expect(viaFallback.response.headers.get('x-gatehouse-model')).toBe('anthropic/claude-sonnet-4');
    expect(viaFallback.response.headers.get('x-gatehouse-attempts')).not.toContain('openai/gpt-4o');
    expect(gatehouse.upstreams.openai.calls).toHaveLength(0);
  });
});

describe('a team denylist and per-key lists', () => {
  it('a denylist entry wins over the allowlist; a key narrows its team, and another key of the team is unaffected', async () => {
    const team = await gatehouse.team();
    await updateTeamSettings({ ctx: gatehouse.ctx, input: { team: team.id, modelDenylist: ['anthropic/claude-opus-4'] } });
    const denied = await anthropic(team.key).messages.create({ model: 'anthropic/claude-opus-4', max_tokens: 10, messages: hi }).catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect((denied as Error).message).toContain("model anthropic/claude-opus-4 is on the team's model denylist (anthropic/claude-opus-4)");

    const { createApiKey } = await import('@/lib/services/keys/create-api-key');
    const narrow = await createApiKey({ ctx: gatehouse.ctx, input: { team: team.id, name: 'narrow' } });
    await setApiKeyModels({ ctx: gatehouse.ctx, input: { keyId: narrow.id, allow: ['anthropic/claude-sonnet-4'], deny: [] } });
    const refused = await openai(narrow.key).chat.completions.create({ model: 'openai/gpt-4o', messages: hi }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 403 });
    expect((refused as Error).message).toContain("model openai/gpt-4o is not in this key's model allowlist");
    expect((await openai(narrow.key).chat.completions.create({ model: 'anthropic/claude-sonnet-4', messages: hi })).choices).toHaveLength(1);
    expect((await openai(narrow.key).models.list()).data.map((model) => model.id)).toEqual(['anthropic/claude-sonnet-4']);
    // The team's own key keeps the team's policy.
    expect((await openai(team.key).chat.completions.create({ model: 'openai/gpt-4o', messages: hi })).choices).toHaveLength(1);

    await setApiKeyModels({ ctx: gatehouse.ctx, input: { keyId: narrow.id, deny: ['anthropic/*'] } });
    const prefixDenied = await openai(narrow.key).chat.completions.create({ model: 'anthropic/claude-sonnet-4', messages: hi }).catch((error: unknown) => error);
    expect((prefixDenied as Error).message).toContain("model anthropic/claude-sonnet-4 is on this key's model denylist (anthropic/*)");
  });

  it('refuses malformed patterns and keys of other teams', async () => {
    const team = await gatehouse.team();
    const other = await gatehouse.team();
    await expect(setApiKeyModels({ ctx: gatehouse.ctx, input: { keyId: team.keyId, allow: ['anthropic/**'] } })).rejects.toThrow();
    await expect(updateTeamSettings({ ctx: gatehouse.ctx, input: { team: team.id, modelDenylist: ['a b'] } })).rejects.toThrow();
    const response = await fetch(`${gatehouse.url}/api/admin/keys/${other.keyId}/models`, {
      method: 'PUT',
      headers: { authorization: 'Bearer admin-token-for-tests-0123456789', 'content-type': 'application/json' },
      body: JSON.stringify({ allow: ['openai/*'], deny: ['openai/gpt-4o'] }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: other.keyId, allow: ['openai/*'], deny: ['openai/gpt-4o'] });
    const blocked = await openai(other.key).chat.completions.create({ model: 'openai/gpt-4o', messages: hi }).catch((error: unknown) => error);
    expect((blocked as Error).message).toContain("model openai/gpt-4o is on this key's model denylist");
  });
});
