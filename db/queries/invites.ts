import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { invites, teams, users } from '../schema';

export async function insertInvite(db: DbOrTx, invite: typeof invites.$inferInsert) {
  await db.insert(invites).values(invite);
}

/** An invite by its token's hash, with its team: for the accept page (which may show the team's name). */
export async function findInviteByHash(db: DbOrTx, tokenHash: string) {
  const [row] = await db
    .select({
      id: invites.id,
      teamId: invites.teamId,
      role: invites.role,
      expiresAt: invites.expiresAt,
      acceptedAt: invites.acceptedAt,
      teamSlug: teams.slug,
      teamName: teams.name,
    })
    .from(invites)
    .innerJoin(teams, eq(teams.id, invites.teamId))
    .where(eq(invites.tokenHash, tokenHash))
    .limit(1);
  return row;
}

/** Marks an invite used; false when it was used, revoked or expired meanwhile. */
export async function markInviteAccepted(db: DbOrTx, inviteId: string, now = new Date()): Promise<boolean> {
  const rows = await db
    .update(invites)
    .set({ acceptedAt: now })
    .where(and(eq(invites.id, inviteId), isNull(invites.acceptedAt), gt(invites.expiresAt, now)))
    .returning({ id: invites.id });
  return rows.length > 0;
}

/** Open invites of a team (never the token hash). */
export async function listPendingInvites(db: DbOrTx, teamId: string, now = new Date()) {
  return db
    .select({ id: invites.id, role: invites.role, expiresAt: invites.expiresAt, createdAt: invites.createdAt, createdByEmail: users.email })
    .from(invites)
    .leftJoin(users, eq(users.id, invites.createdBy))
    .where(and(eq(invites.teamId, teamId), isNull(invites.acceptedAt), gt(invites.expiresAt, now)))
    .orderBy(desc(invites.createdAt));
}

export async function deleteInvite(db: DbOrTx, teamId: string, inviteId: string): Promise<boolean> {
  const rows = await db
    .delete(invites)
    .where(and(eq(invites.id, inviteId), eq(invites.teamId, teamId), isNull(invites.acceptedAt)))
    .returning({ id: invites.id });
  return rows.length > 0;
}
