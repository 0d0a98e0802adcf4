import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@/db/client';
import { listCatalog, seedCatalog } from '@/db/queries/catalog';
import { buildSeedCatalog } from './seed-data';

const seed = buildSeedCatalog();
const model = (id: string) => seed.models.find((row) => row.id === id);
const offering = (modelId: string, provider: string) => seed.offerings.find((row) => row.modelId === modelId && row.provider === provider);

describe('buildSeedCatalog', () => {
  it('maps models.dev to creator/model ids with integer micro-dollar prices', () => {
    // models.dev lists ~120 models for Gatehouse's providers; see the count in the seed.
    expect(seed.models.length).toBeGreaterThanOrEqual(100);
    expect(offering('openai/gpt-4o', 'openai')).toMatchObject({ upstreamModelId: 'gpt-4o', inputPrice: 2_500_000, outputPrice: 10_000_000, cacheReadPrice: 1_250_000 });
    expect(offering('anthropic/claude-sonnet-4', 'anthropic')).toMatchObject({
      upstreamModelId: 'claude-sonnet-4-20250514',
      inputPrice: 3_000_000,
      outputPrice: 15_000_000,
      cacheReadPrice: 300_000,
      cacheWritePrice: 3_750_000,
    });
    expect(offering('google/gemini-2.5-flash', 'google')).toMatchObject({ inputPrice: 300_000, outputPrice: 2_500_000, cacheReadPrice: 75_000 });
    for (const row of seed.offerings) {
      for (const price of [row.inputPrice, row.outputPrice, row.cacheReadPrice ?? 0, row.cacheWritePrice ?? 0]) expect(Number.isSafeInteger(price)).toBe(true);
    }
  });

  it('has one offering per model and provider, each of a listed model', () => {
    const ids = new Set(seed.models.map((row) => row.id));
    expect(ids.size).toBe(seed.models.length);
    const keys = seed.offerings.map((row) => `${row.modelId}@${row.provider}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const row of seed.offerings) expect(ids.has(row.modelId)).toBe(true);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9-]+\/[a-z0-9][a-z0-9._-]*$/);
  });

  it('keeps the newest of several upstream ids that collapse onto one model', () => {
    expect(offering('anthropic/claude-3.5-sonnet', 'anthropic')?.upstreamModelId).toBe('claude-3-5-sonnet-20241022');
    // Same release: the id without `-latest` wins.
    expect(offering('xai/grok-2-vision', 'xai')?.upstreamModelId).toBe('grok-2-vision');
  });

  it('serves one model through several providers', () => {
    expect(model('moonshotai/kimi-k2')).toMatchObject({ name: 'Kimi K2', creator: 'moonshotai', contextWindow: 262_144 });
    expect(offering('moonshotai/kimi-k2', 'moonshotai')?.upstreamModelId).toBe('kimi-k2-0905-preview');
    expect(offering('moonshotai/kimi-k2', 'groq')?.upstreamModelId).toBe('moonshotai/kimi-k2-instruct-0905');
    expect(offering('moonshotai/kimi-k2', 'togetherai')?.upstreamModelId).toBe('moonshotai/Kimi-K2-Instruct');
    expect(offering('moonshotai/kimi-k2', 'fireworks')?.upstreamModelId).toBe('accounts/fireworks/models/kimi-k2-instruct');
    expect(offering('moonshotai/kimi-k2-0711', 'moonshotai')?.upstreamModelId).toBe('kimi-k2-0711-preview');
    expect(offering('meta/llama-3.3-70b', 'groq')?.upstreamModelId).toBe('llama-3.3-70b-versatile');
    expect(offering('meta/llama-3.3-70b', 'togetherai')?.upstreamModelId).toBe('meta-llama/Llama-3.3-70B-Instruct-Turbo');
    expect(seed.offerings.filter((row) => row.modelId === 'openai/gpt-oss-120b').map((row) => row.provider)).toEqual(['groq', 'togetherai', 'fireworks']);
  });

  it('takes names and limits from the creator, else the first host, and marks capabilities', () => {
    expect(model('google/gemini-2.5-flash')).toMatchObject({ name: 'Gemini 2.5 Flash', creator: 'google', kind: 'language', contextWindow: 1_048_576 });
    expect(model('google/gemini-2.5-flash')?.capabilities).toEqual(['tool-use', 'vision', 'reasoning', 'structured-output', 'implicit-caching']);
    expect(model('openai/gpt-oss-120b')).toMatchObject({ name: 'GPT OSS 120B', contextWindow: 131_072, maxOutputTokens: 32_768 });
    expect(model('deepseek/deepseek-chat')?.capabilities).toEqual(['tool-use', 'implicit-caching']);
    expect(model('meta/llama-4-scout-17b-16e')?.capabilities).toEqual(['tool-use', 'vision']);
  });

  it('adds the OpenAI embedding models models.dev lacks', () => {
    expect(model('openai/text-embedding-3-small')).toMatchObject({ kind: 'embedding', capabilities: ['embeddings'], contextWindow: 8191, maxOutputTokens: 0 });
    expect(offering('openai/text-embedding-3-small', 'openai')).toMatchObject({ inputPrice: 20_000, outputPrice: 0 });
    expect(offering('openai/text-embedding-3-large', 'openai')).toMatchObject({ inputPrice: 130_000 });
    expect(offering('openai/text-embedding-ada-002', 'openai')).toMatchObject({ inputPrice: 100_000 });
  });

  it('ignores a cache-read price above the input price', () => {
    expect(offering('openai/gpt-3.5-turbo', 'openai')).toMatchObject({ inputPrice: 500_000, cacheReadPrice: null });
    expect(model('openai/gpt-3.5-turbo')?.capabilities).not.toContain('implicit-caching');
  });
});

describe('the seed in a database', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory://' });
  });
  afterAll(async () => database?.close());

  it('loads every model and offering', async () => {
    await seedCatalog(database.db, seed);
    const catalog = await listCatalog(database.db);
    expect(catalog).toHaveLength(seed.models.length);
    expect(catalog.reduce((total, row) => total + row.offerings.length, 0)).toBe(seed.offerings.length);
  });
});
