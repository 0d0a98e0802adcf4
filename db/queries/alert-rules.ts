import { and, asc, desc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { alertEvents, alertRules, apiKeys, creditBalances, creditLedger, entityQuotas, teams, usageHourlyRollups } from '../schema';

export type AlertRule = typeof alertRules.$inferSelect;
export type AlertEvent = typeof alertEvents.$inferSelect;

export async function insertAlertRule(db: DbOrTx, rule: typeof alertRules.$inferInsert) {
  const [row] = await db.insert(alertRules).values(rule).returning();
  return row;
}

export async function listAlertRules(db: DbOrTx, teamId: string) {
  return db.select().from(alertRules).where(eq(alertRules.teamId, teamId)).orderBy(asc(alertRules.createdAt));
}

export async function findAlertRule(db: DbOrTx, teamId: string, ruleId: string) {
  const [row] = await db
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.teamId, teamId), eq(alertRules.id, ruleId)))
    .limit(1);
  return row;
}

export async function updateAlertRule(db: DbOrTx, teamId: string, ruleId: string, patch: Partial<Pick<AlertRule, 'thresholds' | 'windowHours' | 'minRequests' | 'enabled'>>) {
  const [row] = await db
    .update(alertRules)
    .set(patch)
    .where(and(eq(alertRules.teamId, teamId), eq(alertRules.id, ruleId)))
    .returning();
  return row;
}

export async function deleteAlertRule(db: DbOrTx, teamId: string, ruleId: string): Promise<boolean> {
  const rows = await db
    .delete(alertRules)
    .where(and(eq(alertRules.teamId, teamId), eq(alertRules.id, ruleId)))
    .returning({ id: alertRules.id });
  return rows.length > 0;
}

/** Enabled rules of every team, a page at a time in id order (the evaluator walks them all). */
export async function listEnabledAlertRules(db: DbOrTx, options: { afterId?: string; limit: number }) {
  return db
    .select({ rule: alertRules, teamSlug: teams.slug })
    .from(alertRules)
    .innerJoin(teams, eq(teams.id, alertRules.teamId))
    .where(and(eq(alertRules.enabled, true), options.afterId ? sql`${alertRules.id} > ${options.afterId}` : undefined))
    .orderBy(asc(alertRules.id))
    .limit(options.limit);
}

/**
 * Records a crossed threshold unless that (rule, subject, threshold, period) is already recorded.
 * Returns the row only to the one caller that inserted it: evaluators racing on several
 * instances all try, one wins, and only the winner queues deliveries.
 */
export async function insertAlertEventOnce(db: DbOrTx, event: typeof alertEvents.$inferInsert): Promise<AlertEvent | undefined> {
  const [row] = await db.insert(alertEvents).values(event).onConflictDoNothing().returning();
  return row;
}

export async function listAlertEvents(db: DbOrTx, teamId: string, options: { limit: number; unacknowledgedOnly?: boolean }) {
  return db
    .select()
    .from(alertEvents)
    .where(and(eq(alertEvents.teamId, teamId), options.unacknowledgedOnly ? isNull(alertEvents.acknowledgedAt) : undefined))
    .orderBy(desc(alertEvents.createdAt), desc(alertEvents.id))
    .limit(options.limit);
}

export async function countUnacknowledgedAlerts(db: DbOrTx, teamId: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ count: sql<string>`count(*)` })
    .from(alertEvents)
    .where(and(eq(alertEvents.teamId, teamId), isNull(alertEvents.acknowledgedAt), gte(alertEvents.createdAt, since)));
  return Number(row?.count ?? 0);
}

export async function acknowledgeAlertEvents(db: DbOrTx, teamId: string, at: Date): Promise<number> {
  const rows = await db
    .update(alertEvents)
    .set({ acknowledgedAt: at })
    .where(and(eq(alertEvents.teamId, teamId), isNull(alertEvents.acknowledgedAt)))
    .returning({ id: alertEvents.id });
  return rows.length;
}

/** Alert events older than `before` (their deliveries go with them). */
export async function pruneAlertEvents(db: DbOrTx, before: Date): Promise<number> {
  const rows = await db.delete(alertEvents).where(lt(alertEvents.createdAt, before)).returning({ id: alertEvents.id });
  return rows.length;
}

// Reads the evaluators make.

/** The balance, and the newest credit added (a top-up starts a new low-balance period). */
export async function getBalanceAndLastTopUp(db: DbOrTx, teamId: string) {
  const [balance] = await db.select({ balanceMicros: creditBalances.balanceMicros }).from(creditBalances).where(eq(creditBalances.teamId, teamId)).limit(1);
  const [topUp] = await db
    .select({ id: creditLedger.id })
    .from(creditLedger)
    .where(and(eq(creditLedger.teamId, teamId), sql`${creditLedger.amountMicros} > 0`))
    .orderBy(desc(creditLedger.id))
    .limit(1);
  return { balanceMicros: balance?.balanceMicros ?? 0, lastTopUpId: topUp?.id ?? 0 };
}

/** Live keys that have a spend limit. */
export async function listKeysWithSpendLimits(db: DbOrTx, teamId: string) {
  return db
    .select({ id: apiKeys.id, name: apiKeys.name, spendLimitMicros: apiKeys.spendLimitMicros, spendLimitPeriod: apiKeys.spendLimitPeriod, spentMicros: apiKeys.spentMicros })
    .from(apiKeys)
    .where(and(eq(apiKeys.teamId, teamId), isNull(apiKeys.revokedAt), sql`${apiKeys.spendLimitMicros} > 0`))
    .limit(1_000);
}

export async function listSpendQuotas(db: DbOrTx, teamId: string) {
  return db
    .select()
    .from(entityQuotas)
    .where(and(eq(entityQuotas.teamId, teamId), sql`${entityQuotas.spendLimitMicros} > 0`))
    .limit(1_000);
}

/** Requests and failed requests per provider since `since`, from the hourly rollups. */
export async function providerErrorCounts(db: DbOrTx, teamId: string, since: Date) {
  const rows = await db
    .select({
      provider: usageHourlyRollups.provider,
      requests: sql<string>`sum(${usageHourlyRollups.requests})`,
      errors: sql<string>`coalesce(sum(${usageHourlyRollups.requests}) filter (where ${usageHourlyRollups.status} = 'error'), 0)`,
    })
    .from(usageHourlyRollups)
    .where(and(eq(usageHourlyRollups.teamId, teamId), gte(usageHourlyRollups.periodStart, since), sql`${usageHourlyRollups.provider} is not null`))
    .groupBy(usageHourlyRollups.provider);
  return rows.map((row) => ({ provider: row.provider!, requests: Number(row.requests), errors: Number(row.errors) }));
}
