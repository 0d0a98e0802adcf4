import { findTeam } from '@/db/queries/teams';
import type { TeamRole } from '@/db/queries/memberships';
import { GatewayError } from '../gateway/errors';
import { requireTeamRole, type ServiceContext } from './context';

/**
 * The team owning an object the actor named by its id (`ownerTeamId`, undefined if no such
 * object), if the actor may act on it with `minimum`. An object of a team the actor cannot see,
 * or of another team than `expectedTeam` (the team on screen, checked before any role), fails
 * exactly as an unknown id does, with `notFound`: the answer confirms no id and names no team.
 * A member of the owning team whose role is too low is still told so.
 */
export async function requireObjectTeam(
  ctx: ServiceContext,
  { ownerTeamId, minimum, expectedTeam, notFound }: { ownerTeamId: string | undefined; minimum: TeamRole; expectedTeam?: string; notFound: () => GatewayError },
) {
  if (!ownerTeamId) throw notFound();
  if (expectedTeam && (await findTeam(ctx.db, expectedTeam))?.id !== ownerTeamId) throw notFound();
  try {
    return await requireTeamRole(ctx, ownerTeamId, minimum);
  } catch (error) {
    if (error instanceof GatewayError && error.code === 'not_found') throw notFound();
    throw error;
  }
}
