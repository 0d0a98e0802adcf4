import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { memberships } from '../schema';

export type TeamRole = (typeof memberships.$inferSelect)['role'];

export async function findRole(db: DbOrTx, teamId: string, userId: string): Promise<TeamRole | undefined> {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), eq(memberships.userId, userId)))
    .limit(1);
  return row?.role;
}

export async function insertMembership(db: DbOrTx, membership: typeof memberships.$inferInsert) {
  await db.insert(memberships).values(membership);
}

export async function listTeamIdsForUser(db: DbOrTx, userId: string): Promise<string[]> {
  const rows = await db.select({ teamId: memberships.teamId }).from(memberships).where(eq(memberships.userId, userId));
  return rows.map((row) => row.teamId);
}
