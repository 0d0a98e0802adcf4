import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { findRole, insertMembership } from '@/db/queries/memberships';
import { findUserByEmail, insertUser } from '@/db/queries/users';
import { GatewayError } from '../../gateway/errors';
import { actorName, requireInstanceAdmin, requireTeamRole, type ServiceContext } from '../context';
import { newUserFields, newUserId } from '../users/new-user-input';

export const addMemberInput = z.object({
  team: z.string().min(1),
  email: newUserFields.email,
  role: z.enum(['owner', 'admin', 'member', 'viewer']),
  /** Used only when the account is created here. */
  name: newUserFields.name,
});

/**
 * Puts someone in a team by email, creating their account (without a password: they sign in
 * with GitHub or single sign-on, linked by email) when there is none. For managing teams as
 * code, so instance admins only: a team admin invites instead, because adding any account of
 * the instance at will would tell them which emails have one. Adding someone already in the
 * team with the same role changes nothing; with another role it is a conflict (change the
 * role instead).
 */
export async function addMember({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof addMemberInput> }) {
  const data = addMemberInput.parse(input);
  const team = await requireTeamRole(ctx, data.team, 'admin');
  requireInstanceAdmin(ctx);
  return ctx.db.transaction(async (tx) => {
    const existing = await findUserByEmail(tx, data.email);
    const role = existing ? await findRole(tx, team.id, existing.id) : undefined;
    if (existing && role) {
      if (role !== data.role) throw new GatewayError('invalid_request', `That user is already a ${role} of this team; change their role instead.`, { status: 409, param: 'role' });
      return { userId: existing.id, role, added: false, userCreated: false };
    }
    const user = existing ?? (await insertUser(tx, { id: newUserId(randomUUID()), email: data.email, name: data.name ?? null }));
    await insertMembership(tx, { teamId: team.id, userId: user.id, role: data.role });
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'member.add', target: user.id, data: { role: data.role, userCreated: !existing } });
    return { userId: user.id, role: data.role, added: true, userCreated: !existing };
  });
}
