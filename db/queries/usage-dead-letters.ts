import { count, desc, lt } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client';
import { usageDeadLetters } from '../schema';
import { releaseHolds } from './credit-holds';

export type DeadLetter = typeof usageDeadLetters.$inferInsert;

/**
 * Keeps a usage row the database refused, once per generation id, and releases the credit hold
 * it carried: the hold would otherwise stay reserved until it expires, since its row never gets written.
 * Returns whether the row is new.
 */
export async function insertDeadLetter(db: Db, letter: DeadLetter): Promise<boolean> {
  return db.transaction(async (tx) => {
    const inserted = await tx.insert(usageDeadLetters).values(letter).onConflictDoNothing().returning({ id: usageDeadLetters.generationId });
    if (inserted.length > 0) await releaseHolds(tx, [letter.generationId]);
    return inserted.length > 0;
  });
}

/** Newest first; `before` continues after the previous page's last `createdAt`. */
export async function listDeadLetters(db: DbOrTx, options: { limit: number; before?: Date }) {
  return db
    .select()
    .from(usageDeadLetters)
    .where(options.before ? lt(usageDeadLetters.createdAt, options.before) : undefined)
    .orderBy(desc(usageDeadLetters.createdAt))
    .limit(options.limit);
}

export async function countDeadLetters(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: count() }).from(usageDeadLetters);
  return row?.n ?? 0;
}
