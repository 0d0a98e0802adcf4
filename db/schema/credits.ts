import { bigint, bigserial, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { teams } from './teams';

/** The team's balance, kept equal to the sum of its ledger rows by writing both in one transaction. */
export const creditBalances = pgTable('credit_balances', {
  teamId: text('team_id')
    .primaryKey()
    .references(() => teams.id, { onDelete: 'cascade' }),
  balanceMicros: bigint('balance_micros', { mode: 'number' }).notNull().default(0),
  totalUsedMicros: bigint('total_used_micros', { mode: 'number' }).notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const creditLedger = pgTable(
  'credit_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** 'grant' | 'debit' | 'adjustment' | 'monthly' (a plan's included credits) */
    kind: text('kind').notNull(),
    /** Signed: grants positive, debits negative. */
    amountMicros: bigint('amount_micros', { mode: 'number' }).notNull(),
    balanceAfterMicros: bigint('balance_after_micros', { mode: 'number' }).notNull(),
    /**
     * Set on per-request debits written before daily debit rows (kept as they were). Usage debits
     * now accumulate in one row per team and UTC day, keyed `usage:<team>:<YYYY-MM-DD>`; the
     * usage row's primary key is what keeps a generation from being charged twice.
     */
    generationId: text('generation_id'),
    /** Set for entries that must happen once (`monthly:<team>:<YYYY-MM>`) or once a day (`usage:<team>:<YYYY-MM-DD>`); unique, so instances racing to write one cannot both succeed. */
    idempotencyKey: text('idempotency_key'),
    note: text('note'),
    actor: text('actor'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('credit_ledger_generation_idx').on(table.generationId),
    uniqueIndex('credit_ledger_idempotency_idx').on(table.idempotencyKey),
    index('credit_ledger_team_idx').on(table.teamId, table.id),
  ],
);
