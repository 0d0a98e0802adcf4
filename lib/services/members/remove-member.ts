import { z } from 'zod';
import { revokeKeysCreatedBy } from '@/db/queries/api-keys';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { deleteMembership, findRole, lockOwners } from '@/db/queries/memberships';
import { GatewayError } from '../../gateway/errors';
import { actorName, requireTeamRole, type ServiceContext } from '../context';
import { lastOwnerMessage, requireCanGrant } from './roles';

export const removeMemberInput = z.object({ team: z.string().min(1), userId: z.string().min(1) });

/**
 * Removes someone from the team. Only owners remove owners; the last owner stays. The keys
 * they created stop with their membership, in the same transaction: a departed member must
 * not keep spending the team's credit through a key they still hold.
 */
export async function removeMember({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof removeMemberInput> }) {
  const data = removeMemberInput.parse(input);
  const team = await requireTeamRole(ctx, data.team, 'admin');
  const current = await findRole(ctx.db, team.id, data.userId);
  if (!current) throw new GatewayError('not_found', 'That user is not a member of this team.');
  if (current === 'owner') await requireCanGrant(ctx, team.id, 'owner');
  const keysRevoked = await ctx.db.transaction(async (tx) => {
    if (current === 'owner' && (await lockOwners(tx, team.id)).length <= 1) throw new GatewayError('invalid_request', lastOwnerMessage, { status: 409 });
    await deleteMembership(tx, team.id, data.userId);
    const revoked = await revokeKeysCreatedBy(tx, team.id, data.userId);
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'member.remove', target: data.userId, data: { role: current, keysRevoked: revoked } });
    return revoked;
  });
  ctx.invalidate.apiKeys();
  return { userId: data.userId, removed: true, keysRevoked };
}
