import { and, desc, eq, gt, lt, notExists, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { creditBalances, creditHolds, creditLedger, plans, teams } from '../schema';

export type LedgerKind = 'grant' | 'debit' | 'adjustment' | 'monthly';

/** The balance, and the credit held for requests in flight (live holds, see credit-holds.ts). */
export async function getBalance(db: DbOrTx, teamId: string) {
  const [row] = await db
    .select({
      balanceMicros: creditBalances.balanceMicros,
      totalUsedMicros: creditBalances.totalUsedMicros,
      reservedMicros: sql<number>`(select coalesce(sum(${creditHolds.creditMicros}), 0) from ${creditHolds} where ${creditHolds.teamId} = ${creditBalances.teamId} and ${creditHolds.expiresAt} > now())`.mapWith(Number),
    })
    .from(creditBalances)
    .where(eq(creditBalances.teamId, teamId))
    .limit(1);
  return row;
}

/**
 * Moves a team's balance by `amountMicros` and writes the ledger row carrying the new
 * balance, in the caller's transaction. One UPDATE does the arithmetic in SQL, so
 * concurrent writers on any number of instances serialise on the row and none is lost.
 */
export async function applyLedgerEntry(
  tx: DbOrTx,
  entry: { teamId: string; kind: LedgerKind; amountMicros: number; generationId?: string; note?: string; actor?: string },
) {
  const used = entry.kind === 'debit' ? -entry.amountMicros : 0;
  const [balance] = await tx
    .update(creditBalances)
    .set({
      balanceMicros: sql`${creditBalances.balanceMicros} + ${entry.amountMicros}`,
      totalUsedMicros: sql`${creditBalances.totalUsedMicros} + ${used}`,
      updatedAt: new Date(),
    })
    .where(eq(creditBalances.teamId, entry.teamId))
    .returning({ balanceMicros: creditBalances.balanceMicros });
  if (!balance) throw new Error(`No balance row for team ${entry.teamId}`);
  await tx.insert(creditLedger).values({
    teamId: entry.teamId,
    kind: entry.kind,
    amountMicros: entry.amountMicros,
    balanceAfterMicros: balance.balanceMicros,
    generationId: entry.generationId,
    note: entry.note,
    actor: entry.actor,
  });
  return balance.balanceMicros;
}

export async function listLedger(db: DbOrTx, teamId: string, options: { limit: number; kind?: string }) {
  return db
    .select()
    .from(creditLedger)
    .where(options.kind ? and(eq(creditLedger.teamId, teamId), eq(creditLedger.kind, options.kind)) : eq(creditLedger.teamId, teamId))
    .orderBy(desc(creditLedger.id))
    .limit(options.limit);
}

export async function sumLedger(db: DbOrTx, teamId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${creditLedger.amountMicros}), 0)` })
    .from(creditLedger)
    .where(eq(creditLedger.teamId, teamId));
  return Number(row?.total ?? 0);
}

/** One page of a team's ledger, newest first; `beforeId` continues after the previous page's last row. */
export async function listLedgerPage(db: DbOrTx, teamId: string, options: { limit: number; beforeId?: number }) {
  const scope = options.beforeId ? and(eq(creditLedger.teamId, teamId), lt(creditLedger.id, options.beforeId)) : eq(creditLedger.teamId, teamId);
  return db
    .select({
      id: creditLedger.id,
      kind: creditLedger.kind,
      amountMicros: creditLedger.amountMicros,
      balanceAfterMicros: creditLedger.balanceAfterMicros,
      generationId: creditLedger.generationId,
      note: creditLedger.note,
      actor: creditLedger.actor,
      createdAt: creditLedger.createdAt,
    })
    .from(creditLedger)
    .where(scope)
    .orderBy(desc(creditLedger.id))
    .limit(options.limit);
}

/** Takes `billedMicros` from a team's balance; returns the new balance. */
export async function debitBalance(tx: DbOrTx, teamId: string, billedMicros: number): Promise<number> {
  const [row] = await tx
    .update(creditBalances)
    .set({
      balanceMicros: sql`${creditBalances.balanceMicros} - ${billedMicros}`,
      totalUsedMicros: sql`${creditBalances.totalUsedMicros} + ${billedMicros}`,
      updatedAt: new Date(),
    })
    .where(eq(creditBalances.teamId, teamId))
    .returning({ balanceMicros: creditBalances.balanceMicros });
  if (!row) throw new Error(`No balance row for team ${teamId}`);
  return row.balanceMicros;
}

/** A team's usage debits of one UTC day (`YYYY-MM-DD`) from one batch: negative. */
export type DailyDebit = { teamId: string; day: string; amountMicros: number; balanceAfterMicros: number };

/** The idempotency key of a team's usage debit row for one UTC day. */
export function dailyDebitKey(teamId: string, day: string): string {
  return `usage:${teamId}:${day}`;
}

/**
 * Adds usage debits to each team's one debit row of the day (created by the day's first), and
 * moves its balance-after to the balance the caller's update left. The caller holds the team's
 * balance row lock (debitBalance), so writers of one team take this row in turn.
 */
export async function upsertDailyDebits(tx: DbOrTx, debits: DailyDebit[]): Promise<void> {
  if (debits.length === 0) return;
  await tx
    .insert(creditLedger)
    .values(
      debits.map((debit) => ({
        teamId: debit.teamId,
        kind: 'debit',
        amountMicros: debit.amountMicros,
        balanceAfterMicros: debit.balanceAfterMicros,
        idempotencyKey: dailyDebitKey(debit.teamId, debit.day),
        note: `usage ${debit.day} (UTC)`,
        actor: 'gateway',
      })),
    )
    .onConflictDoUpdate({
      target: creditLedger.idempotencyKey,
      set: { amountMicros: sql`${creditLedger.amountMicros} + excluded.amount_micros`, balanceAfterMicros: sql`excluded.balance_after_micros` },
    });
}

/**
 * Writes a ledger entry at most once per `idempotencyKey`, with the balance, in the caller's
 * transaction. The balance row is locked first, so the balance written on the ledger row is the
 * one the update moves from; a second writer (on any instance) waits for the lock, then finds the
 * key taken and changes nothing. Returns the new balance, or null when the key was already used.
 */
export async function applyLedgerEntryOnce(
  tx: DbOrTx,
  entry: { teamId: string; kind: LedgerKind; amountMicros: number; idempotencyKey: string; note?: string; actor?: string },
): Promise<number | null> {
  const [locked] = await tx
    .select({ balanceMicros: creditBalances.balanceMicros })
    .from(creditBalances)
    .where(eq(creditBalances.teamId, entry.teamId))
    .for('update');
  if (!locked) throw new Error(`No balance row for team ${entry.teamId}`);
  const balanceAfterMicros = locked.balanceMicros + entry.amountMicros;
  const inserted = await tx
    .insert(creditLedger)
    .values({ ...entry, balanceAfterMicros })
    .onConflictDoNothing({ target: creditLedger.idempotencyKey })
    .returning({ id: creditLedger.id });
  if (inserted.length === 0) return null;
  await tx
    .update(creditBalances)
    .set({ balanceMicros: sql`${creditBalances.balanceMicros} + ${entry.amountMicros}`, updatedAt: new Date() })
    .where(eq(creditBalances.teamId, entry.teamId));
  return balanceAfterMicros;
}

/** The team's plan and what it includes each month. */
export async function findTeamPlanCredits(db: DbOrTx, teamId: string) {
  const [row] = await db
    .select({ planId: plans.id, planName: plans.name, monthlyCreditsMicros: plans.monthlyCreditsMicros })
    .from(teams)
    .innerJoin(plans, eq(plans.id, teams.plan))
    .where(eq(teams.id, teamId))
    .limit(1);
  return row;
}

/** The idempotency key of a team's included credits for one month (`YYYY-MM`). */
export function monthlyCreditsKey(teamId: string, month: string): string {
  return `monthly:${teamId}:${month}`;
}

/** Teams whose plan includes monthly credits and that have no grant for `month` (`YYYY-MM`) yet. */
export async function listTeamsDueMonthlyCredits(db: DbOrTx, month: string): Promise<string[]> {
  const rows = await db
    .select({ id: teams.id })
    .from(teams)
    .innerJoin(plans, eq(plans.id, teams.plan))
    .where(
      and(
        gt(plans.monthlyCreditsMicros, 0),
        notExists(
          db
            .select({ id: creditLedger.id })
            .from(creditLedger)
            // monthlyCreditsKey, spelled in SQL.
            .where(eq(creditLedger.idempotencyKey, sql`'monthly:' || ${teams.id} || ':' || ${month}`)),
        ),
      ),
    );
  return rows.map((row) => row.id);
}
