import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { DbOrTx, Db } from '../client';
import { creditLedger, usageLogs } from '../schema';
import { addKeySpend } from './api-keys';
import { insertJsonRows } from './json-insert';
import { releaseHolds } from './credit-holds';
import { debitBalance } from './credits';

export type UsageRow = typeof usageLogs.$inferInsert;

/**
 * Writes usage rows and their debits in one transaction, in a handful of statements whatever
 * the batch size: the usage rows (as JSON parameters, see json-insert.ts, 50 rows a statement),
 * one balance update per team, the ledger rows, one update per key, and the release of the batch's
 * credit holds (in the same transaction: held money turns into a debit at once, never both or
 * neither). The generation id is the primary key of the usage row, so a batch retried after a
 * failure (or flushed twice) charges each generation exactly once.
 *
 * Returns how many rows were new, and each debited team's balance as this transaction left it,
 * so the caller can refresh its cached balances without a query.
 */
export async function writeUsageBatch(db: Db, rows: UsageRow[]): Promise<{ written: number; balances: Map<string, number> }> {
  const balances = new Map<string, number>();
  if (rows.length === 0) return { written: 0, balances };
  return db.transaction(async (tx) => {
    const inserted = await insertJsonRows<typeof usageLogs, { generation_id: string }>(tx, usageLogs, rows, ' on conflict ("generation_id") do nothing returning "generation_id"');
    const fresh = new Set(inserted.map((row) => row.generation_id));
    const written = rows.filter((row) => fresh.has(row.generationId));

    const byTeam = new Map<string, { debits: UsageRow[]; billed: number }>();
    const spendByKey = new Map<string, { amount: number; at: Date }>();
    for (const row of written) {
      const team = byTeam.get(row.teamId) ?? { debits: [], billed: 0 };
      const billed = row.billedMicros ?? 0;
      if (billed > 0) {
        team.debits.push(row);
        team.billed += billed;
      }
      byTeam.set(row.teamId, team);
      if (row.apiKeyId) {
        const current = spendByKey.get(row.apiKeyId) ?? { amount: 0, at: new Date(0) };
        const at = row.createdAt instanceof Date ? row.createdAt : new Date();
        spendByKey.set(row.apiKeyId, { amount: current.amount + (row.costMicros ?? 0), at: at > current.at ? at : current.at });
      }
    }

    const ledger: Array<typeof creditLedger.$inferInsert> = [];
    for (const [teamId, team] of byTeam) {
      if (team.billed === 0) continue;
      // The row lock taken here serialises this team's writers, so the running balances below are exact.
      const after = await debitBalance(tx, teamId, team.billed);
      balances.set(teamId, after);
      let running = after + team.billed;
      for (const row of team.debits) {
        running -= row.billedMicros ?? 0;
        ledger.push({ teamId, kind: 'debit', amountMicros: -(row.billedMicros ?? 0), balanceAfterMicros: running, generationId: row.generationId, actor: 'gateway' });
      }
    }
    await insertJsonRows(tx, creditLedger, ledger);
    for (const [keyId, spend] of spendByKey) await addKeySpend(tx, keyId, spend.amount, spend.at);
    await releaseHolds(tx, rows.map((row) => row.generationId));
    return { written: fresh.size, balances };
  });
}

export async function findGeneration(db: DbOrTx, teamId: string, generationId: string) {
  const [row] = await db
    .select()
    .from(usageLogs)
    .where(and(eq(usageLogs.generationId, generationId), eq(usageLogs.teamId, teamId)))
    .limit(1);
  return row;
}

export async function listGenerations(db: DbOrTx, teamId: string, generationIds: string[]) {
  if (generationIds.length === 0) return [];
  return db
    .select()
    .from(usageLogs)
    .where(and(eq(usageLogs.teamId, teamId), inArray(usageLogs.generationId, generationIds)));
}

/** Spend and request count since a moment, for one key or one quota entity of a team. */
export async function sumUsageSince(db: DbOrTx, filter: { teamId: string; apiKeyId?: string; quotaEntityId?: string; since: Date }) {
  const conditions = [eq(usageLogs.teamId, filter.teamId), gte(usageLogs.createdAt, filter.since)];
  if (filter.apiKeyId) conditions.push(eq(usageLogs.apiKeyId, filter.apiKeyId));
  if (filter.quotaEntityId) conditions.push(eq(usageLogs.quotaEntityId, filter.quotaEntityId));
  const [row] = await db
    .select({ costMicros: sql<string>`coalesce(sum(${usageLogs.costMicros}), 0)`, requests: sql<string>`count(*)` })
    .from(usageLogs)
    .where(and(...conditions));
  return { costMicros: Number(row?.costMicros ?? 0), requests: Number(row?.requests ?? 0) };
}
