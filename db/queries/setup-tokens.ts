import { and, eq, gt } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { setupTokens } from '../schema';

export async function insertSetupToken(db: DbOrTx, token: typeof setupTokens.$inferInsert) {
  await db.insert(setupTokens).values(token);
}

/** Whether an unexpired token with this hash exists. */
export async function findLiveSetupToken(db: DbOrTx, tokenHash: string, now = new Date()) {
  const [row] = await db
    .select({ id: setupTokens.id })
    .from(setupTokens)
    .where(and(eq(setupTokens.tokenHash, tokenHash), gt(setupTokens.expiresAt, now)))
    .limit(1);
  return row;
}

/** Consumes this token; false when it was already used or has expired (two racing setups: one wins). */
export async function consumeSetupToken(db: DbOrTx, tokenHash: string, now = new Date()): Promise<boolean> {
  const rows = await db
    .delete(setupTokens)
    .where(and(eq(setupTokens.tokenHash, tokenHash), gt(setupTokens.expiresAt, now)))
    .returning({ id: setupTokens.id });
  return rows.length > 0;
}

export async function deleteAllSetupTokens(db: DbOrTx) {
  await db.delete(setupTokens);
}
