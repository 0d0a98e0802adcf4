import { count, desc, lt } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client';
import { usageDeadLetters } from '../schema';
import { releaseCredit } from './credits';

export type DeadLetter = typeof usageDeadLetters.$inferInsert;

/**
 * Keeps a usage row the database refused, once per generation id, and releases the credit hold
 * it carried: the hold would otherwise stay reserved for ever, since its row never gets written.
 * Returns whether the row is new.
 */
export async function insertDeadLetter(db: Db, entry: DeadLetter & { reservedMicros: number }): Promise<boolean> {
  const { reservedMicros, ...letter } = entry;
  return db.transaction(async (tx) => {
    const inserted = await tx.insert(usageDeadLetters).values(letter).onConflictDoNothing().returning({ id: usageDeadLetters.generationId });
    if (inserted.length > 0 && reservedMicros > 0) await releaseCredit(tx, letter.teamId, reservedMicros);
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
