import { and, eq, gt, gte, inArray, lt, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client';
import { apiKeys, creditBalances, creditHolds, entityQuotas, usageLogs } from '../schema';
import { budgetSpentAndHeld, lockBudget, type Budget } from './budgets';
import { prepared } from '../prepared';

export type HoldRequest = {
  generationId: string;
  teamId: string;
  expiresAt: Date;
  /** Held against the team's credit; 0 when the balance is far from zero or no system credential can serve. */
  creditMicros: number;
  spendMicros: number;
  /** The key's spend limit; `since` is null for a lifetime ('total') limit. */
  key?: { id: string; limitMicros: number; since: Date | null };
  entity?: { id: string; spendLimitMicros: number | null; requestLimit: number | null; since: Date };
  /** Budgets near their limit (lib/billing/budgets.ts); `since` is null for a lifetime budget. */
  budgets?: Array<{ budget: Budget; since: Date | null }>;
  /** The taking process's spool owner id, when it has a spool. */
  owner?: string;
};

export type HoldRefusal = 'credit' | 'key_spend' | 'entity_spend' | 'entity_requests' | 'budget';

/** Which budget refused a hold, and what it had spent and held then. */
export type BudgetRefusal = { budget: Budget; spentMicros: number; heldMicros: number };

export type HoldResult = { ok: true } | { ok: false; refused: HoldRefusal; budget?: BudgetRefusal };

class Refused extends Error {
  constructor(
    readonly reason: HoldRefusal,
    readonly budget?: BudgetRefusal,
  ) {
    super(reason);
  }
}

const live = sql`${creditHolds.expiresAt} > now()`;
const sumOf = (column: AnyColumn) => sql<string>`coalesce(sum(${column}), 0)`;
/** The live holds of one scope, as a scalar subquery. */
const heldBy = (column: AnyColumn, scope: SQL) => sql`select coalesce(sum(${column}), 0) from ${creditHolds} where ${scope} and ${live}`;

/**
 * Takes a hold if every limit it counts against still has room, or takes nothing. Each limit's
 * row (the team's balance, the key, the quota) is locked first: holders on any instance queue on
 * it, and the statement after the lock sees every hold and usage row committed before it, so N
 * instances admit together what one would. (A single conditional statement cannot do this for
 * sums: it reads them from a snapshot taken before it waited for the lock.) What is spent and what
 * is held are read in one statement, one snapshot: the usage batch turns a hold into a usage row
 * in one transaction, and two statements could see neither. Locks are taken in the order the
 * usage batch takes them (balance, then key), so the two cannot deadlock.
 * "Room" means what is spent plus what is held is still below the limit: at most one hold's worth
 * can pass it.
 */
export async function takeHold(db: Db, hold: HoldRequest): Promise<HoldResult> {
  try {
    await db.transaction(async (tx) => {
      if (hold.creditMicros > 0) {
        await tx.select({ id: creditBalances.teamId }).from(creditBalances).where(eq(creditBalances.teamId, hold.teamId)).for('update');
        const [room] = await tx
          .select({ micros: sql<string>`${creditBalances.balanceMicros} - (${heldBy(creditHolds.creditMicros, eq(creditHolds.teamId, hold.teamId))})` })
          .from(creditBalances)
          .where(eq(creditBalances.teamId, hold.teamId));
        if (!room || Number(room.micros) <= 0) throw new Refused('credit');
      }
      if (hold.key) {
        const { id, since, limitMicros } = hold.key;
        await tx.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.id, id)).for('update');
        const spent =
          since === null
            ? sql`(select ${apiKeys.spentMicros} from ${apiKeys} where ${apiKeys.id} = ${id})`
            : sql`(select coalesce(sum(${usageLogs.costMicros}), 0) from ${usageLogs} where ${and(eq(usageLogs.teamId, hold.teamId), eq(usageLogs.apiKeyId, id), gte(usageLogs.createdAt, since))})`;
        const [used] = await tx.execute<{ micros: string }>(sql`select ${spent} + (${heldBy(creditHolds.spendMicros, eq(creditHolds.apiKeyId, id))}) as micros`);
        if (Number(used.micros) >= limitMicros) throw new Refused('key_spend');
      }
      if (hold.entity) {
        const { id, since, spendLimitMicros, requestLimit } = hold.entity;
        await tx
          .select({ id: entityQuotas.entityId })
          .from(entityQuotas)
          .where(and(eq(entityQuotas.teamId, hold.teamId), eq(entityQuotas.entityId, id)))
          .for('update');
        const logged = and(eq(usageLogs.teamId, hold.teamId), eq(usageLogs.quotaEntityId, id), gte(usageLogs.createdAt, since));
        const held = and(eq(creditHolds.teamId, hold.teamId), eq(creditHolds.quotaEntityId, id), live);
        const [used] = await tx.execute<{ micros: string; requests: string }>(sql`select
          (select coalesce(sum(${usageLogs.costMicros}), 0) from ${usageLogs} where ${logged}) + (select coalesce(sum(${creditHolds.spendMicros}), 0) from ${creditHolds} where ${held}) as micros,
          (select count(*) from ${usageLogs} where ${logged}) + (select count(*) from ${creditHolds} where ${held}) as requests`);
        if (spendLimitMicros !== null && Number(used.micros) >= spendLimitMicros) throw new Refused('entity_spend');
        if (requestLimit !== null && Number(used.requests) >= requestLimit) throw new Refused('entity_requests');
      }
      // Budgets last, in id order: every holder locks them in the same order, after the others.
      const near = [...(hold.budgets ?? [])].sort((a, b) => a.budget.id.localeCompare(b.budget.id));
      for (const { budget, since } of near) {
        await lockBudget(tx, budget.id);
        const used = await budgetSpentAndHeld(tx, budget, since);
        if (used.spentMicros + used.heldMicros >= budget.limitMicros) throw new Refused('budget', { budget, ...used });
      }
      await tx.insert(creditHolds).values({
        generationId: hold.generationId,
        teamId: hold.teamId,
        creditMicros: hold.creditMicros,
        spendMicros: hold.spendMicros,
        apiKeyId: hold.key?.id ?? null,
        quotaEntityId: hold.entity?.id ?? null,
        budgetIds: near.map(({ budget }) => budget.id),
        expiresAt: hold.expiresAt,
        owner: hold.owner ?? null,
      });
    });
    return { ok: true };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, refused: error.reason, budget: error.budget };
    throw error;
  }
}

/**
 * The request's real cost is known: the hold shrinks (or grows) to it at once, so an estimate
 * made for the worst case stops keeping other requests out; it stays, at the real cost, until
 * the usage row that debits it is written. A hold already released is left alone.
 */
export async function settleHold(db: DbOrTx, generationId: string, amounts: { creditMicros: number; spendMicros: number }) {
  await db.update(creditHolds).set(amounts).where(eq(creditHolds.generationId, generationId));
}

/**
 * Releases the holds of generations whose usage rows (and debits) this transaction writes. Deleting by id makes it once only.
 * The ids go as one JSON parameter: `in ($1, …, $200)` made drizzle build and the driver bind a
 * parameter per row of every meter flush, and a statement text per batch size to prepare again.
 */
export async function releaseHolds(tx: DbOrTx, generationIds: string[]) {
  if (generationIds.length === 0) return;
  await tx.execute(prepared(sql`delete from ${creditHolds} where ${creditHolds.generationId} in (select jsonb_array_elements_text(${JSON.stringify(generationIds)}::jsonb))`));
}

/**
 * Releases every hold taken by processes that are gone (their spools were claimed at start). Run
 * after their replayed rows were written, which released the holds of the requests they spooled;
 * what is left belongs to requests that died before spooling anything, and none of them is still
 * running.
 */
export async function releaseHoldsOf(db: DbOrTx, owners: string[]): Promise<number> {
  if (owners.length === 0) return 0;
  const rows = await db.delete(creditHolds).where(inArray(creditHolds.owner, owners)).returning({ id: creditHolds.generationId });
  return rows.length;
}

/** Deletes holds that expired before `before`: they no longer count, this only keeps the table small. */
export async function sweepExpiredHolds(db: DbOrTx, before: Date): Promise<number> {
  const rows = await db.delete(creditHolds).where(lt(creditHolds.expiresAt, before)).returning({ id: creditHolds.generationId });
  return rows.length;
}

/** Credit held for a team's requests in flight. */
export async function heldCredit(db: DbOrTx, teamId: string): Promise<number> {
  const [row] = await db
    .select({ micros: sumOf(creditHolds.creditMicros) })
    .from(creditHolds)
    .where(and(eq(creditHolds.teamId, teamId), gt(creditHolds.creditMicros, 0), live));
  return Number(row?.micros ?? 0);
}
