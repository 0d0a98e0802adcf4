import { bigint, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { teams } from './teams';

/** A team's quota for one `quotaEntityId` (a customer, a project): spend and/or requests per period. */
export const entityQuotas = pgTable(
  'entity_quotas',
  {
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    entityId: text('entity_id').notNull(),
    /** 'day' | 'month' | 'total' */
    period: text('period').notNull().default('month'),
    spendLimitMicros: bigint('spend_limit_micros', { mode: 'number' }),
    requestLimit: integer('request_limit'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.teamId, table.entityId] })],
);
