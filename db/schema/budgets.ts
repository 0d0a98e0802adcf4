import { bigint, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { teams } from './teams';

/**
 * A spend limit on part of a team's traffic, on top of its credit: one member's (the user who
 * created the key, or the playground / OIDC user), one key's, one end user's (`user`) or one
 * tag's, per day, week, month (UTC) or in total. Spend is the usage rows' cost, BYOK included.
 */
export const budgets = pgTable(
  'budgets',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** 'member' | 'key' | 'user' | 'tag' */
    scope: text('scope').notNull(),
    /** A user id (or `oidc:<sub>`), an API key id, an end-user id or a tag. */
    subject: text('subject').notNull(),
    /** 'day' | 'week' | 'month' | 'total' */
    period: text('period').notNull(),
    limitMicros: bigint('limit_micros', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('budgets_scope_idx').on(table.teamId, table.scope, table.subject, table.period)],
);
