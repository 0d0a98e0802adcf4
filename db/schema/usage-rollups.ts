import { sql } from 'drizzle-orm';
import { bigint, integer, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { teams } from './teams';

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
 * Usage summed per team, UTC day and every low-cardinality dimension the console and
 * `/v1/report` filter or group by. Maintained in the meter's batch transaction (one statement
 * per batch, see usage-rollups.ts in db/queries), so it never lags the raw rows and survives their
 * pruning. Nullable dimensions are part of the key: the unique constraint treats nulls as equal.
 */
export const usageRollups = pgTable(
  'usage_rollups',
  {
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
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
      .on(table.teamId, table.periodStart, table.apiKeyId, table.requestedModel, table.servedModel, table.provider, table.credentialType, table.status)
      .nullsNotDistinct(),
  ],
);

/**
 * Usage per team and UTC hour with only what hourly charts group or filter by: the requested
 * model, the provider and the status. API keys (a team may have hundreds), served models and
 * credential types multiplied the hourly groups to about one per raw row; queries on those read
 * the hours at the ends of a range (at most two partial days) from raw rows instead.
 */
export const usageHourlyRollups = pgTable(
  'usage_hourly_rollups',
  {
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
    requestedModel: text('requested_model').notNull(),
    provider: text('provider'),
    status: text('status').notNull(),
    ...measures(),
    /**
     * Requests per latency (and, for those with one, time-to-first-token) bucket: counts on the
     * fixed log-scale bounds of db/queries/latency-histogram.ts, index i counting values below
     * bound i (the last one, everything above). Approximate percentiles over any set of hours come
     * from their element-wise sums. Empty in rows written before the histograms existed.
     */
    latencyHistogram: integer('latency_histogram').array().notNull().default(sql`'{}'::integer[]`),
    ttftHistogram: integer('ttft_histogram').array().notNull().default(sql`'{}'::integer[]`),
  },
  (table) => [
    unique('usage_hourly_rollups_group_key').on(table.teamId, table.periodStart, table.requestedModel, table.provider, table.status).nullsNotDistinct(),
  ],
);

/**
 * 'user' (end user), 'tag', 'playground' (the console user whose playground made keyless calls,
 * by user id) or 'subject' (who called without an API key: an OIDC token's `sub`, or `user:<id>`
 * for the playground): dimensions with many values, kept apart so the main rollup stays small.
 */
export type RollupDimension = 'user' | 'tag' | 'playground' | 'subject';

/**
 * Usage summed per team, UTC day and one end user or one tag (day only: per hour there were
 * about as many groups as raw rows). A request with several tags counts once under each.
 * Serves top users, per-user and per-tag reports, and a user or tag filter on its own; the
 * partial days at the ends of a range, and other filters combined with these, read raw rows.
 */
export const usageDimensionRollups = pgTable(
  'usage_dimension_rollups',
  {
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
    dimension: text('dimension').$type<RollupDimension>().notNull(),
    value: text('value').notNull(),
    ...measures(),
  },
  (table) => [unique('usage_dimension_rollups_group_key').on(table.teamId, table.dimension, table.periodStart, table.value)],
);
