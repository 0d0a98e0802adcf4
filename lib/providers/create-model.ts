import type { EmbeddingModelV4, LanguageModelV4, RerankingModelV4 } from '@ai-sdk/provider';
import { openAIApiFor, unstoredResponses } from './openai-api';
import type { ProviderDefinition } from './registry';

/*
 * The AI SDK provider packages serve translated calls only, which a gateway in front of
 * providers that speak its clients' formats may never make. So each is imported on its first
 * use, not at start-up: loaded, the five held about 7 MB of resident memory (zod, which they
 * share with Gatehouse, not counted), a twentieth of a gateway's idle footprint. `import()`
 * keeps the module, so later calls wait for one settled promise.
 */

export type Connection = { baseURL: string; apiKey: string | undefined; fetch?: typeof globalThis.fetch };

/** What decides how a model is reached, besides its id: whether it reasons, and whether the client keeps reasoning. */
export type ModelTraits = { reasoning: boolean; clientKeepsReasoning: boolean };

/** The translation path's view of an upstream: an AI SDK language model for this connection. */
export async function createLanguageModel(
  provider: ProviderDefinition,
  connection: Connection,
  upstreamModelId: string,
  traits: ModelTraits = { reasoning: false, clientKeepsReasoning: false },
): Promise<LanguageModelV4> {
  const common = { baseURL: connection.baseURL, apiKey: connection.apiKey ?? '', fetch: connection.fetch };
  switch (provider.api) {
    case 'openai': {
      const { createOpenAI } = await import('@ai-sdk/openai');
      return openAIApiFor({ upstreamModelId, ...traits }) === 'responses'
        ? unstoredResponses(createOpenAI(common).responses(upstreamModelId))
        : createOpenAI(common).chat(upstreamModelId);
    }
    case 'anthropic':
      return (await import('@ai-sdk/anthropic')).createAnthropic(common)(upstreamModelId);
    case 'google':
      return (await import('@ai-sdk/google')).createGoogleGenerativeAI(common)(upstreamModelId);
    case 'openai-compatible':
      return (await import('@ai-sdk/openai-compatible')).createOpenAICompatible({ ...common, name: provider.slug, includeUsage: true }).chatModel(upstreamModelId);
    case 'cohere':
      return (await import('@ai-sdk/cohere')).createCohere(common).languageModel(upstreamModelId);
  }
}

export async function createEmbeddingModel(provider: ProviderDefinition, connection: Connection, upstreamModelId: string): Promise<EmbeddingModelV4> {
  const common = { baseURL: connection.baseURL, apiKey: connection.apiKey ?? '', fetch: connection.fetch };
  switch (provider.api) {
    case 'openai':
      return (await import('@ai-sdk/openai')).createOpenAI(common).embedding(upstreamModelId);
    case 'google':
      return (await import('@ai-sdk/google')).createGoogleGenerativeAI(common).embedding(upstreamModelId);
    case 'openai-compatible':
      return (await import('@ai-sdk/openai-compatible')).createOpenAICompatible({ ...common, name: provider.slug }).embeddingModel(upstreamModelId);
    case 'cohere':
      return (await import('@ai-sdk/cohere')).createCohere(common).embeddingModel(upstreamModelId);
    case 'anthropic':
      throw new Error('Anthropic serves no embedding models');
  }
}

/** A reranking model for this connection, or undefined when the provider's API has no rerank endpoint. */
export async function createRerankingModel(provider: ProviderDefinition, connection: Connection, upstreamModelId: string): Promise<RerankingModelV4 | undefined> {
  const common = { baseURL: connection.baseURL, apiKey: connection.apiKey ?? '', fetch: connection.fetch };
  switch (provider.api) {
    case 'cohere':
      return (await import('@ai-sdk/cohere')).createCohere(common).rerankingModel(upstreamModelId);
    default:
      return undefined;
  }
}
