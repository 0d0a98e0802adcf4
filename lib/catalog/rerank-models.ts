import type { NewModel, NewOffering } from '@/db/queries/catalog';

/**
 * Rerank models, which models.dev does not list. Priced per search (Cohere: one query with up to
 * 100 documents, a long document counting once per 500-token chunk), $2.00 per 1,000 searches
 * as Cohere lists them; `unitPrice` is micro-dollars per million searches.
 */
const COHERE_RERANK_PER_MILLION_SEARCHES = 2_000 * 1_000_000;

const cohereRerank = [
  { id: 'rerank-v3.5', name: 'Rerank 3.5', releasedAt: '2024-12-02' },
  { id: 'rerank-english-v3.0', name: 'Rerank English 3.0', releasedAt: '2024-04-11' },
  { id: 'rerank-multilingual-v3.0', name: 'Rerank Multilingual 3.0', releasedAt: '2024-04-11' },
];

export function rerankSeed(): { models: NewModel[]; offerings: NewOffering[] } {
  return {
    models: cohereRerank.map((model) => ({
      id: `cohere/${model.id}`,
      name: model.name,
      creator: 'cohere',
      kind: 'rerank',
      // Query and document together; a longer document is split into chunks (and billed per chunk).
      contextWindow: 4_096,
      maxOutputTokens: null,
      capabilities: [],
      inputModalities: ['text'],
      releasedAt: model.releasedAt,
      source: 'catalog',
    })),
    offerings: cohereRerank.map((model) => ({
      modelId: `cohere/${model.id}`,
      provider: 'cohere',
      upstreamModelId: model.id,
      inputPrice: 0,
      outputPrice: 0,
      cacheReadPrice: null,
      cacheWritePrice: null,
      unitPrice: COHERE_RERANK_PER_MILLION_SEARCHES,
      priceUnit: 'search',
      source: 'catalog',
    })),
  };
}
