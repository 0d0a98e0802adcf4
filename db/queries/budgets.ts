import { and, asc, eq, gte, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { apiKeys, budgets, creditHolds, usageLogs } from '../schema';

export type Budget = typeof budgets.$inferSelect;
export type BudgetScope = 'member' | 'key' | 'user' | 'tag';
export type BudgetPeriod = 'day' | 'week' | 'month' | 'total';

export async function listBudgets(db: DbOrTx, teamId: string): Promise<Budget[]> {
  return db.select().from(budgets).where(eq(budgets.teamId, teamId)).orderBy(asc(budgets.scope), asc(budgets.subject), asc(budgets.period));
}

/** Inserts a budget, or changes the limit of the one with the same scope, subject and period. */
export async function upsertBudget(db: DbOrTx, budget: typeof budgets.$inferInsert): Promise<Budget> {
  const [row] = await db
    .insert(budgets)
    .values(budget)
    .onConflictDoUpdate({ target: [budgets.teamId, budgets.scope, budgets.subject, budgets.period], set: { limitMicros: budget.limitMicros } })
    .returning();
  return row;
}

export async function deleteBudget(db: DbOrTx, teamId: string, budgetId: string): Promise<Budget | undefined> {
  const [row] = await db
    .delete(budgets)
    .where(and(eq(budgets.id, budgetId), eq(budgets.teamId, teamId)))
    .returning();
  return row;
}

/**
 * The usage rows a budget counts: its team's, since `since`, of its key, end user, tag or member.
 * A member's rows are those of the keys they created and their own playground calls
 * (`subject = user:<id>`); `oidc:<sub>` names an OIDC workload's keyless calls.
 */
export function budgetUsageFilter(budget: Pick<Budget, 'teamId' | 'scope' | 'subject'>, since: Date | null): SQL {
  const conditions: Array<SQL | undefined> = [eq(usageLogs.teamId, budget.teamId), since ? gte(usageLogs.createdAt, since) : undefined];
  switch (budget.scope) {
    case 'key':
      conditions.push(eq(usageLogs.apiKeyId, budget.subject));
      break;
    case 'user':
      conditions.push(eq(usageLogs.endUser, budget.subject));
      break;
    case 'tag':
      // The partial GIN index on tags needs its own predicate spelled out.
      conditions.push(sql`cardinality(${usageLogs.tags}) > 0`, sql`${usageLogs.tags} @> array[${budget.subject}]::text[]`);
      break;
    default:
      if (budget.subject.startsWith('oidc:')) conditions.push(isNull(usageLogs.apiKeyId), eq(usageLogs.subject, budget.subject.slice('oidc:'.length)));
      else {
        const keysOfMember = sql`select ${apiKeys.id} from ${apiKeys} where ${and(eq(apiKeys.teamId, budget.teamId), eq(apiKeys.createdBy, budget.subject))}`;
        conditions.push(or(eq(usageLogs.subject, `user:${budget.subject}`), sql`${usageLogs.apiKeyId} in (${keysOfMember})`));
      }
  }
  return and(...conditions)!;
}

/** What a budget's traffic has cost since `since` (BYOK included), from the written usage rows. */
export async function sumBudgetSpend(db: DbOrTx, budget: Pick<Budget, 'teamId' | 'scope' | 'subject'>, since: Date | null): Promise<number> {
  const [row] = await db
    .select({ micros: sql<string>`coalesce(sum(${usageLogs.costMicros}), 0)` })
    .from(usageLogs)
    .where(budgetUsageFilter(budget, since));
  return Number(row?.micros ?? 0);
}

/** Spent plus held by live holds, in one statement (one snapshot): what a hold checks against the limit. */
export async function budgetSpentAndHeld(db: DbOrTx, budget: Pick<Budget, 'id' | 'teamId' | 'scope' | 'subject'>, since: Date | null) {
  const [row] = await db.execute<{ spent: string; held: string }>(sql`select
    (select coalesce(sum(${usageLogs.costMicros}), 0) from ${usageLogs} where ${budgetUsageFilter(budget, since)}) as spent,
    (select coalesce(sum(${creditHolds.spendMicros}), 0) from ${creditHolds} where ${creditHolds.teamId} = ${budget.teamId} and ${creditHolds.budgetIds} @> array[${budget.id}]::text[] and ${creditHolds.expiresAt} > now()) as held`);
  return { spentMicros: Number(row?.spent ?? 0), heldMicros: Number(row?.held ?? 0) };
}

/** Locks a budget's row: holders on every instance queue on it, as they do on a key's. */
export async function lockBudget(tx: DbOrTx, budgetId: string) {
  await tx.select({ id: budgets.id }).from(budgets).where(eq(budgets.id, budgetId)).for('update');
}
