import { bigint, index, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { teams } from './teams';

/** 'hour' rows start on a UTC hour, 'day' rows on a UTC midnight; both are kept for every group. */
export type RollupGrain = 'hour' | 'day';

/** The sums every rollup carries. */
const measures = () => ({
  requests: bigint('requests', { mode: 'number' }).notNull().default(0),
  costMicros: bigint('cost_micros', { mode: 'number' }).notNull().default(0),
  billedMicros: bigint('billed_micros', { mode: 'number' }).notNull().default(0),
  inputTokens: bigint('input_tokens', { mode: 'number' }).notNull().default(0),
  outputTokens: bigint('output_tokens', { mode: 'number' }).notNull().default(0),
  cachedInputTokens: bigint('cached_input_tokens', { mode: 'number' }).notNull().default(0),
  cacheWriteTokens: bigint('cache_write_tokens', { mode: 'number' }).notNull().default(0),
  reasoningTokens: bigint('reasoning_tokens', { mode: 'number' }).notNull().default(0),
});

/**
 * Usage summed per team, period and every low-cardinality dimension the console and
 * `/v1/report` filter or group by. Maintained in the meter's batch transaction (one upsert per
 * batch, see usage-rollups.ts in db/queries), so it never lags the raw rows and survives their
 * pruning. Nullable dimensions are part of the key: the unique constraint treats nulls as equal.
 */
export const usageRollups = pgTable(
  'usage_rollups',
  {
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    grain: text('grain').$type<RollupGrain>().notNull(),
    periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
    apiKeyId: text('api_key_id'),
    requestedModel: text('requested_model').notNull(),
    servedModel: text('served_model'),
    provider: text('provider'),
    credentialType: text('credential_type'),
    status: text('status').notNull(),
    ...measures(),
  },
  (table) => [
    unique('usage_rollups_group_key')
      .on(table.teamId, table.grain, table.periodStart, table.apiKeyId, table.requestedModel, table.servedModel, table.provider, table.credentialType, table.status)
      .nullsNotDistinct(),
  ],
);

/** 'user' (end user) or 'tag': dimensions with many values, kept apart so the main rollup stays small. */
export type RollupDimension = 'user' | 'tag';

/**
 * Usage summed per team, period and one end user or one tag. A request with several tags
 * counts once under each. Serves top users, per-user and per-tag reports, and a user or tag
 * filter on its own; combined with other filters, queries read raw rows.
 */
export const usageDimensionRollups = pgTable(
  'usage_dimension_rollups',
  {
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    grain: text('grain').$type<RollupGrain>().notNull(),
    periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
    dimension: text('dimension').$type<RollupDimension>().notNull(),
    value: text('value').notNull(),
    ...measures(),
  },
  (table) => [
    unique('usage_dimension_rollups_group_key').on(table.teamId, table.dimension, table.grain, table.periodStart, table.value),
    index('usage_dimension_rollups_value_idx').on(table.teamId, table.dimension, table.value, table.grain, table.periodStart),
  ],
);

