import type { Db, DbOrTx } from '@/db/client';
import { applyLedgerEntryOnce, findTeamPlanCredits, listTeamsDueMonthlyCredits, monthlyCreditsKey } from '@/db/queries/credits';
import type { Logger } from '../logger';

/** The calendar month (UTC) a grant belongs to, as `YYYY-MM`. */
export function creditMonth(now = new Date()): string {
  return now.toISOString().slice(0, 7);
}

export type MonthlyGrant = { outcome: 'granted' | 'already-granted' | 'none-included'; amountMicros: number };

/**
 * The team's plan's included credits for `month`, in the caller's transaction: a `monthly`
 * ledger row keyed `monthly:<team>:<month>` and the balance, or nothing if that key is taken
 * (by this or any other instance) or the plan includes no credits. The amount is what the
 * plan includes when the grant is made, so moving to another plan mid-month grants nothing
 * more that month.
 */
export async function grantMonthlyCredits(tx: DbOrTx, teamId: string, month: string): Promise<MonthlyGrant> {
  const plan = await findTeamPlanCredits(tx, teamId);
  if (!plan || plan.monthlyCreditsMicros <= 0) return { outcome: 'none-included', amountMicros: 0 };
  const balance = await applyLedgerEntryOnce(tx, {
    teamId,
    kind: 'monthly',
    amountMicros: plan.monthlyCreditsMicros,
    idempotencyKey: monthlyCreditsKey(teamId, month),
    note: `Included with the ${plan.planName} plan for ${month}`,
    actor: 'system',
  });
  return balance === null ? { outcome: 'already-granted', amountMicros: 0 } : { outcome: 'granted', amountMicros: plan.monthlyCreditsMicros };
}

export type MonthlyCredits = {
  /**
   * Makes sure the team has this month's grant. The first call per team and month asks the
   * database; after that this instance remembers, so the hot path pays a Set lookup.
   * Resolves true when this call made the grant.
   */
  ensure(teamId: string): Promise<boolean>;
  /** Grants every team that is due, e.g. at start and when a month begins. Resolves to how many were granted. */
  sweep(): Promise<number>;
};

export function createMonthlyCredits(options: { db: Db; logger?: Logger; now?: () => Date; onGranted?: (teamId: string) => void }): MonthlyCredits {
  const now = options.now ?? (() => new Date());
  let month = '';
  // `<team>|<month>` for grants known to exist; emptied when the month changes.
  const granted = new Set<string>();
  const inFlight = new Map<string, Promise<boolean>>();

  function current(): string {
    const value = creditMonth(now());
    if (value !== month) {
      month = value;
      granted.clear();
    }
    return value;
  }

  async function grant(teamId: string, forMonth: string): Promise<boolean> {
    const result = await options.db.transaction((tx) => grantMonthlyCredits(tx, teamId, forMonth));
    // A plan without included credits is not remembered: a team moved to one with credits gets them this month.
    if (result.outcome !== 'none-included') granted.add(`${teamId}|${forMonth}`);
    if (result.outcome !== 'granted') return false;
    options.logger?.info('monthly credits granted', { teamId, month: forMonth, amountMicros: result.amountMicros });
    options.onGranted?.(teamId);
    return true;
  }

  return {
    ensure(teamId) {
      const forMonth = current();
      const key = `${teamId}|${forMonth}`;
      if (granted.has(key)) return Promise.resolve(false);
      let pending = inFlight.get(key);
      if (!pending) {
        pending = grant(teamId, forMonth).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    },
    async sweep() {
      const forMonth = current();
      let count = 0;
      for (const teamId of await listTeamsDueMonthlyCredits(options.db, forMonth)) {
        if (await grant(teamId, forMonth)) count += 1;
      }
      return count;
    },
  };
}
