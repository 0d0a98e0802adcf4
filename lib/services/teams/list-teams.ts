import { listTeamIdsForUser } from '@/db/queries/memberships';
import { listTeamsWithBalances } from '@/db/queries/teams';
import { isInstanceAdmin, type ServiceContext } from '../context';

/** Teams with balances: all of them for instance admins, otherwise the actor's own. */
export async function listTeams({ ctx }: { ctx: ServiceContext }) {
  const teams = await listTeamsWithBalances(ctx.db);
  if (isInstanceAdmin(ctx.actor) || ctx.actor.kind !== 'user') return teams;
  const mine = new Set(await listTeamIdsForUser(ctx.db, ctx.actor.userId));
  return teams.filter((team) => mine.has(team.id));
}
