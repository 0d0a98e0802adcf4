import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { oidcTrusts, teamSettings, teams } from '../schema';

export type OidcTrust = typeof oidcTrusts.$inferSelect;

export async function insertOidcTrust(db: DbOrTx, trust: typeof oidcTrusts.$inferInsert) {
  const [row] = await db.insert(oidcTrusts).values(trust).returning();
  return row;
}

export async function listOidcTrusts(db: DbOrTx, teamId: string) {
  return db.select().from(oidcTrusts).where(eq(oidcTrusts.teamId, teamId)).orderBy(asc(oidcTrusts.createdAt), asc(oidcTrusts.id));
}

export async function findOidcTrustTeam(db: DbOrTx, trustId: string) {
  const [row] = await db.select({ teamId: oidcTrusts.teamId }).from(oidcTrusts).where(eq(oidcTrusts.id, trustId)).limit(1);
  return row?.teamId;
}

/** Turns a trust of this team on or off; returns false when the team has no such trust. */
export async function setOidcTrustEnabled(db: DbOrTx, teamId: string, trustId: string, enabled: boolean): Promise<boolean> {
  const rows = await db
    .update(oidcTrusts)
    .set({ enabled })
    .where(and(eq(oidcTrusts.id, trustId), eq(oidcTrusts.teamId, teamId)))
    .returning({ id: oidcTrusts.id });
  return rows.length > 0;
}

/** Deletes a trust of this team; returns false when the team has no such trust. */
export async function deleteOidcTrust(db: DbOrTx, teamId: string, trustId: string): Promise<boolean> {
  const rows = await db
    .delete(oidcTrusts)
    .where(and(eq(oidcTrusts.id, trustId), eq(oidcTrusts.teamId, teamId)))
    .returning({ id: oidcTrusts.id });
  return rows.length > 0;
}

/**
 * What authentication needs for every enabled trust in one issuer: the trust's checks and its
 * team's plan and policy (as findApiKeyByHash loads them for a key). Oldest first, so the
 * order in which trusts are tried is stable.
 */
export async function listEnabledTrustsForIssuer(db: DbOrTx, issuer: string) {
  return db
    .select({
      id: oidcTrusts.id,
      teamId: oidcTrusts.teamId,
      issuer: oidcTrusts.issuer,
      audience: oidcTrusts.audience,
      claimConditions: oidcTrusts.claimConditions,
      plan: teams.plan,
      settings: teamSettings,
    })
    .from(oidcTrusts)
    .innerJoin(teams, eq(teams.id, oidcTrusts.teamId))
    .innerJoin(teamSettings, eq(teamSettings.teamId, oidcTrusts.teamId))
    .where(and(eq(oidcTrusts.issuer, issuer), eq(oidcTrusts.enabled, true)))
    .orderBy(asc(oidcTrusts.createdAt), asc(oidcTrusts.id));
}
