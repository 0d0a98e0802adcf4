import { and, asc, eq, sql } from 'drizzle-orm';
import type { ProviderDefinition } from '@/lib/providers/registry';
import type { Db, DbOrTx } from '../client';
import { modelOfferings, models, providerFacts, type PriceUnit } from '../schema';

export type NewModel = typeof models.$inferInsert;
export type NewOffering = typeof modelOfferings.$inferInsert;

/** Keeps each statement's parameter count well under PostgreSQL's limit. */
const batchSize = 200;

const batches = <T>(rows: T[]) => Array.from({ length: Math.ceil(rows.length / batchSize) }, (_, index) => rows.slice(index * batchSize, (index + 1) * batchSize));

/**
 * Upserts the seeded catalog in one transaction, so running it again changes nothing.
 * Only rows whose source is 'catalog' are updated: a model an admin added ('custom') or
 * an offering an admin priced ('admin') keeps its values.
 */
export async function seedCatalog(db: Db, data: { models: NewModel[]; offerings: NewOffering[] }) {
  await db.transaction(async (tx) => {
    for (const rows of batches(data.models)) {
      await tx
        .insert(models)
        .values(rows.map((row) => ({ ...row, source: 'catalog' })))
        .onConflictDoUpdate({
          target: models.id,
          set: {
            name: sql`excluded.name`,
            creator: sql`excluded.creator`,
            kind: sql`excluded.kind`,
            contextWindow: sql`excluded.context_window`,
            maxOutputTokens: sql`excluded.max_output_tokens`,
            capabilities: sql`excluded.capabilities`,
            inputModalities: sql`excluded.input_modalities`,
            releasedAt: sql`excluded.released_at`,
            updatedAt: sql`now()`,
          },
          setWhere: eq(models.source, 'catalog'),
        });
    }
    for (const rows of batches(data.offerings)) {
      await tx
        .insert(modelOfferings)
        .values(rows.map((row) => ({ ...row, source: 'catalog' })))
        .onConflictDoUpdate({
          target: [modelOfferings.modelId, modelOfferings.provider],
          set: {
            upstreamModelId: sql`excluded.upstream_model_id`,
            inputPrice: sql`excluded.input_price`,
            outputPrice: sql`excluded.output_price`,
            cacheReadPrice: sql`excluded.cache_read_price`,
            cacheWritePrice: sql`excluded.cache_write_price`,
            unitPrice: sql`excluded.unit_price`,
            priceUnit: sql`excluded.price_unit`,
            updatedAt: sql`now()`,
          },
          setWhere: eq(modelOfferings.source, 'catalog'),
        });
    }
  });
}

/** Each provider's default facts; rows that exist (perhaps edited by an admin) are left alone. */
export async function seedProviderFacts(db: DbOrTx, definitions: ProviderDefinition[]) {
  if (definitions.length === 0) return;
  await db
    .insert(providerFacts)
    .values(definitions.map((provider) => ({ slug: provider.slug, ...provider.facts })))
    .onConflictDoNothing();
}

export async function listProviderFacts(db: DbOrTx) {
  return db
    .select({
      slug: providerFacts.slug,
      zeroDataRetention: providerFacts.zeroDataRetention,
      trainsOnPrompts: providerFacts.trainsOnPrompts,
      headquarters: providerFacts.headquarters,
      enabled: providerFacts.enabled,
      updatedAt: providerFacts.updatedAt,
    })
    .from(providerFacts)
    .orderBy(asc(providerFacts.slug));
}

/**
 * Every enabled model with its enabled offerings, the creator's own first and then the
 * cheapest: the default order in which providers are tried.
 */
export async function listCatalog(db: DbOrTx) {
  const modelRows = await db
    .select({
      id: models.id,
      name: models.name,
      creator: models.creator,
      kind: models.kind,
      contextWindow: models.contextWindow,
      maxOutputTokens: models.maxOutputTokens,
      capabilities: models.capabilities,
      inputModalities: models.inputModalities,
      releasedAt: models.releasedAt,
      source: models.source,
    })
    .from(models)
    .where(eq(models.enabled, true))
    .orderBy(asc(models.id));
  const offeringRows = await db
    .select({
      modelId: modelOfferings.modelId,
      provider: modelOfferings.provider,
      upstreamModelId: modelOfferings.upstreamModelId,
      inputPrice: modelOfferings.inputPrice,
      outputPrice: modelOfferings.outputPrice,
      cacheReadPrice: modelOfferings.cacheReadPrice,
      cacheWritePrice: modelOfferings.cacheWritePrice,
      unitPrice: modelOfferings.unitPrice,
      priceUnit: modelOfferings.priceUnit,
      quantization: modelOfferings.quantization,
      source: modelOfferings.source,
    })
    .from(modelOfferings)
    .where(eq(modelOfferings.enabled, true))
    .orderBy(asc(sql`${modelOfferings.inputPrice} + ${modelOfferings.outputPrice}`), asc(modelOfferings.provider));
  const byModel = new Map<string, typeof offeringRows>();
  for (const offering of offeringRows) {
    const list = byModel.get(offering.modelId) ?? [];
    list.push(offering);
    byModel.set(offering.modelId, list);
  }
  return modelRows.map((model) => {
    const offerings = byModel.get(model.id) ?? [];
    // Stable sort: the creator's own offering moves first, the rest stay cheapest first.
    offerings.sort((a, b) => Number(b.provider === model.creator) - Number(a.provider === model.creator));
    return { ...model, offerings };
  });
}

/** An admin's model and its offerings, marked 'custom' and 'admin' so that re-seeding keeps them. */
export async function upsertCustomModel(
  db: DbOrTx,
  input: { model: Omit<NewModel, 'source'>; offerings: Array<Omit<NewOffering, 'modelId' | 'source'>> },
) {
  await db
    .insert(models)
    .values({ ...input.model, source: 'custom' })
    .onConflictDoUpdate({ target: models.id, set: { ...input.model, source: 'custom', updatedAt: sql`now()` } });
  for (const offering of input.offerings) {
    await db
      .insert(modelOfferings)
      .values({ ...offering, modelId: input.model.id, source: 'admin' })
      .onConflictDoUpdate({ target: [modelOfferings.modelId, modelOfferings.provider], set: { ...offering, source: 'admin', updatedAt: sql`now()` } });
  }
}

/**
 * Overrides an offering's prices (integer micro-dollars per MTok) and marks it 'admin' so
 * re-seeding keeps them; returns false if there is no such offering.
 */
export async function setOfferingPrice(
  db: DbOrTx,
  input: {
    modelId: string;
    provider: string;
    inputPrice: number;
    outputPrice: number;
    cacheReadPrice?: number | null;
    cacheWritePrice?: number | null;
    /** Micro-dollars per million `priceUnit`s; both or neither. */
    unitPrice?: number | null;
    priceUnit?: PriceUnit | null;
    upstreamModelId?: string;
  },
) {
  const rows = await db
    .update(modelOfferings)
    .set({
      inputPrice: input.inputPrice,
      outputPrice: input.outputPrice,
      ...(input.cacheReadPrice !== undefined ? { cacheReadPrice: input.cacheReadPrice } : {}),
      ...(input.cacheWritePrice !== undefined ? { cacheWritePrice: input.cacheWritePrice } : {}),
      ...(input.unitPrice !== undefined ? { unitPrice: input.unitPrice } : {}),
      ...(input.priceUnit !== undefined ? { priceUnit: input.priceUnit } : {}),
      ...(input.upstreamModelId ? { upstreamModelId: input.upstreamModelId } : {}),
      source: 'admin',
      updatedAt: sql`now()`,
    })
    .where(and(eq(modelOfferings.modelId, input.modelId), eq(modelOfferings.provider, input.provider)))
    .returning({ modelId: modelOfferings.modelId });
  return rows.length > 0;
}

export async function updateProviderFacts(
  db: DbOrTx,
  slug: string,
  patch: Partial<Pick<typeof providerFacts.$inferInsert, 'zeroDataRetention' | 'trainsOnPrompts' | 'headquarters' | 'enabled'>>,
) {
  const rows = await db
    .update(providerFacts)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(providerFacts.slug, slug))
    .returning();
  return rows[0];
}
