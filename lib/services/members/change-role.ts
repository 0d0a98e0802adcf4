import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { findRole, lockOwners, updateMembershipRole } from '@/db/queries/memberships';
import { GatewayError } from '../../gateway/errors';
import { actorName, requireTeamRole, type ServiceContext } from '../context';
import { lastOwnerMessage, requireCanGrant } from './roles';

export const changeRoleInput = z.object({
  team: z.string().min(1),
  userId: z.string().min(1),
  role: z.enum(['owner', 'admin', 'member', 'viewer']),
});

/** Sets a member's role. Only owners touch owners, and the last owner cannot be demoted. */
export async function changeRole({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof changeRoleInput> }) {
  const data = changeRoleInput.parse(input);
  const team = await requireTeamRole(ctx, data.team, 'admin');
  const current = await findRole(ctx.db, team.id, data.userId);
  if (!current) throw new GatewayError('not_found', 'That user is not a member of this team.');
  await requireCanGrant(ctx, team.id, data.role);
  if (current === 'owner') await requireCanGrant(ctx, team.id, 'owner');
  await ctx.db.transaction(async (tx) => {
    if (current === 'owner' && data.role !== 'owner') {
      const owners = await lockOwners(tx, team.id);
      if (owners.length <= 1) throw new GatewayError('invalid_request', lastOwnerMessage, { status: 409 });
    }
    await updateMembershipRole(tx, team.id, data.userId, data.role);
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'member.role', target: data.userId, data: { from: current, to: data.role } });
  });
  return { userId: data.userId, role: data.role };
}
