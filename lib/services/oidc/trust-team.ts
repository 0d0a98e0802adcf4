import { findOidcTrustTeam } from '@/db/queries/oidc-trusts';
import { GatewayError } from '../../gateway/errors';
import { requireTeamRole, type ServiceContext } from '../context';

export const trustNotFound = (trustId: string) => new GatewayError('not_found', `OIDC trust '${trustId}' not found.`);

/**
 * The team of a trust the actor may manage (team admin). `expectedTeam` (id or slug), when given,
 * must be that team: the console acts within the team on screen, so a trust of another team is
 * "not found" there, whatever the actor's rights elsewhere.
 */
export async function requireTrustTeam(ctx: ServiceContext, trustId: string, expectedTeam?: string) {
  const teamId = await findOidcTrustTeam(ctx.db, trustId);
  if (!teamId) throw trustNotFound(trustId);
  const team = await requireTeamRole(ctx, teamId, 'admin');
  if (expectedTeam && expectedTeam !== team.id && expectedTeam !== team.slug) throw trustNotFound(trustId);
  return team;
}
