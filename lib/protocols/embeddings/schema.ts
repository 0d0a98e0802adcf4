import { z } from 'zod';
import { gatewayOptionsSchema } from '../shared/gateway-options';

export const embeddingsRequestSchema = z.looseObject({
  model: z.string({ error: 'you must provide a model parameter' }).min(1, 'you must provide a model parameter'),
  input: z.union([z.string(), z.array(z.string()).min(1).max(2048)], { error: 'input must be a string or an array of strings' }),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().positive().optional(),
  user: z.string().optional(),
  providerOptions: z.looseObject({ gateway: gatewayOptionsSchema }).optional(),
});

export type EmbeddingsRequest = z.infer<typeof embeddingsRequestSchema>;
