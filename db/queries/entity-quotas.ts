import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { entityQuotas } from '../schema';

export async function findEntityQuota(db: DbOrTx, teamId: string, entityId: string) {
  const [row] = await db
    .select()
    .from(entityQuotas)
    .where(and(eq(entityQuotas.teamId, teamId), eq(entityQuotas.entityId, entityId)))
    .limit(1);
  return row;
}

export async function listEntityQuotas(db: DbOrTx, teamId: string) {
  return db.select().from(entityQuotas).where(eq(entityQuotas.teamId, teamId));
}

export async function upsertEntityQuota(db: DbOrTx, quota: typeof entityQuotas.$inferInsert) {
  const [row] = await db
    .insert(entityQuotas)
    .values(quota)
    .onConflictDoUpdate({ target: [entityQuotas.teamId, entityQuotas.entityId], set: { period: quota.period, spendLimitMicros: quota.spendLimitMicros, requestLimit: quota.requestLimit } })
    .returning();
  return row;
}

export async function deleteEntityQuota(db: DbOrTx, teamId: string, entityId: string): Promise<boolean> {
  const rows = await db
    .delete(entityQuotas)
    .where(and(eq(entityQuotas.teamId, teamId), eq(entityQuotas.entityId, entityId)))
    .returning({ entityId: entityQuotas.entityId });
  return rows.length > 0;
}
