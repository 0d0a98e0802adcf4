import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildSeedCatalog } from '@/lib/catalog/seed-data';
import { providers } from '@/lib/providers/registry';
import { openDatabase, type Database } from '../client';
import { modelOfferings, models, providerFacts } from '../schema';
import { listCatalog, listProviderFacts, seedCatalog, seedProviderFacts, setOfferingPrice, updateProviderFacts, upsertCustomModel } from './catalog';

const seed = buildSeedCatalog();

describe('catalog queries', () => {
  let database: Database;
  const find = async (id: string) => (await listCatalog(database.db)).find((model) => model.id === id);

  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory://' });
  });
  afterAll(async () => database?.close());
  beforeEach(async () => {
    await database.db.delete(models);
    await database.db.delete(providerFacts);
  });

  it('seeds idempotently', async () => {
    await seedCatalog(database.db, seed);
    const first = await listCatalog(database.db);
    await seedCatalog(database.db, seed);
    const second = await listCatalog(database.db);
    expect(second).toEqual(first);
    expect(second.length).toBe(seed.models.length);
    expect(second.length).toBeGreaterThanOrEqual(100);
  });

  it('stores the seeded models with integer prices', async () => {
    await seedCatalog(database.db, seed);
    const sonnet = await find('anthropic/claude-sonnet-4');
    expect(sonnet).toMatchObject({ creator: 'anthropic', kind: 'language', source: 'catalog' });
    expect(sonnet?.offerings).toEqual([
      expect.objectContaining({ provider: 'anthropic', upstreamModelId: 'claude-sonnet-4-20250514', inputPrice: 3_000_000, outputPrice: 15_000_000, cacheReadPrice: 300_000, cacheWritePrice: 3_750_000 }),
    ]);
    const gpt4o = await find('openai/gpt-4o');
    expect(gpt4o?.offerings[0]).toMatchObject({ provider: 'openai', inputPrice: 2_500_000, outputPrice: 10_000_000 });
    expect(typeof gpt4o?.offerings[0].inputPrice).toBe('number');
  });

  it("lists the creator's offering first, then the cheapest", async () => {
    await seedCatalog(database.db, seed);
    const kimi = await find('moonshotai/kimi-k2');
    const served = kimi?.offerings.map((row) => row.provider) ?? [];
    expect(served[0]).toBe('moonshotai');
    expect(served).toEqual(expect.arrayContaining(['moonshotai', 'groq']));
    const rest = kimi!.offerings.slice(1).map((row) => row.inputPrice + row.outputPrice);
    expect(rest).toEqual([...rest].sort((a, b) => a - b));
  });

  it('keeps an admin price override through a re-seed', async () => {
    await seedCatalog(database.db, seed);
    const changed = await setOfferingPrice(database.db, { modelId: 'openai/gpt-4o', provider: 'openai', inputPrice: 1_000_000, outputPrice: 2_000_000, cacheReadPrice: null });
    expect(changed).toBe(true);
    await seedCatalog(database.db, seed);
    expect((await find('openai/gpt-4o'))?.offerings[0]).toMatchObject({ inputPrice: 1_000_000, outputPrice: 2_000_000, cacheReadPrice: null, source: 'admin' });
    // Other offerings still follow the catalog.
    expect((await find('openai/gpt-4o-mini'))?.offerings[0]).toMatchObject({ inputPrice: 150_000, source: 'catalog' });
  });

  it('reports a missing offering when setting a price', async () => {
    expect(await setOfferingPrice(database.db, { modelId: 'nobody/nothing', provider: 'openai', inputPrice: 1, outputPrice: 1 })).toBe(false);
  });

  it('keeps custom models through a re-seed', async () => {
    await seedCatalog(database.db, seed);
    await upsertCustomModel(database.db, {
      model: { id: 'openai/gpt-4o', name: 'Our GPT-4o', creator: 'openai', contextWindow: 64_000 },
      offerings: [{ provider: 'custom', upstreamModelId: 'gpt-4o-local', inputPrice: 0, outputPrice: 0 }],
    });
    await upsertCustomModel(database.db, {
      model: { id: 'acme/tuned-1', name: 'Acme Tuned', creator: 'acme' },
      offerings: [{ provider: 'openai', upstreamModelId: 'ft:gpt-4o-mini:acme', inputPrice: 300_000, outputPrice: 1_200_000 }],
    });
    await seedCatalog(database.db, seed);
    const gpt4o = await find('openai/gpt-4o');
    expect(gpt4o).toMatchObject({ name: 'Our GPT-4o', contextWindow: 64_000, source: 'custom' });
    expect(gpt4o?.offerings.find((row) => row.provider === 'custom')).toMatchObject({ upstreamModelId: 'gpt-4o-local', source: 'admin' });
    expect(await find('acme/tuned-1')).toMatchObject({ source: 'custom', offerings: [expect.objectContaining({ provider: 'openai', inputPrice: 300_000 })] });
  });

  it('leaves out disabled models and offerings', async () => {
    await seedCatalog(database.db, seed);
    await database.db.update(models).set({ enabled: false }).where(eq(models.id, 'openai/gpt-4'));
    await database.db
      .update(modelOfferings)
      .set({ enabled: false })
      .where(and(eq(modelOfferings.modelId, 'moonshotai/kimi-k2'), eq(modelOfferings.provider, 'groq')));
    expect(await find('openai/gpt-4')).toBeUndefined();
    expect((await find('moonshotai/kimi-k2'))?.offerings.map((row) => row.provider)).not.toContain('groq');
  });

  it('seeds provider facts once and keeps admin edits', async () => {
    await seedProviderFacts(database.db, providers);
    expect((await listProviderFacts(database.db)).map((row) => row.slug).sort()).toEqual(providers.map((provider) => provider.slug).sort());
    await updateProviderFacts(database.db, 'groq', { zeroDataRetention: false });
    await seedProviderFacts(database.db, providers);
    expect((await listProviderFacts(database.db)).find((row) => row.slug === 'groq')).toMatchObject({ zeroDataRetention: false, trainsOnPrompts: false, headquarters: 'US' });
  });
});
