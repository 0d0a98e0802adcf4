import { and, eq, gt, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { consoleSessions, users } from '../schema';

export async function insertConsoleSession(db: DbOrTx, session: { id: string; userId: string; expiresAt: Date }) {
  await db.insert(consoleSessions).values(session);
}

/** Whether this session of this user still stands: not signed out, not expired, the user not disabled. */
export async function isConsoleSessionLive(db: DbOrTx, id: string, userId: string, now = new Date()): Promise<boolean> {
  const [row] = await db
    .select({ id: consoleSessions.id })
    .from(consoleSessions)
    .innerJoin(users, eq(users.id, consoleSessions.userId))
    .where(and(eq(consoleSessions.id, id), eq(consoleSessions.userId, userId), isNull(consoleSessions.revokedAt), gt(consoleSessions.expiresAt, now), isNull(users.disabledAt)))
    .limit(1);
  return Boolean(row);
}

export async function revokeConsoleSession(db: DbOrTx, id: string, now = new Date()) {
  await db.update(consoleSessions).set({ revokedAt: now }).where(and(eq(consoleSessions.id, id), isNull(consoleSessions.revokedAt)));
}

/** Ends every session of a user (password changed, account disabled); returns how many were live. */
export async function revokeUserConsoleSessions(db: DbOrTx, userId: string, now = new Date()): Promise<number> {
  const rows = await db
    .update(consoleSessions)
    .set({ revokedAt: now })
    .where(and(eq(consoleSessions.userId, userId), isNull(consoleSessions.revokedAt), gt(consoleSessions.expiresAt, now)))
    .returning({ id: consoleSessions.id });
  return rows.length;
}
