import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { deleteInvite } from '@/db/queries/invites';
import { GatewayError } from '../../gateway/errors';
import { actorName, requireTeamRole, type ServiceContext } from '../context';

export const revokeInviteInput = z.object({ team: z.string().min(1), inviteId: z.string().min(1) });

/** Withdraws an unused invite; its link stops working at once. */
export async function revokeInvite({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof revokeInviteInput> }) {
  const data = revokeInviteInput.parse(input);
  const team = await requireTeamRole(ctx, data.team, 'admin');
  await ctx.db.transaction(async (tx) => {
    if (!(await deleteInvite(tx, team.id, data.inviteId))) throw new GatewayError('not_found', 'No such open invite.');
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'invite.revoke', target: data.inviteId });
  });
  return { id: data.inviteId, revoked: true };
}
