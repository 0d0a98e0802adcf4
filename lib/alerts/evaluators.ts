import type { Db } from '@/db/client';
import { getBalanceAndLastTopUp, listKeysWithSpendLimits, listSpendQuotas, providerErrorCounts, type AlertRule } from '@/db/queries/alert-rules';
import { listBudgets, sumBudgetSpend } from '@/db/queries/budgets';
import { sumUsageSince } from '@/db/queries/usage-logs';
import { budgetPeriodStart } from '../billing/budgets';
import { formatDollars } from '../console/format';
import { periodStart } from '../gateway/reserve-spend';

/** A threshold found crossed now; recorded once per (rule, subject, threshold, period key). */
export type Crossing = { subject: string; threshold: number; value: number; periodKey: string; message: string };

/** One kind of alert: reads what it needs for a rule and says which thresholds are crossed now. */
export type AlertSource = {
  kind: string;
  /** What the thresholds mean, for forms and validation. */
  unit: 'percent' | 'micros';
  evaluate(db: Db, rule: AlertRule, now: Date): Promise<Crossing[]>;
};

const day = (now: Date) => now.toISOString().slice(0, 10);
const month = (now: Date) => now.toISOString().slice(0, 7);
const hour = (now: Date) => now.toISOString().slice(0, 13);

/** `day`/`month` limits start a new period each UTC day or month; a lifetime one re-arms when its limit changes. */
function limitPeriodKey(period: string, limitMicros: number, now: Date): string {
  if (period === 'day') return `day:${day(now)}`;
  if (period === 'month') return `month:${month(now)}`;
  return `total:${limitMicros}`;
}

/** Each threshold (a percentage of `limit`) that `spent` has reached. */
function percentCrossings(rule: AlertRule, spent: number, limit: number, describe: (threshold: number) => string, subject: string, periodKey: string): Crossing[] {
  const percent = (spent / limit) * 100;
  return rule.thresholds.filter((threshold) => percent >= threshold).map((threshold) => ({ subject, threshold, value: Math.round(percent * 100) / 100, periodKey, message: describe(threshold) }));
}

/** The team's balance fell below a threshold (micro-dollars); a top-up re-arms it. */
const lowBalance: AlertSource = {
  kind: 'low_balance',
  unit: 'micros',
  async evaluate(db, rule) {
    const { balanceMicros, lastTopUpId } = await getBalanceAndLastTopUp(db, rule.teamId);
    return rule.thresholds
      .filter((threshold) => balanceMicros < threshold)
      .map((threshold) => ({
        subject: 'team',
        threshold,
        value: balanceMicros,
        periodKey: `topup:${lastTopUpId}`,
        message: `The credit balance is ${formatDollars(balanceMicros)}, below ${formatDollars(threshold)}.`,
      }));
  },
};

/** A key spent a percentage of its spend limit in the limit's period. */
const keySpend: AlertSource = {
  kind: 'key_spend',
  unit: 'percent',
  async evaluate(db, rule, now) {
    const crossings: Crossing[] = [];
    for (const key of await listKeysWithSpendLimits(db, rule.teamId)) {
      const limit = key.spendLimitMicros!;
      const spent = key.spendLimitPeriod === 'total' ? key.spentMicros : (await sumUsageSince(db, { teamId: rule.teamId, apiKeyId: key.id, since: periodStart(key.spendLimitPeriod, now) })).costMicros;
      const per = key.spendLimitPeriod === 'total' ? '' : ` this ${key.spendLimitPeriod}`;
      crossings.push(
        ...percentCrossings(rule, spent, limit, (threshold) => `API key “${key.name}” has spent ${threshold}% or more of its ${formatDollars(limit)} limit${per} (${formatDollars(spent)}).`, key.id, limitPeriodKey(key.spendLimitPeriod, limit, now)),
      );
    }
    return crossings;
  },
};

/** A quota entity (a customer, a project) spent a percentage of its spend quota in the quota's period. */
const entityQuota: AlertSource = {
  kind: 'entity_quota',
  unit: 'percent',
  async evaluate(db, rule, now) {
    const crossings: Crossing[] = [];
    for (const quota of await listSpendQuotas(db, rule.teamId)) {
      const limit = quota.spendLimitMicros!;
      const spent = (await sumUsageSince(db, { teamId: rule.teamId, quotaEntityId: quota.entityId, since: periodStart(quota.period, now) })).costMicros;
      crossings.push(
        ...percentCrossings(rule, spent, limit, (threshold) => `Quota entity “${quota.entityId}” has spent ${threshold}% or more of its ${formatDollars(limit)} quota (${formatDollars(spent)}).`, quota.entityId, limitPeriodKey(quota.period, limit, now)),
      );
    }
    return crossings;
  },
};

/** A provider's share of failed requests over the last `windowHours` hours (hourly rollups); at most once an hour. */
const providerErrorRate: AlertSource = {
  kind: 'provider_error_rate',
  unit: 'percent',
  async evaluate(db, rule, now) {
    const windowHours = rule.windowHours ?? 1;
    const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), now.getUTCHours() - (windowHours - 1)));
    const crossings: Crossing[] = [];
    for (const row of await providerErrorCounts(db, rule.teamId, since)) {
      if (row.requests === 0 || row.requests < (rule.minRequests ?? 20)) continue;
      const percent = (row.errors / row.requests) * 100;
      for (const threshold of rule.thresholds.filter((value) => percent >= value)) {
        crossings.push({
          subject: row.provider,
          threshold,
          value: Math.round(percent * 100) / 100,
          periodKey: `hour:${hour(now)}`,
          message: `${row.errors} of ${row.requests} requests to ${row.provider} failed in the last ${windowHours} hour${windowHours === 1 ? '' : 's'} (${percent.toFixed(1)}%, threshold ${threshold}%).`,
        });
      }
    }
    return crossings;
  },
};

/** A budget (per member, key, end user or tag) spent a percentage of its limit in its period. */
const budget: AlertSource = {
  kind: 'budget',
  unit: 'percent',
  async evaluate(db, rule, now) {
    const crossings: Crossing[] = [];
    for (const row of await listBudgets(db, rule.teamId)) {
      const since = budgetPeriodStart(row.period, now);
      const spent = await sumBudgetSpend(db, row, since);
      // A lifetime budget re-arms when its limit changes; the others each period.
      const periodKey = since ? `${row.period}:${since.toISOString().slice(0, 10)}` : `total:${row.limitMicros}`;
      const per = row.period === 'total' ? '' : ` this ${row.period}`;
      crossings.push(
        ...percentCrossings(rule, spent, row.limitMicros, (threshold) => `The ${row.scope} budget “${row.subject}” has spent ${threshold}% or more of its ${formatDollars(row.limitMicros)} limit${per} (${formatDollars(spent)}).`, row.id, periodKey),
      );
    }
    return crossings;
  },
};

/** Every kind of alert there is: rule validation, the console form and the API take their list of kinds from this array. */
export const sources: AlertSource[] = [lowBalance, keySpend, entityQuota, budget, providerErrorRate];

export const alertKinds = sources.map((source) => source.kind);

export function findSource(kind: string): AlertSource | undefined {
  return sources.find((source) => source.kind === kind);
}
