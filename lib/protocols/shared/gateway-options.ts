import { z } from 'zod';
import { urlShapeProblem } from '../../net/outbound-url';

const providerSlug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a provider slug like "openai"');
const providerList = z.array(providerSlug).max(32);

export const capabilityNames = ['tool-use', 'vision', 'reasoning', 'structured-output', 'implicit-caching'] as const;

/** `quantization:<format>` requires the weight format; `!quantization:<format>` excludes it (the SDK type's grammar). */
const quantizationCondition = /^(!?)quantization:([a-zA-Z0-9._-]{1,32})$/;

export const cachingModes = ['auto', 'off'] as const;
export type CachingMode = (typeof cachingModes)[number];

export const serviceTiers = ['flex', 'priority'] as const;
export type ServiceTier = (typeof serviceTiers)[number];

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

const timeoutMs = z.number().int().min(100).max(600_000);
const timeoutsByProvider = z.record(providerSlug, timeoutMs);

/**
 * Today's flat `{ openai: 5000 }` (every credential of the provider) and the AI SDK's
 * `{ byok: { openai: 5000 } }` (BYOK credentials only), alone or together.
 */
const providerTimeouts = z
  .record(providerSlug, z.union([timeoutMs, timeoutsByProvider]))
  .superRefine((value, check) => {
    for (const [key, entry] of Object.entries(value)) {
      if (key !== 'byok' && typeof entry !== 'number') check.addIssue({ code: 'custom', path: [key], message: 'must be a number of milliseconds' });
      if (key === 'byok' && typeof entry === 'number') check.addIssue({ code: 'custom', path: [key], message: 'must map provider slugs to milliseconds' });
    }
  });

const hasEntry = z.union([
  z.enum(capabilityNames),
  z.string().regex(quantizationCondition, 'must be a capability (tool-use, vision, reasoning, structured-output, implicit-caching) or "quantization:<format>" / "!quantization:<format>"'),
]);

const knownShape = {
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
  /** Capabilities the model must have, and weight-format conditions on the serving provider. */
  has: z.array(hasEntry).max(16).optional(),
  /** Per provider: milliseconds to wait for the first byte before moving on. */
  providerTimeouts: providerTimeouts.optional(),
  quotaEntityId: z.string().min(1).max(256).optional(),
  /** Sent to providers that have tiers (OpenAI, Anthropic `priority`); reported as ignored elsewhere. */
  serviceTier: z.enum(serviceTiers).optional(),
  /**
   * `auto`: Gatehouse places Anthropic `cache_control` breakpoints (see lib/gateway/prompt-caching.ts);
   * `off` (Gatehouse's own value) overrides a team that caches by default. Other doors may send the
   * `x-gatehouse-caching` header instead.
   */
  caching: z.enum(cachingModes).optional(),
  /** The SDK's meaning is batch-only (`experimental_startBatch`); Gatehouse has no batch API, so model calls accept and ignore it. */
  idempotencyKey: z.string().min(1).max(256).optional(),
  /** Image models only, and the SDK removes it before sending; accepted for completeness. */
  experimental_streamingImageDecoding: z.boolean().optional(),
};

type KnownOptions = z.infer<z.ZodObject<typeof knownShape>>;

/** What the pipeline reads: the flat timeouts split by which credentials they govern. */
export type GatewayOptionsInput = Omit<KnownOptions, 'providerTimeouts' | 'has'> & {
  /** Every credential of the provider. */
  providerTimeouts?: Record<string, number>;
  /** BYOK credentials of the provider (the AI SDK's `providerTimeouts.byok`); wins over the flat value for them. */
  byokProviderTimeouts?: Record<string, number>;
  /** Capability tags only; quantization conditions are split out. */
  has?: Array<(typeof capabilityNames)[number]>;
  /** Weight formats the serving offering must report (lower case). */
  quantization?: string[];
  /** Weight formats the serving offering must not report (lower case); unknown formats pass. */
  excludedQuantization?: string[];
  /** Keys Gatehouse does not know, sanitised: accepted, ignored, named in `x-gatehouse-ignored-options`. */
  ignored?: string[];
};

const knownKeys = new Set(Object.keys(knownShape));
const maxIgnoredKeys = 16;

/** A header-safe, bounded form of a key the client chose. */
const sanitiseKey = (key: string) => key.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64) || '_';

function normalise(value: KnownOptions & Record<string, unknown>): GatewayOptionsInput {
  const out: Record<string, unknown> = {};
  const ignored: string[] = [];
  for (const key of Object.keys(value)) {
    if (knownKeys.has(key)) out[key] = value[key];
    else if (ignored.length < maxIgnoredKeys) ignored.push(sanitiseKey(key));
  }
  if (ignored.length > 0) out.ignored = ignored;
  if (value.providerTimeouts) {
    const { byok, ...flat } = value.providerTimeouts as Record<string, number | Record<string, number>>;
    delete out.providerTimeouts;
    if (Object.keys(flat).length > 0) out.providerTimeouts = flat;
    if (byok && typeof byok === 'object') out.byokProviderTimeouts = byok;
  }
  if (value.has) {
    const capabilities: string[] = [];
    const required: string[] = [];
    const excluded: string[] = [];
    for (const entry of value.has) {
      const match = quantizationCondition.exec(entry);
      if (!match) capabilities.push(entry);
      else (match[1] ? excluded : required).push(match[2]!.toLowerCase());
    }
    out.has = capabilities;
    if (required.length > 0) out.quantization = required;
    if (excluded.length > 0) out.excludedQuantization = excluded;
  }
  return out as GatewayOptionsInput;
}

/**
 * `providerOptions.gateway`: the same routing options in every front door, with the
 * semantics of the hosted gateways. The SDK lets the service add options without a release,
 * so unknown keys are accepted and reported as ignored; malformed values of known keys are a 400.
 */
export const gatewayOptionsSchema = z.looseObject(knownShape).transform(normalise).optional();
