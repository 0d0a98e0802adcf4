import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { markInviteAccepted } from '@/db/queries/invites';
import { insertMembership } from '@/db/queries/memberships';
import { findUserByEmail, insertUser } from '@/db/queries/users';
import { hashPassword } from '../../crypto/passwords';
import { GatewayError } from '../../gateway/errors';
import { findOpenInvite } from '../members/find-invite';
import { newUserFields, newUserId } from './new-user-input';

export const registerWithInviteInput = z.object({ token: z.string().min(1).max(200), ...newUserFields });

/**
 * A new account made from an invite link, joining the invite's team in the same
 * transaction. There is no open sign-up: the invite token is the authorisation.
 */
export async function registerWithInvite({ ctx, input }: { ctx: { db: Db }; input: z.input<typeof registerWithInviteInput> }) {
  const data = registerWithInviteInput.parse(input);
  const invite = await findOpenInvite(ctx.db, data.token);
  if (await findUserByEmail(ctx.db, data.email)) {
    throw new GatewayError('invalid_request', 'An account with this email already exists. Sign in, then open the invite link again.', { param: 'email', status: 409 });
  }
  const passwordHash = await hashPassword(data.password);
  return ctx.db.transaction(async (tx) => {
    if (!(await markInviteAccepted(tx, invite.id))) throw new GatewayError('not_found', 'This invite link was just used or withdrawn. Ask for a new one.');
    const user = await insertUser(tx, { id: newUserId(randomUUID()), email: data.email, name: data.name ?? null, passwordHash });
    await insertMembership(tx, { teamId: invite.teamId, userId: user.id, role: invite.role });
    await insertAuditEntry(tx, { teamId: invite.teamId, actor: `user:${user.id}`, action: 'invite.accept', target: invite.id, data: { role: invite.role, newAccount: true } });
    return { user, teamSlug: invite.teamSlug, role: invite.role };
  });
}
