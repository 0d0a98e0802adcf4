import type { DbOrTx } from '@/db/client';
import { listBudgets, sumBudgetSpend, type Budget } from '@/db/queries/budgets';
import { budgetPeriodStart } from '../../billing/budgets';

export type BudgetStatus = { budget: Budget; spentMicros: number; fraction: number };

/**
 * Each of a team's budgets with what its current period has spent (written usage rows) and the
 * fraction of its limit that is. No role check: for internal callers (alerts) and for verbs
 * that have checked the actor already.
 */
export async function listBudgetStatus(db: DbOrTx, teamId: string, now = new Date()): Promise<BudgetStatus[]> {
  const budgets = await listBudgets(db, teamId);
  return Promise.all(
    budgets.map(async (budget) => {
      const spentMicros = await sumBudgetSpend(db, budget, budgetPeriodStart(budget.period, now));
      return { budget, spentMicros, fraction: budget.limitMicros > 0 ? spentMicros / budget.limitMicros : 1 };
    }),
  );
}
