import { z } from 'zod';
import { revokeKeysCreatedBy } from '@/db/queries/api-keys';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { deleteMembership, findRole, lockOwners } from '@/db/queries/memberships';
import { findTeam } from '@/db/queries/teams';
import { GatewayError } from '../../gateway/errors';
import { actorName, type ServiceContext } from '../context';
import { lastOwnerMessage } from './roles';

export const leaveTeamInput = z.object({ team: z.string().min(1) });

/** The signed-in user leaves a team they belong to; the last owner cannot. Their keys in it stop, as on removal. */
export async function leaveTeam({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof leaveTeamInput> }) {
  const data = leaveTeamInput.parse(input);
  if (ctx.actor.kind !== 'user') throw new GatewayError('forbidden', 'Only a signed-in member can leave a team.');
  const userId = ctx.actor.userId;
  const team = await findTeam(ctx.db, data.team);
  const role = team ? await findRole(ctx.db, team.id, userId) : undefined;
  if (!team || !role) throw new GatewayError('not_found', `Team '${data.team}' not found.`);
  const keysRevoked = await ctx.db.transaction(async (tx) => {
    if (role === 'owner' && (await lockOwners(tx, team.id)).length <= 1) throw new GatewayError('invalid_request', lastOwnerMessage, { status: 409 });
    await deleteMembership(tx, team.id, userId);
    const revoked = await revokeKeysCreatedBy(tx, team.id, userId);
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'member.leave', target: userId, data: { role, keysRevoked: revoked } });
    return revoked;
  });
  ctx.invalidate.apiKeys();
  return { teamId: team.id, left: true, keysRevoked };
}
