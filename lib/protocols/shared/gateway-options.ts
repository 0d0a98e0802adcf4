import { z } from 'zod';
import { urlShapeProblem } from '../../net/outbound-url';

const providerSlug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a provider slug like "openai"');
const providerList = z.array(providerSlug).max(32);

export const capabilityNames = ['tool-use', 'vision', 'reasoning', 'structured-output', 'implicit-caching'] as const;

const requestCredential = z.strictObject({
  apiKey: z.string().min(1).max(4096),
  /** Reached only through the guarded team network (lib/net), which judges the address. */
  baseURL: z
    .string()
    .url()
    .superRefine((url, check) => {
      const problem = urlShapeProblem(url);
      if (problem) check.addIssue({ code: 'custom', message: `the base URL ${problem}` });
    })
    .optional(),
  modelMappings: z.record(z.string(), z.string()).optional(),
});

/**
 * `providerOptions.gateway`: the same routing options in every front door, with the
 * semantics of the hosted gateways. Unknown keys and malformed values are a 400.
 */
export const gatewayOptionsSchema = z
  .strictObject({
    /** Providers to try first, in this order. */
    order: providerList.optional(),
    /** Never route to any other provider. */
    only: providerList.optional(),
    /** Order the remaining providers by catalog price, observed time to first token, or observed throughput. */
    sort: z.enum(['cost', 'ttft', 'tps']).optional(),
    /** Fallback models, tried in order after every provider of the requested model. */
    models: z.array(z.string().min(1)).max(16).optional(),
    user: z.string().max(256).optional(),
    tags: z.array(z.string().min(1).max(128)).max(32).optional(),
    /** Request-scoped credentials per provider, tried in order before the team's and the system's. */
    byok: z.record(providerSlug, z.array(requestCredential).min(1).max(8)).optional(),
    zeroDataRetention: z.boolean().optional(),
    disallowPromptTraining: z.boolean().optional(),
    /** ISO 3166 alpha-2 codes; `!XX` excludes. */
    headquarters: z.array(z.string().regex(/^!?[A-Za-z]{2}$/, 'must be an ISO country code like "US" or "!CN"')).max(32).optional(),
    /** Capabilities the model must have. */
    has: z.array(z.enum(capabilityNames)).max(8).optional(),
    /** Per provider: milliseconds to wait for the first byte before moving on. */
    providerTimeouts: z.record(providerSlug, z.number().int().min(100).max(600_000)).optional(),
    quotaEntityId: z.string().min(1).max(256).optional(),
  })
  .optional();

export type GatewayOptionsInput = NonNullable<z.infer<typeof gatewayOptionsSchema>>;
