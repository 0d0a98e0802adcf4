import { describe, expect, it } from 'vitest';
import type { Budget } from '@/db/queries/budgets';
import type { Principal } from '../auth/api-key-auth';
import { applicableBudgets, budgetExceededMessage, budgetPeriodStart, formatDollars } from './budgets';

const budget = (scope: string, subject: string, period = 'month'): Budget => ({ id: `${scope}-${subject}`, teamId: 't', scope, subject, period, limitMicros: 50_000_000, createdAt: new Date(0) });

describe('budgets', () => {
  it('start their period at the UTC day, Monday, month, or never', () => {
    const sunday = new Date('2026-12-06T18:00:00Z');
    expect(budgetPeriodStart('day', sunday)?.toISOString()).toBe('2026-12-06T00:00:00.000Z');
    expect(budgetPeriodStart('week', sunday)?.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(budgetPeriodStart('week', new Date('2026-11-30T00:00:01Z'))?.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(budgetPeriodStart('month', sunday)?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(budgetPeriodStart('total', sunday)).toBeNull();
  });

  it("apply to the request's member, key, end user and tags only", () => {
    const all = [budget('member', 'user_1'), budget('key', 'key_1'), budget('user', 'alice'), budget('tag', 'batch'), budget('tag', 'other'), budget('key', 'key_2')];
    const principal = { apiKeyId: 'key_1', memberId: 'user_1' } as Principal;
    expect(applicableBudgets(all, principal, { user: 'alice', tags: ['batch'] }).map((item) => item.id)).toEqual(['member-user_1', 'key-key_1', 'user-alice', 'tag-batch']);
    expect(applicableBudgets(all, { apiKeyId: null, memberId: null } as Principal, {}).map((item) => item.id)).toEqual([]);
  });

  it('name the budget and its spend in the refusal', () => {
    expect(budgetExceededMessage(budget('tag', 'batch-jobs'), 50_020_000)).toBe("budget exceeded: tag 'batch-jobs' month limit $50.00 (spent $50.02)");
    expect(budgetExceededMessage(budget('key', 'key_1', 'day'), 49_000_000, 2_000_000)).toBe("budget exceeded: key 'key_1' day limit $50.00 (spent $49.00, $2.00 held by requests in flight)");
    expect(formatDollars(100)).toBe('$0.000100');
    expect(formatDollars(0)).toBe('$0.00');
  });
});
