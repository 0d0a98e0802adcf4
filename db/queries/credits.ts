import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { creditBalances, creditLedger } from '../schema';

export async function getBalance(db: DbOrTx, teamId: string) {
  const [row] = await db
    .select({ balanceMicros: creditBalances.balanceMicros, totalUsedMicros: creditBalances.totalUsedMicros })
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
  entry: { teamId: string; kind: 'grant' | 'debit' | 'adjustment'; amountMicros: number; generationId?: string; note?: string; actor?: string },
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
