import { bigint, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Usage rows the database refused even in their minimal form (see lib/billing/usage-meter.ts),
 * kept so no billed generation disappears silently. No foreign key to the team: a row for a
 * team deleted meanwhile is one of the rows that ends here.
 */
export const usageDeadLetters = pgTable(
  'usage_dead_letters',
  {
    generationId: text('generation_id').primaryKey(),
    teamId: text('team_id').notNull(),
    /** The row as the meter held it: base64 of its JSON, so any content at all can be stored. */
    rowBase64: text('row_base64').notNull(),
    /** What could not be debited, for whoever settles it by hand. */
    billedMicros: bigint('billed_micros', { mode: 'number' }).notNull().default(0),
    /** SQLSTATE of the refusal (e.g. 23503), and its message made storable. */
    errorCode: text('error_code'),
    error: text('error').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('usage_dead_letters_created_idx').on(table.createdAt)],
);
