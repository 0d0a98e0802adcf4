import { z } from 'zod';
import { gatewayOptionsSchema } from '../shared/gateway-options';

/**
 * The most dimensions an embedding request may ask for. The largest models offered today return
 * 4,096 (OpenAI's 3,072); without a bound, `dimensions: 2080525140` went to the upstream as it was,
 * and the fuzz suite's fake upstream died building a vector that long.
 */
export const MAX_EMBEDDING_DIMENSIONS = 16_384;

/** `dimensions`, as the OpenAI door and the AI SDK's embedding door both take it. */
export const embeddingDimensionsSchema = z.number().int().positive().max(MAX_EMBEDDING_DIMENSIONS, `dimensions must be at most ${MAX_EMBEDDING_DIMENSIONS}`);

export const embeddingsRequestSchema = z.looseObject({
  model: z.string({ error: 'you must provide a model parameter' }).min(1, 'you must provide a model parameter'),
  input: z.union([z.string(), z.array(z.string()).min(1).max(2048)], { error: 'input must be a string or an array of strings' }),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: embeddingDimensionsSchema.optional(),
  user: z.string().optional(),
  providerOptions: z.looseObject({ gateway: gatewayOptionsSchema }).optional(),
});

export type EmbeddingsRequest = z.infer<typeof embeddingsRequestSchema>;
