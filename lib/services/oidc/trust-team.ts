import { findOidcTrustTeam } from '@/db/queries/oidc-trusts';
import { GatewayError } from '../../gateway/errors';
import type { ServiceContext } from '../context';
import { requireObjectTeam } from '../object-team';

/** The one answer for a trust id that is unknown or another team's: no id, no team. */
export const trustNotFound = () => new GatewayError('not_found', 'OIDC trust not found.');

/**
 * The team of a trust the actor may manage (team admin). `expectedTeam` (id or slug), when given,
 * must be that team: the console acts within the team on screen, so a trust of another team is
 * "not found" there, whatever the actor's rights elsewhere.
 */
export async function requireTrustTeam(ctx: ServiceContext, trustId: string, expectedTeam?: string) {
  return requireObjectTeam(ctx, { ownerTeamId: await findOidcTrustTeam(ctx.db, trustId), minimum: 'admin', expectedTeam, notFound: trustNotFound });
}
