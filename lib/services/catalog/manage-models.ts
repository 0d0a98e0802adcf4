import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { setOfferingPrice, upsertCustomModel } from '@/db/queries/catalog';
import { GatewayError } from '../../gateway/errors';
import { dollarsSchema } from '../../money';
import { getProvider } from '../../providers/registry';
import { actorName, requireInstanceAdmin, type ServiceContext } from '../context';

/** Prices in dollars per million tokens, as the catalog shows them; `unitPrice` in dollars per million `priceUnit`s (rerank: $2 per 1,000 searches = 2000). */
const priceFields = {
  inputPrice: dollarsSchema,
  outputPrice: dollarsSchema,
  cacheReadPrice: dollarsSchema.optional(),
  cacheWritePrice: dollarsSchema.optional(),
  /** Dollars per million units (images, characters, seconds, searches), like token prices: $0.04 an image is 40000. */
  unitPrice: dollarsSchema.optional(),
  priceUnit: z.enum(['image', 'character', 'second', 'search', 'request']).optional(),
};

const unitPriceGiven = (data: { unitPrice?: number; priceUnit?: string }) => (data.unitPrice === undefined) === (data.priceUnit === undefined);
const unitPriceMessage = { message: 'unitPrice and priceUnit go together', path: ['priceUnit'] };

export const addCustomModelInput = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'id must look like creator/model-name'),
  name: z.string().min(1).max(200).optional(),
  kind: z.enum(['language', 'embedding', 'rerank', 'image', 'speech', 'transcription']).default('language'),
  contextWindow: z.number().int().positive().optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  capabilities: z.array(z.enum(['tool-use', 'vision', 'reasoning', 'structured-output', 'implicit-caching', 'embeddings'])).default([]),
  provider: z.string().min(1),
  upstreamModelId: z.string().min(1),
  ...priceFields,
}).refine(unitPriceGiven, unitPriceMessage);

/** A model the catalog does not know (a fine-tune, a local model), served by one provider. */
export async function addCustomModel({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof addCustomModelInput> }) {
  requireInstanceAdmin(ctx);
  const data = addCustomModelInput.parse(input);
  if (!getProvider(data.provider)) throw new GatewayError('invalid_request', `Unknown provider '${data.provider}'.`, { param: 'provider' });
  await ctx.db.transaction(async (tx) => {
    await upsertCustomModel(tx, {
      model: {
        id: data.id,
        name: data.name ?? data.id,
        creator: data.id.split('/')[0],
        kind: data.kind,
        contextWindow: data.contextWindow ?? null,
        maxOutputTokens: data.maxOutputTokens ?? null,
        capabilities: data.capabilities,
      },
      offerings: [
        {
          provider: data.provider,
          upstreamModelId: data.upstreamModelId,
          inputPrice: data.inputPrice,
          outputPrice: data.outputPrice,
          cacheReadPrice: data.cacheReadPrice ?? null,
          cacheWritePrice: data.cacheWritePrice ?? null,
          unitPrice: data.unitPrice ?? null,
          priceUnit: data.priceUnit ?? null,
        },
      ],
    });
    await insertAuditEntry(tx, { actor: actorName(ctx.actor), action: 'model.upsert', target: data.id, data: { provider: data.provider } });
  });
  ctx.invalidate.catalog();
  return { id: data.id, provider: data.provider };
}

export const setModelPriceInput = z.object({
  modelId: z.string().min(1),
  provider: z.string().min(1),
  upstreamModelId: z.string().min(1).optional(),
  ...priceFields,
}).refine(unitPriceGiven, unitPriceMessage);

/** Overrides what a provider's offering of a model costs; survives catalog re-seeding. */
export async function setModelPrice({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof setModelPriceInput> }) {
  requireInstanceAdmin(ctx);
  const data = setModelPriceInput.parse(input);
  await ctx.db.transaction(async (tx) => {
    if (!(await setOfferingPrice(tx, data))) throw new GatewayError('not_found', `No offering of '${data.modelId}' by '${data.provider}'.`);
    await insertAuditEntry(tx, { actor: actorName(ctx.actor), action: 'model.price', target: `${data.modelId}@${data.provider}`, data: { inputPrice: data.inputPrice, outputPrice: data.outputPrice, unitPrice: data.unitPrice ?? null, priceUnit: data.priceUnit ?? null } });
  });
  ctx.invalidate.catalog();
  return { modelId: data.modelId, provider: data.provider, inputPrice: data.inputPrice, outputPrice: data.outputPrice, unitPrice: data.unitPrice ?? null, priceUnit: data.priceUnit ?? null };
}
