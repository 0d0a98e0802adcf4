import { listTeamsForUser } from '@/db/queries/memberships';
import { listTeamsWithBalances } from '@/db/queries/teams';
import { GatewayError } from '../../gateway/errors';
import { isInstanceAdmin, type ServiceContext } from '../context';

/** The signed-in user's teams with their role in each; an instance admin also sees every other team. */
export async function listMyTeams({ ctx }: { ctx: ServiceContext }) {
  if (ctx.actor.kind !== 'user') throw new GatewayError('forbidden', 'Only a signed-in user has teams of their own.');
  const mine = await listTeamsForUser(ctx.db, ctx.actor.userId);
  const roles = new Map(mine.map((team) => [team.id, team.role as string]));
  const all = await listTeamsWithBalances(ctx.db);
  const admin = isInstanceAdmin(ctx.actor);
  return all
    .filter((team) => admin || roles.has(team.id))
    .map((team) => ({ ...team, role: roles.get(team.id) ?? 'instance-admin' }))
    .sort((a, b) => Number(b.role !== 'instance-admin') - Number(a.role !== 'instance-admin') || a.name.localeCompare(b.name));
}
