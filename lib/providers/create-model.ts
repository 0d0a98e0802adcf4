import { createAnthropic } from '@ai-sdk/anthropic';
import { createCohere } from '@ai-sdk/cohere';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { EmbeddingModelV4, LanguageModelV4, RerankingModelV4 } from '@ai-sdk/provider';
import { openAIApiFor, unstoredResponses } from './openai-api';
import type { ProviderDefinition } from './registry';

export type Connection = { baseURL: string; apiKey: string | undefined; fetch?: typeof globalThis.fetch };

/** What decides how a model is reached, besides its id: whether it reasons, and whether the client keeps reasoning. */
export type ModelTraits = { reasoning: boolean; clientKeepsReasoning: boolean };

/** The translation path's view of an upstream: an AI SDK language model for this connection. */
export function createLanguageModel(
  provider: ProviderDefinition,
  connection: Connection,
  upstreamModelId: string,
  traits: ModelTraits = { reasoning: false, clientKeepsReasoning: false },
): LanguageModelV4 {
  const common = { baseURL: connection.baseURL, apiKey: connection.apiKey ?? '', fetch: connection.fetch };
  switch (provider.api) {
    case 'openai':
      return openAIApiFor({ upstreamModelId, ...traits }) === 'responses'
        ? unstoredResponses(createOpenAI(common).responses(upstreamModelId))
        : createOpenAI(common).chat(upstreamModelId);
    case 'anthropic':
      return createAnthropic(common)(upstreamModelId);
    case 'google':
      return createGoogleGenerativeAI(common)(upstreamModelId);
    case 'openai-compatible':
      return createOpenAICompatible({ ...common, name: provider.slug, includeUsage: true }).chatModel(upstreamModelId);
    case 'cohere':
      return createCohere(common).languageModel(upstreamModelId);
  }
}

export function createEmbeddingModel(provider: ProviderDefinition, connection: Connection, upstreamModelId: string): EmbeddingModelV4 {
  const common = { baseURL: connection.baseURL, apiKey: connection.apiKey ?? '', fetch: connection.fetch };
  switch (provider.api) {
    case 'openai':
      return createOpenAI(common).embedding(upstreamModelId);
    case 'google':
      return createGoogleGenerativeAI(common).embedding(upstreamModelId);
    case 'openai-compatible':
      return createOpenAICompatible({ ...common, name: provider.slug }).embeddingModel(upstreamModelId);
    case 'cohere':
      return createCohere(common).embeddingModel(upstreamModelId);
    case 'anthropic':
      throw new Error('Anthropic serves no embedding models');
  }
}

/** A reranking model for this connection, or undefined when the provider's API has no rerank endpoint. */
export function createRerankingModel(provider: ProviderDefinition, connection: Connection, upstreamModelId: string): RerankingModelV4 | undefined {
  const common = { baseURL: connection.baseURL, apiKey: connection.apiKey ?? '', fetch: connection.fetch };
  switch (provider.api) {
    case 'cohere':
      return createCohere(common).rerankingModel(upstreamModelId);
    default:
      return undefined;
  }
}
