import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { memberships, teamSettings, teams, users } from '../schema';

/**
 * What a playground token's holder may do in its team right now: the team's plan and policy
 * (as findApiKeyByHash loads them for a key), the user's role there and whether they are an
 * instance admin. Undefined when the team or the user no longer exists.
 */
export async function findPlaygroundPrincipal(db: DbOrTx, teamId: string, userId: string) {
  const [row] = await db
    .select({
      teamId: teams.id,
      plan: teams.plan,
      settings: teamSettings,
      role: memberships.role,
      isInstanceAdmin: users.isInstanceAdmin,
      disabledAt: users.disabledAt,
    })
    .from(teams)
    .innerJoin(teamSettings, eq(teamSettings.teamId, teams.id))
    .innerJoin(users, eq(users.id, userId))
    .leftJoin(memberships, and(eq(memberships.teamId, teams.id), eq(memberships.userId, users.id)))
    .where(eq(teams.id, teamId))
    .limit(1);
  return row;
}
