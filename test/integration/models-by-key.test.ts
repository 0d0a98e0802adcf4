import { createGateway } from '@ai-sdk/gateway';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateTeamSettings } from '@/lib/services/teams/update-team-settings';
import { startGatehouse, type Gatehouse } from '../harness';

// The model list a key sees is what its team may use; anonymous listing keeps the whole catalog.

let gatehouse: Gatehouse;

beforeAll(async () => {
  gatehouse = await startGatehouse();
});
afterAll(async () => gatehouse?.close());

const client = (key: string) => new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: key, maxRetries: 0 });
const ids = async (key: string) => (await client(key).models.list()).data.map((model) => model.id);
const offeringsOf = (model: unknown) => (model as { providers: Array<{ provider: string; available: boolean }> }).providers;

describe('model listing by key', () => {
  it('openai.models.list() shows only models the team’s allowlist can route, and only those providers as available', async () => {
    const team = await gatehouse.team();
    const before = await ids(team.key);
    expect(before).toEqual(expect.arrayContaining(['openai/gpt-4o', 'anthropic/claude-sonnet-4']));
    await updateTeamSettings({ ctx: gatehouse.ctx, input: { team: team.id, providerAllowlist: ['anthropic'] } });

    const page = await client(team.key).models.list();
    const listed = page.data.map((model) => model.id);
    expect(listed).toContain('anthropic/claude-sonnet-4');
    expect(listed).not.toContain('openai/gpt-4o');
    expect(listed.length).toBeLessThan(before.length);
    for (const model of page.data) expect(offeringsOf(model).filter((offering) => offering.available).map((offering) => offering.provider)).toEqual(['anthropic']);
    await expect(client(team.key).models.retrieve('openai/gpt-4o')).rejects.toMatchObject({ status: 404 });
  });

  it('a ZDR team sees only models a ZDR provider serves, through the AI SDK’s getAvailableModels() too', async () => {
    const team = await gatehouse.team();
    await updateTeamSettings({ ctx: gatehouse.ctx, input: { team: team.id, zeroDataRetention: true } });
    const listed = await ids(team.key);
    expect(listed).toContain('anthropic/claude-sonnet-4');
    expect(listed).not.toContain('openai/gpt-4o');

    const gateway = createGateway({ baseURL: `${gatehouse.url}/v4/ai`, apiKey: team.key });
    const { models } = await gateway.getAvailableModels();
    const sdkIds = models.map((model) => model.id);
    expect(sdkIds).toContain('anthropic/claude-sonnet-4');
    expect(sdkIds).not.toContain('openai/gpt-4o');
  });

  it('without a key (or with a placeholder one) the whole catalog is listed, as before', async () => {
    const anonymous = await (await fetch(`${gatehouse.url}/v1/models`)).json();
    expect(anonymous.data.map((model: { id: string }) => model.id)).toContain('openai/gpt-4o');
    expect(await ids('unused')).toEqual(anonymous.data.map((model: { id: string }) => model.id));
  });
});
