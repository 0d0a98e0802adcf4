import { bigint, boolean, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * What a team's plan allows. Null limits mean unlimited. Seeded with `free`, `pro` and
 * `unlimited`; instance admins edit them or add their own.
 */
export const plans = pgTable('plans', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  requestsPerMinute: integer('requests_per_minute'),
  tokensPerMinute: integer('tokens_per_minute'),
  /** Model calls a team may have in flight at once on each instance; null: GATEHOUSE_TEAM_MAX_CONCURRENCY, 0: no cap. */
  maxConcurrentRequests: integer('max_concurrent_requests'),
  monthlyCreditsMicros: bigint('monthly_credits_micros', { mode: 'number' }).notNull().default(0),
  byokAllowed: boolean('byok_allowed').notNull().default(true),
  requestZeroDataRetentionAllowed: boolean('request_zero_data_retention_allowed').notNull().default(true),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
