import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { findRole, insertMembership } from '@/db/queries/memberships';
import { markInviteAccepted } from '@/db/queries/invites';
import { GatewayError } from '../../gateway/errors';
import { actorName, type ServiceContext } from '../context';
import { findOpenInvite } from './find-invite';

export const acceptInviteInput = z.object({ token: z.string().min(1).max(200) });

/**
 * The signed-in user joins the invite's team with its role. Someone already in the team
 * keeps their role; the invite is used up either way.
 */
export async function acceptInvite({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof acceptInviteInput> }) {
  const { token } = acceptInviteInput.parse(input);
  if (ctx.actor.kind !== 'user') throw new GatewayError('forbidden', 'Sign in to accept an invite.');
  const userId = ctx.actor.userId;
  const invite = await findOpenInvite(ctx.db, token);
  const role = await ctx.db.transaction(async (tx) => {
    if (!(await markInviteAccepted(tx, invite.id))) throw new GatewayError('not_found', 'This invite link was just used or withdrawn. Ask for a new one.');
    const existing = await findRole(tx, invite.teamId, userId);
    if (!existing) await insertMembership(tx, { teamId: invite.teamId, userId, role: invite.role });
    await insertAuditEntry(tx, { teamId: invite.teamId, actor: actorName(ctx.actor), action: 'invite.accept', target: invite.id, data: { role: existing ?? invite.role } });
    return existing ?? invite.role;
  });
  return { teamId: invite.teamId, teamSlug: invite.teamSlug, role };
}
