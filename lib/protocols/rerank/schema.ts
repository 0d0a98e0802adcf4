import { z } from 'zod';
import { gatewayOptionsSchema } from '../shared/gateway-options';
import { rerankLimits } from '../shared/rerank';

/** Cohere's v1 shape: a document is a string or an object whose `text` is ranked. */
const document = z.union([z.string(), z.looseObject({ text: z.string() })], { error: 'each document must be a string or an object with a text string' });

/**
 * `POST /v1/rerank` in the Cohere-compatible shape rerank clients send (Cohere's v1/v2 SDKs,
 * LangChain, LlamaIndex, LiteLLM): `{ model, query, documents, top_n, return_documents }`.
 * `max_tokens_per_doc` is Cohere's and reaches Cohere upstreams; other Cohere v1 fields
 * (`rank_fields`, `max_chunks_per_doc`) are accepted and ignored.
 */
export const rerankRequestSchema = z.looseObject({
  model: z.string({ error: 'you must provide a model parameter' }).min(1, 'you must provide a model parameter'),
  query: z.string({ error: 'query must be a string' }).min(1, 'query must not be empty').max(rerankLimits.maxQueryChars),
  documents: z
    .array(document, { error: 'documents must be an array of strings or {text} objects' })
    .min(1, 'documents must not be empty')
    .max(rerankLimits.maxDocuments, `at most ${rerankLimits.maxDocuments} documents per call`),
  top_n: z.number().int().positive().optional(),
  return_documents: z.boolean().optional(),
  max_tokens_per_doc: z.number().int().positive().max(32_768).optional(),
  user: z.string().optional(),
  providerOptions: z.looseObject({ gateway: gatewayOptionsSchema }).optional(),
});

export type RerankRequest = z.infer<typeof rerankRequestSchema>;
