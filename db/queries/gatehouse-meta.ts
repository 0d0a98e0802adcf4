import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { gatehouseMeta } from '../schema';

export async function readMeta(db: DbOrTx, key: string): Promise<string | undefined> {
  const [row] = await db.select({ value: gatehouseMeta.value }).from(gatehouseMeta).where(eq(gatehouseMeta.key, key)).limit(1);
  return row?.value;
}

export async function writeMeta(db: DbOrTx, key: string, value: string): Promise<void> {
  await db
    .insert(gatehouseMeta)
    .values({ key, value })
    .onConflictDoUpdate({ target: gatehouseMeta.key, set: { value, updatedAt: sql`now()` } });
}
