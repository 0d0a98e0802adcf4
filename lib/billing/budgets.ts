import type { Budget, BudgetPeriod } from '@/db/queries/budgets';
import type { Principal } from '../auth/api-key-auth';
import type { GatewayOptions } from '../gateway/types';

/** Start of the budget's current period (UTC; weeks start on Monday), or null for a lifetime budget. */
export function budgetPeriodStart(period: BudgetPeriod | string, now = new Date()): Date | null {
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (period === 'day') return new Date(day);
  if (period === 'week') return new Date(day - ((now.getUTCDay() + 6) % 7) * 86_400_000);
  if (period === 'month') return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return null;
}

/** The team's budgets that this request's spend counts against: its member's, its key's, its end user's and its tags'. */
export function applicableBudgets(budgets: Budget[], principal: Principal, options: Pick<GatewayOptions, 'user' | 'tags'>): Budget[] {
  if (budgets.length === 0) return budgets;
  return budgets.filter((budget) => {
    switch (budget.scope) {
      case 'member':
        return Boolean(principal.memberId) && budget.subject === principal.memberId;
      case 'key':
        return Boolean(principal.apiKeyId) && budget.subject === principal.apiKeyId;
      case 'user':
        return Boolean(options.user) && budget.subject === options.user;
      case 'tag':
        return options.tags?.includes(budget.subject) ?? false;
      default:
        return false;
    }
  });
}

/** Dollars with cents, as people read limits: 50000000 → "$50.00"; below a cent, more digits. */
export function formatDollars(micros: number): string {
  const dollars = micros / 1_000_000;
  return `$${Math.abs(dollars) >= 0.01 || dollars === 0 ? dollars.toFixed(2) : dollars.toFixed(6)}`;
}

/** "tag 'batch-jobs' month limit $50.00": the words a refusal and the console use for a budget. */
export function describeBudget(budget: Pick<Budget, 'scope' | 'subject' | 'period' | 'limitMicros'>): string {
  return `${budget.scope} '${budget.subject}' ${budget.period} limit ${formatDollars(budget.limitMicros)}`;
}

/** The 402's message: "budget exceeded: tag 'batch-jobs' month limit $50.00 (spent $50.02)". */
export function budgetExceededMessage(budget: Budget, spentMicros: number, heldMicros = 0): string {
  const held = heldMicros > 0 ? `, ${formatDollars(heldMicros)} held by requests in flight` : '';
  return `budget exceeded: ${describeBudget(budget)} (spent ${formatDollars(spentMicros)}${held})`;
}
