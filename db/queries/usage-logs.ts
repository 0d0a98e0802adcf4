import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { DbOrTx, Db } from '../client';
import { usageLogs } from '../schema';
import { addKeySpend } from './api-keys';
import { applyLedgerEntry, releaseCredit } from './credits';

export type UsageRow = typeof usageLogs.$inferInsert;

/**
 * Writes usage rows and their debits in one transaction. The generation id is the primary
 * key of the usage row and unique in the ledger, so a batch retried after a failure (or
 * flushed twice) charges each generation exactly once.
 */
export async function writeUsageBatch(db: Db, rows: UsageRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(usageLogs)
      .values(rows)
      .onConflictDoNothing({ target: usageLogs.generationId })
      .returning({ generationId: usageLogs.generationId });
    const fresh = new Set(inserted.map((row) => row.generationId));
    const spendByKey = new Map<string, { amount: number; at: Date }>();
    for (const row of rows) {
      if (!fresh.has(row.generationId)) continue;
      if (row.reservedMicros) await releaseCredit(tx, row.teamId, row.reservedMicros);
      const billed = row.billedMicros ?? 0;
      if (billed > 0) {
        await applyLedgerEntry(tx, { teamId: row.teamId, kind: 'debit', amountMicros: -billed, generationId: row.generationId, actor: 'gateway' });
      }
      if (row.apiKeyId) {
        const current = spendByKey.get(row.apiKeyId) ?? { amount: 0, at: new Date(0) };
        const at = row.createdAt instanceof Date ? row.createdAt : new Date();
        spendByKey.set(row.apiKeyId, { amount: current.amount + (row.costMicros ?? 0), at: at > current.at ? at : current.at });
      }
    }
    for (const [keyId, spend] of spendByKey) await addKeySpend(tx, keyId, spend.amount, spend.at);
    return fresh.size;
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
