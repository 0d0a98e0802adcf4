import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPlan } from '@/db/queries/plans';
import { usageLogs } from '@/db/schema';
import type { CatalogModel } from '../../catalog/types';
import { getProvider, type ProviderDefinition } from '../../providers/registry';
import { addCredential } from '../credentials/add-credential';
import { setTeamPlan } from '../teams/set-team-plan';
import { updateTeamSettings } from '../teams/update-team-settings';
import { openTestServices, rejection, type TestServices } from '../test-services';
import { getTeamModel } from './get-team-model';
import { listTeamModels } from './list-team-models';
import type { CatalogDeps } from './team-availability';

const prices = { inputPrice: 1_000_000, outputPrice: 2_000_000, cacheReadPrice: null, cacheWritePrice: null };
const model = (id: string, providers: string[]): CatalogModel => ({
  id,
  name: id,
  creator: id.split('/')[0],
  kind: 'language',
  contextWindow: 128_000,
  maxOutputTokens: 16_000,
  capabilities: ['tool-use'],
  inputModalities: ['text'],
  releasedAt: null,
  offerings: providers.map((provider) => ({ provider, upstreamModelId: id.split('/')[1], ...prices })),
});
const catalog = [model('openai/gpt-4o', ['openai']), model('moonshotai/kimi-k2', ['groq', 'moonshotai'])];

let t: TestServices;
let deps: CatalogDeps;
beforeAll(async () => {
  t = await openTestServices();
  // System keys for OpenAI and Groq only.
  const configured = new Set(['openai', 'groq']);
  deps = {
    catalog: { list: async () => catalog, lookup: async (id) => catalog.find((entry) => entry.id === id) },
    systemConnection: (provider: ProviderDefinition) => ({ baseURL: provider.defaultBaseURL, apiKey: configured.has(provider.slug) ? 'sk' : undefined, configured: configured.has(provider.slug) }),
    providerFacts: (slug) => {
      const provider = getProvider(slug);
      return provider && { ...provider.facts, enabled: true };
    },
    plan: (id) => findPlan(t.db, id),
  };
});
afterAll(async () => t?.close());

const usable = async (ctx: TestServices['cli'], team: string) => {
  const models = await listTeamModels({ ctx, deps, input: { team } });
  return Object.fromEntries(models.flatMap((entry) => entry.offerings.map((offering) => [`${entry.id}@${offering.provider}`, offering.usable ? offering.credentials.join('+') : offering.blockedBy])));
};

describe('listTeamModels', () => {
  it('marks providers with system keys usable and the rest as missing credentials', async () => {
    const team = await t.team();
    const models = await listTeamModels({ ctx: team.viewer.ctx, deps, input: { team: team.slug } });
    expect(models.map((entry) => [entry.id, entry.usable])).toEqual([
      ['moonshotai/kimi-k2', true],
      ['openai/gpt-4o', true],
    ]);
    expect(models[0].offerings[1]).toMatchObject({ provider: 'moonshotai', providerName: 'Moonshot AI', usable: false, blockedBy: 'credentials', inputPrice: 1_000_000 });
    expect(models[0].offerings[1].reason).toMatch(/no credentials are configured for 'moonshotai'/);
  });

  it("follows the team's denylist, allowlist and zero data retention", async () => {
    const team = await t.team();
    await updateTeamSettings({ ctx: team.admin.ctx, input: { team: team.id, providerDenylist: ['groq'] } });
    expect(await usable(team.member.ctx, team.id)).toEqual({ 'moonshotai/kimi-k2@groq': 'policy', 'moonshotai/kimi-k2@moonshotai': 'credentials', 'openai/gpt-4o@openai': 'system' });
    await updateTeamSettings({ ctx: team.admin.ctx, input: { team: team.id, providerDenylist: [], providerAllowlist: ['groq'] } });
    expect(await usable(team.member.ctx, team.id)).toEqual({ 'moonshotai/kimi-k2@groq': 'system', 'moonshotai/kimi-k2@moonshotai': 'policy', 'openai/gpt-4o@openai': 'policy' });
    await updateTeamSettings({ ctx: team.admin.ctx, input: { team: team.id, providerAllowlist: null, zeroDataRetention: true } });
    // Groq has a ZDR agreement, OpenAI and Moonshot do not.
    expect(await usable(team.member.ctx, team.id)).toEqual({ 'moonshotai/kimi-k2@groq': 'system', 'moonshotai/kimi-k2@moonshotai': 'policy', 'openai/gpt-4o@openai': 'policy' });
  });

  it("marks models the team's model lists block, with the gateway's words", async () => {
    const team = await t.team();
    await updateTeamSettings({ ctx: team.admin.ctx, input: { team: team.id, modelAllowlist: ['moonshotai/*'] } });
    const models = await listTeamModels({ ctx: team.viewer.ctx, deps, input: { team: team.id } });
    expect(models.map((entry) => [entry.id, entry.usable, entry.blockedByModelList?.list ?? null])).toEqual([
      ['moonshotai/kimi-k2', true, null],
      ['openai/gpt-4o', false, 'allowlist'],
    ]);
    expect(models[1].blockedByModelList?.reason).toBe("model openai/gpt-4o is not in the team's model allowlist");
    expect(models[1].offerings[0]).toMatchObject({ usable: false, blockedBy: 'policy' });
    await updateTeamSettings({ ctx: team.admin.ctx, input: { team: team.id, modelAllowlist: [], modelDenylist: ['moonshotai/kimi-k2'] } });
    const after = await listTeamModels({ ctx: team.viewer.ctx, deps, input: { team: team.id } });
    expect(after.map((entry) => [entry.id, entry.blockedByModelList?.list ?? null])).toEqual([
      ['moonshotai/kimi-k2', 'denylist'],
      ['openai/gpt-4o', null],
    ]);
  });

  it("counts the team's own provider keys, unless the plan leaves BYOK out", async () => {
    const team = await t.team();
    await addCredential({ ctx: team.admin.ctx, input: { team: team.id, provider: 'moonshotai', apiKey: 'sk-moonshot-own' } });
    await addCredential({ ctx: team.admin.ctx, input: { team: team.id, provider: 'openai', apiKey: 'sk-openai-own' } });
    expect(await usable(team.viewer.ctx, team.id)).toEqual({ 'moonshotai/kimi-k2@groq': 'system', 'moonshotai/kimi-k2@moonshotai': 'byok', 'openai/gpt-4o@openai': 'byok+system' });
    await setTeamPlan({ ctx: t.cli, input: { team: team.id, plan: 'free' } });
    expect(await usable(team.viewer.ctx, team.id)).toEqual({ 'moonshotai/kimi-k2@groq': 'system', 'moonshotai/kimi-k2@moonshotai': 'plan', 'openai/gpt-4o@openai': 'system' });
  });

  it('is not found for someone outside the team', async () => {
    const team = await t.team();
    const outsider = await t.user();
    expect(await rejection(listTeamModels({ ctx: outsider.ctx, deps, input: { team: team.id } }))).toBe('not_found');
  });
});

describe('getTeamModel', () => {
  it("shows one model's providers with what this team observed over the last week", async () => {
    const team = await t.team();
    const now = new Date();
    await t.db.insert(usageLogs).values({
      generationId: 'gen_01JMODELSTATS0000000000001',
      teamId: team.id,
      requestedModel: 'moonshotai/kimi-k2',
      servedModel: 'moonshotai/kimi-k2',
      provider: 'groq',
      protocol: 'openai-chat',
      streamed: true,
      status: 'success',
      httpStatus: 200,
      outputTokens: 300,
      ttftMs: 150,
      latencyMs: 1_150,
      createdAt: new Date(now.getTime() - 3_600_000),
    });
    const found = await getTeamModel({ ctx: team.viewer.ctx, deps, input: { team: team.id, model: 'moonshotai/kimi-k2', now } });
    expect(found?.model.offerings.map((offering) => offering.provider)).toEqual(['groq', 'moonshotai']);
    expect(found?.observed).toEqual([{ provider: 'groq', requests: 1, ttftP50Ms: 150, tokensPerSecond: 300 }]);
    const other = await t.team();
    expect((await getTeamModel({ ctx: other.viewer.ctx, deps, input: { team: other.id, model: 'moonshotai/kimi-k2', now } }))?.observed).toEqual([]);
    expect(await getTeamModel({ ctx: team.viewer.ctx, deps, input: { team: team.id, model: 'nobody/nothing' } })).toBeUndefined();
  });
});
