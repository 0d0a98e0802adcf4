import { and, asc, eq, sql } from 'drizzle-orm';
import type { ProviderDefinition } from '@/lib/providers/registry';
import type { Db, DbOrTx } from '../client';
import { modelOfferings, models, providerFacts } from '../schema';

type NewModel = typeof models.$inferInsert;
type NewOffering = typeof modelOfferings.$inferInsert;

const chunk = <T>(rows: T[], size: number) => Array.from({ length: Math.ceil(rows.length / size) }, (_, index) => rows.slice(index * size, index * size + size));

/**
 * Upserts the seeded catalog in one transaction. Rows an admin added or changed
 * (source 'custom' or 'admin') are never overwritten.
 */
export async function seedCatalog(db: Db, data: { models: NewModel[]; offerings: NewOffering[] }) {
  await db.transaction(async (tx) => {
    for (const rows of chunk(data.models, 200)) {
      await tx
        .insert(models)
        .values(rows)
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
            updatedAt: new Date(),
          },
          setWhere: eq(models.source, 'catalog'),
        });
    }
    for (const rows of chunk(data.offerings, 200)) {
      await tx
        .insert(modelOfferings)
        .values(rows)
        .onConflictDoUpdate({
          target: [modelOfferings.modelId, modelOfferings.provider],
          set: {
            upstreamModelId: sql`excluded.upstream_model_id`,
            inputPrice: sql`excluded.input_price`,
            outputPrice: sql`excluded.output_price`,
            cacheReadPrice: sql`excluded.cache_read_price`,
            cacheWritePrice: sql`excluded.cache_write_price`,
            updatedAt: new Date(),
          },
          setWhere: eq(modelOfferings.source, 'catalog'),
        });
    }
  });
}

export async function seedProviderFacts(db: DbOrTx, definitions: ProviderDefinition[]) {
  await db
    .insert(providerFacts)
    .values(definitions.map((provider) => ({ slug: provider.slug, ...provider.facts })))
    .onConflictDoNothing();
}

export async function listProviderFacts(db: DbOrTx) {
  return db.select().from(providerFacts);
}

/**
 * Every enabled model with its enabled offerings, the creator's own first and then the
 * cheapest: the default order in which providers are tried.
 */
export async function listCatalog(db: DbOrTx) {
  const modelRows = await db.select().from(models).where(eq(models.enabled, true)).orderBy(asc(models.id));
  const offeringRows = await db
    .select()
    .from(modelOfferings)
    .where(eq(modelOfferings.enabled, true))
    .orderBy(asc(sql`${modelOfferings.inputPrice} + ${modelOfferings.outputPrice}`), asc(modelOfferings.provider));
  const byModel = new Map<string, (typeof offeringRows)[number][]>();
  for (const offering of offeringRows) {
    const list = byModel.get(offering.modelId) ?? [];
    list.push(offering);
    byModel.set(offering.modelId, list);
  }
  return modelRows.map((model) => {
    const offerings = byModel.get(model.id) ?? [];
    offerings.sort((a, b) => Number(b.provider === model.creator) - Number(a.provider === model.creator));
    return { ...model, offerings };
  });
}

/** An admin's model and its offerings; marked so that re-seeding keeps them. */
export async function upsertCustomModel(
  db: DbOrTx,
  input: { model: Omit<NewModel, 'source'>; offerings: Array<Omit<NewOffering, 'modelId' | 'source'>> },
) {
  await db
    .insert(models)
    .values({ ...input.model, source: 'custom' })
    .onConflictDoUpdate({ target: models.id, set: { ...input.model, source: 'custom', updatedAt: new Date() } });
  for (const offering of input.offerings) {
    await db
      .insert(modelOfferings)
      .values({ ...offering, modelId: input.model.id, source: 'admin' })
      .onConflictDoUpdate({ target: [modelOfferings.modelId, modelOfferings.provider], set: { ...offering, source: 'admin', updatedAt: new Date() } });
  }
}

/** Overrides an offering's prices (integer micro-dollars per MTok); returns false if there is no such offering. */
export async function setOfferingPrice(
  db: DbOrTx,
  input: { modelId: string; provider: string; inputPrice: number; outputPrice: number; cacheReadPrice?: number; cacheWritePrice?: number; upstreamModelId?: string },
) {
  const rows = await db
    .update(modelOfferings)
    .set({
      inputPrice: input.inputPrice,
      outputPrice: input.outputPrice,
      ...(input.cacheReadPrice !== undefined ? { cacheReadPrice: input.cacheReadPrice } : {}),
      ...(input.cacheWritePrice !== undefined ? { cacheWritePrice: input.cacheWritePrice } : {}),
      ...(input.upstreamModelId ? { upstreamModelId: input.upstreamModelId } : {}),
      source: 'admin',
      updatedAt: new Date(),
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
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(providerFacts.slug, slug))
    .returning();
  return rows[0];
}
