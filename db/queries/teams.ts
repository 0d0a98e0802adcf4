import { asc, eq, or } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { creditBalances, teamSettings, teams } from '../schema';

export async function insertTeam(db: DbOrTx, team: { id: string; slug: string; name: string; plan?: string }) {
  await db.insert(teams).values(team);
  await db.insert(teamSettings).values({ teamId: team.id });
  await db.insert(creditBalances).values({ teamId: team.id });
}

/** A team by id or by slug. */
export async function findTeam(db: DbOrTx, idOrSlug: string) {
  const [team] = await db
    .select({ id: teams.id, slug: teams.slug, name: teams.name, plan: teams.plan, createdAt: teams.createdAt })
    .from(teams)
    .where(or(eq(teams.id, idOrSlug), eq(teams.slug, idOrSlug)))
    .limit(1);
  return team;
}

export async function listTeamsWithBalances(db: DbOrTx) {
  return db
    .select({
      id: teams.id,
      slug: teams.slug,
      name: teams.name,
      plan: teams.plan,
      balanceMicros: creditBalances.balanceMicros,
      totalUsedMicros: creditBalances.totalUsedMicros,
      createdAt: teams.createdAt,
    })
    .from(teams)
    .innerJoin(creditBalances, eq(creditBalances.teamId, teams.id))
    .orderBy(asc(teams.createdAt));
}

export async function countTeams(db: DbOrTx): Promise<number> {
  const rows = await db.select({ id: teams.id }).from(teams).limit(1);
  return rows.length;
}

export async function getTeamSettings(db: DbOrTx, teamId: string) {
  const [settings] = await db.select().from(teamSettings).where(eq(teamSettings.teamId, teamId)).limit(1);
  return settings;
}

export async function updateTeamSettings(db: DbOrTx, teamId: string, patch: Partial<typeof teamSettings.$inferInsert>) {
  await db
    .update(teamSettings)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(teamSettings.teamId, teamId));
}

export async function updateTeamPlan(db: DbOrTx, teamId: string, plan: string) {
  await db.update(teams).set({ plan }).where(eq(teams.id, teamId));
}
