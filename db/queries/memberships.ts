import { and, asc, count, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { memberships, teams, users } from '../schema';

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

/** A team's members with their public profile; never password hashes. */
export async function listMembers(db: DbOrTx, teamId: string) {
  return db
    .select({ userId: memberships.userId, role: memberships.role, joinedAt: memberships.createdAt, email: users.email, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.teamId, teamId))
    .orderBy(asc(memberships.createdAt));
}

/** The teams a user belongs to, with the role in each. */
export async function listTeamsForUser(db: DbOrTx, userId: string) {
  return db
    .select({ id: teams.id, slug: teams.slug, name: teams.name, role: memberships.role })
    .from(memberships)
    .innerJoin(teams, eq(teams.id, memberships.teamId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(teams.name));
}

export async function countOwners(db: DbOrTx, teamId: string): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), eq(memberships.role, 'owner')));
  return Number(row?.value ?? 0);
}

export async function updateMembershipRole(db: DbOrTx, teamId: string, userId: string, role: TeamRole): Promise<boolean> {
  const rows = await db
    .update(memberships)
    .set({ role })
    .where(and(eq(memberships.teamId, teamId), eq(memberships.userId, userId)))
    .returning({ userId: memberships.userId });
  return rows.length > 0;
}

export async function deleteMembership(db: DbOrTx, teamId: string, userId: string): Promise<boolean> {
  const rows = await db
    .delete(memberships)
    .where(and(eq(memberships.teamId, teamId), eq(memberships.userId, userId)))
    .returning({ userId: memberships.userId });
  return rows.length > 0;
}

/** The team's owners, locked until the transaction ends, so two owners cannot demote each other at once. */
export async function lockOwners(tx: DbOrTx, teamId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), eq(memberships.role, 'owner')))
    .for('update');
  return rows.map((row) => row.userId);
}
