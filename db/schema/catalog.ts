import { bigint, boolean, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export type Capability = 'tool-use' | 'vision' | 'reasoning' | 'structured-output' | 'implicit-caching' | 'embeddings';

/** What a model does: text and embeddings are priced per token, the others per unit (see `priceUnit`). */
export type ModelKind = 'language' | 'embedding' | 'image' | 'speech' | 'transcription' | 'rerank';

/** The unit a non-token price counts: an image made, a character spoken, a second transcribed, a rerank search. */
export type PriceUnit = 'image' | 'character' | 'second' | 'search' | 'request';

/** A model as clients name it: `creator/model-name`. */
export const models = pgTable('models', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  creator: text('creator').notNull(),
  kind: text('kind').$type<ModelKind>().notNull().default('language'),
  contextWindow: integer('context_window'),
  maxOutputTokens: integer('max_output_tokens'),
  capabilities: jsonb('capabilities').$type<Capability[]>().notNull().default([]),
  inputModalities: jsonb('input_modalities').$type<string[]>().notNull().default(['text']),
  releasedAt: text('released_at'),
  /** 'catalog' (seeded from models.dev) | 'custom' (added by an admin) */
  source: text('source').notNull().default('catalog'),
  enabled: boolean('enabled').notNull().default(true),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Who serves a model, under which upstream id, at what price. Prices are integer
 * micro-dollars per million tokens ($2.50/MTok = 2_500_000).
 */
export const modelOfferings = pgTable(
  'model_offerings',
  {
    modelId: text('model_id')
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    upstreamModelId: text('upstream_model_id').notNull(),
    inputPrice: bigint('input_price', { mode: 'number' }).notNull().default(0),
    outputPrice: bigint('output_price', { mode: 'number' }).notNull().default(0),
    cacheReadPrice: bigint('cache_read_price', { mode: 'number' }),
    cacheWritePrice: bigint('cache_write_price', { mode: 'number' }),
    /** Micro-dollars per million `priceUnit`s (an image at $0.04 = 40_000_000_000), charged on top of any token prices. */
    unitPrice: bigint('unit_price', { mode: 'number' }),
    priceUnit: text('price_unit').$type<PriceUnit>(),
    /** The weight format this provider serves (`fp8`, `bf16`, …) where known; `providerOptions.gateway.has` filters on it. */
    quantization: text('quantization'),
    /** 'catalog' | 'admin': admin rows survive re-seeding. */
    source: text('source').notNull().default('catalog'),
    enabled: boolean('enabled').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.modelId, table.provider] })],
);

/** Facts about an upstream provider that routing policy depends on; seeded with defaults, editable by admins. */
export const providerFacts = pgTable('provider_facts', {
  slug: text('slug').primaryKey(),
  zeroDataRetention: boolean('zero_data_retention').notNull(),
  trainsOnPrompts: boolean('trains_on_prompts').notNull(),
  headquarters: text('headquarters').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
