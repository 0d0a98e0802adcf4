import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@/db/client';
import { listCatalog, seedCatalog, setOfferingPrice } from '@/db/queries/catalog';
import { buildSeedCatalog } from './seed-data';

const seed = buildSeedCatalog();
const offering = (modelId: string, provider: string) => seed.offerings.find((row) => row.modelId === modelId && row.provider === provider);

describe('buildSeedCatalog', () => {
  it('maps models.dev to creator/model ids with integer prices', () => {
    expect(seed.models.length).toBeGreaterThan(100);
    expect(offering('openai/gpt-4o', 'openai')).toMatchObject({ upstreamModelId: 'gpt-4o', inputPrice: 2_500_000, outputPrice: 10_000_000, cacheReadPrice: 1_250_000 });
    expect(offering('anthropic/claude-sonnet-4', 'anthropic')).toMatchObject({ upstreamModelId: 'claude-sonnet-4-20250514', inputPrice: 3_000_000, outputPrice: 15_000_000 });
    expect(offering('google/gemini-2.5-flash', 'google')).toMatchObject({ upstreamModelId: 'gemini-2.5-flash', inputPrice: 300_000, outputPrice: 2_500_000 });
    for (const row of seed.offerings) {
      expect(Number.isInteger(row.inputPrice)).toBe(true);
      expect(Number.isInteger(row.outputPrice)).toBe(true);
    }
  });

  it('serves one model through several providers', () => {
    expect(offering('moonshotai/kimi-k2', 'moonshotai')?.upstreamModelId).toBe('kimi-k2-0905-preview');
    expect(offering('moonshotai/kimi-k2', 'groq')?.upstreamModelId).toBe('moonshotai/kimi-k2-instruct');
    expect(offering('moonshotai/kimi-k2', 'togetherai')?.upstreamModelId).toBe('moonshotai/Kimi-K2-Instruct');
  });

  it('takes names and limits from the creator and marks capabilities', () => {
    const model = seed.models.find((row) => row.id === 'google/gemini-2.5-flash');
    expect(model).toMatchObject({ name: 'Gemini 2.5 Flash', creator: 'google', kind: 'language', contextWindow: 1_048_576 });
    expect(model?.capabilities).toEqual(expect.arrayContaining(['tool-use', 'vision', 'reasoning', 'implicit-caching']));
    expect(seed.models.find((row) => row.id === 'openai/text-embedding-3-small')).toMatchObject({ kind: 'embedding', capabilities: ['embeddings'] });
  });
});

describe('seedCatalog', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory://' });
  });
  afterAll(async () => database?.close());

  it('is idempotent and keeps admin price overrides', async () => {
    await seedCatalog(database.db, seed);
    const first = await listCatalog(database.db);
    await seedCatalog(database.db, seed);
    expect(await listCatalog(database.db)).toHaveLength(first.length);
    expect(await setOfferingPrice(database.db, { modelId: 'openai/gpt-4o', provider: 'openai', inputPrice: 1, outputPrice: 2 })).toBe(true);
    await seedCatalog(database.db, seed);
    const gpt4o = (await listCatalog(database.db)).find((model) => model.id === 'openai/gpt-4o');
    expect(gpt4o?.offerings[0]).toMatchObject({ provider: 'openai', inputPrice: 1, outputPrice: 2, source: 'admin' });
  });

  it("lists the creator's own offering first", async () => {
    const kimi = (await listCatalog(database.db)).find((model) => model.id === 'moonshotai/kimi-k2');
    expect(kimi?.offerings[0].provider).toBe('moonshotai');
  });
});
