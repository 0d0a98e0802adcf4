import type { Db } from '@/db/client';
import { listCatalog } from '@/db/queries/catalog';
import type { CatalogModel } from './types';

/**
 * The catalog as the hot path reads it: one query loads every enabled model with its
 * offerings into memory; it is reloaded after the TTL or when an admin changes it.
 */
export function createCatalogStore(db: Db, ttlMs: number) {
  let models: Map<string, CatalogModel> | undefined;
  let loadedAt = 0;
  let loading: Promise<Map<string, CatalogModel>> | undefined;

  async function load(): Promise<Map<string, CatalogModel>> {
    if (models && Date.now() - loadedAt < ttlMs) return models;
    loading ??= listCatalog(db)
      .then((rows) => {
        models = new Map(rows.map((row) => [row.id, toCatalogModel(row)]));
        loadedAt = Date.now();
        return models;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  }

  return {
    lookup: async (id: string) => (await load()).get(id),
    list: async () => [...(await load()).values()],
    invalidate: () => {
      loadedAt = 0;
    },
  };
}

type CatalogRow = Awaited<ReturnType<typeof listCatalog>>[number];

function toCatalogModel(row: CatalogRow): CatalogModel {
  return {
    id: row.id,
    name: row.name,
    creator: row.creator,
    kind: row.kind,
    contextWindow: row.contextWindow,
    maxOutputTokens: row.maxOutputTokens,
    capabilities: row.capabilities,
    inputModalities: row.inputModalities,
    releasedAt: row.releasedAt,
    offerings: row.offerings.map((offering) => ({
      provider: offering.provider,
      upstreamModelId: offering.upstreamModelId,
      inputPrice: offering.inputPrice,
      outputPrice: offering.outputPrice,
      cacheReadPrice: offering.cacheReadPrice,
      cacheWritePrice: offering.cacheWritePrice,
      unitPrice: offering.unitPrice,
      priceUnit: offering.priceUnit,
      quantization: offering.quantization?.toLowerCase() ?? null,
    })),
  };
}
