import { findApiKeyOwner } from '@/db/queries/api-keys';
import { GatewayError } from '../../gateway/errors';
import { roleAtLeast, type ServiceContext } from '../context';
import { actorRole } from '../members/roles';
import { requireObjectTeam } from '../object-team';
import { keyNotFound } from './key-not-found';

/**
 * The team of a key the actor may change, and whether they act as its team's admin. Admins and
 * owners change any key of their team; a member only the keys they created, and only in the
 * ways `memberMay` allows (renaming and rotating: a member could make a new key anyway, but
 * must not lift a limit or an expiry an admin set). A revoked key cannot change any more.
 */
export async function requireKeyChange(ctx: ServiceContext, { keyId, expectedTeam, adminOnly }: { keyId: string; expectedTeam?: string; adminOnly: boolean }) {
  const owner = await findApiKeyOwner(ctx.db, keyId);
  const team = await requireObjectTeam(ctx, { ownerTeamId: owner?.teamId, minimum: 'member', expectedTeam, notFound: keyNotFound });
  const role = await actorRole(ctx, team.id);
  const isAdmin = role !== undefined && roleAtLeast(role, 'admin');
  if (!isAdmin) {
    const own = ctx.actor.kind === 'user' && owner!.createdBy === ctx.actor.userId;
    if (!own) throw new GatewayError('forbidden', `Only a team admin can change a key someone else created in team '${team.slug}'.`);
    if (adminOnly) throw new GatewayError('forbidden', `Only a team admin can change a key's limits or expiry in team '${team.slug}'.`);
  }
  if (owner!.revokedAt) throw new GatewayError('invalid_request', 'This API key is revoked; it cannot be changed.', { status: 409 });
  return team;
}
