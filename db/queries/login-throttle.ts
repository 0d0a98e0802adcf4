import { eq, lt } from 'drizzle-orm';
import type { Db } from '../client';
import { loginThrottle } from '../schema';

export type LoginThrottleRow = { attempts: number; lastAttemptAt: Date; nextAllowedAt: Date | null };

/**
 * Reads and rewrites one counter under a row lock, so instances sharing the database take
 * turns: `update` sees the row as it is (undefined when new) and returns what to store.
 */
export async function updateLoginThrottle<T>(db: Db, key: string, update: (row: LoginThrottleRow | undefined) => { row: LoginThrottleRow; result: T }): Promise<T> {
  return db.transaction(async (tx) => {
    // Lock the row, creating it first: FOR UPDATE alone would not stop two first attempts racing.
    await tx.insert(loginThrottle).values({ key, attempts: 0, lastAttemptAt: new Date(0) }).onConflictDoNothing();
    const [current] = await tx
      .select({ attempts: loginThrottle.attempts, lastAttemptAt: loginThrottle.lastAttemptAt, nextAllowedAt: loginThrottle.nextAllowedAt })
      .from(loginThrottle)
      .where(eq(loginThrottle.key, key))
      .for('update');
    const fresh = current && current.lastAttemptAt.getTime() === 0 ? undefined : current;
    const { row, result } = update(fresh);
    await tx.update(loginThrottle).set(row).where(eq(loginThrottle.key, key));
    return result;
  });
}

export async function deleteLoginThrottle(db: Db, key: string) {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
}

/** Drops counters idle since `before`: they would start afresh anyway. */
export async function pruneLoginThrottle(db: Db, before: Date) {
  await db.delete(loginThrottle).where(lt(loginThrottle.lastAttemptAt, before));
}
