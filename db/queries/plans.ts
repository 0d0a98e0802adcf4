import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { plans } from '../schema';

export type Plan = typeof plans.$inferSelect;

/** The plans every install starts with; existing rows (an admin may have edited them) are kept. */
export const defaultPlans: Array<typeof plans.$inferInsert> = [
  { id: 'free', name: 'Free', requestsPerMinute: 20, tokensPerMinute: 100_000, maxConcurrentRequests: 5, monthlyCreditsMicros: 0, byokAllowed: false, requestZeroDataRetentionAllowed: false },
  { id: 'pro', name: 'Pro', requestsPerMinute: 1_000, tokensPerMinute: 2_000_000, maxConcurrentRequests: 200, monthlyCreditsMicros: 0, byokAllowed: true, requestZeroDataRetentionAllowed: true },
  { id: 'unlimited', name: 'Unlimited', requestsPerMinute: null, tokensPerMinute: null, monthlyCreditsMicros: 0, byokAllowed: true, requestZeroDataRetentionAllowed: true },
];

export async function seedPlans(db: DbOrTx) {
  await db.insert(plans).values(defaultPlans).onConflictDoNothing();
}

export async function findPlan(db: DbOrTx, id: string) {
  const [plan] = await db.select().from(plans).where(eq(plans.id, id)).limit(1);
  return plan;
}

export async function listPlans(db: DbOrTx) {
  return db.select().from(plans).orderBy(asc(plans.id));
}

export async function upsertPlan(db: DbOrTx, plan: typeof plans.$inferInsert) {
  const [row] = await db
    .insert(plans)
    .values(plan)
    .onConflictDoUpdate({ target: plans.id, set: { ...plan, updatedAt: new Date() } })
    .returning();
  return row;
}
