import { bigint, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { teams } from './teams';

/**
 * Money reserved for one request in flight, keyed by its generation id. What a team, a key or a
 * quota entity has reserved is the sum of its live holds (`expires_at` in the future), so a hold
 * whose process died stops counting on its own; a sweep only deletes old rows. A hold is settled
 * to the real cost when the request ends, and deleted in the transaction that writes its usage
 * row and debit, so the money is always in exactly one of the two places.
 */
export const creditHolds = pgTable(
  'credit_holds',
  {
    generationId: text('generation_id').primaryKey(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** Held against the team's credit (system credentials while the balance is low), else 0. */
    creditMicros: bigint('credit_micros', { mode: 'number' }).notNull().default(0),
    /** Held against spend limits (the key's, the quota entity's): the cost whoever's credential serves it. */
    spendMicros: bigint('spend_micros', { mode: 'number' }).notNull().default(0),
    /** Set when the key has a spend limit. */
    apiKeyId: text('api_key_id'),
    /** Set when the quota entity has a quota. */
    quotaEntityId: text('quota_entity_id'),
    /** The budgets (lib/billing/budgets.ts) near their limit that this hold counts against. */
    budgetIds: text('budget_ids').array().notNull().default([]),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /**
     * The usage spool of the process that took the hold. A process killed between taking a hold
     * and spooling its request's row leaves a hold no replayed row releases; the process that
     * claims the dead one's spool releases the rest of its holds by this.
     */
    owner: text('owner'),
  },
  (table) => [
    index('credit_holds_team_idx').on(table.teamId, table.expiresAt),
    index('credit_holds_key_idx').on(table.apiKeyId, table.expiresAt),
    index('credit_holds_entity_idx').on(table.teamId, table.quotaEntityId, table.expiresAt),
    index('credit_holds_expiry_idx').on(table.expiresAt),
  ],
);
