import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { revokeUserConsoleSessions } from '@/db/queries/console-sessions';
import { findPasswordHashById, updatePasswordHash } from '@/db/queries/users';
import { hashPassword, MAX_PASSWORD_LENGTH, verifyPassword } from '../../crypto/passwords';
import { GatewayError } from '../../gateway/errors';
import { actorName, type ServiceContext } from '../context';
import { newUserFields } from './new-user-input';

export const changePasswordInput = z.object({ currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH), newPassword: newUserFields.password });

/**
 * The signed-in user sets a new password. Every console session of theirs ends, this one
 * included: whoever else holds a copy of a cookie is out, and the user signs in again.
 */
export async function changePassword({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof changePasswordInput> }) {
  const data = changePasswordInput.parse(input);
  if (ctx.actor.kind !== 'user') throw new GatewayError('forbidden', 'Only a signed-in user can change their password.');
  const userId = ctx.actor.userId;
  const stored = await findPasswordHashById(ctx.db, userId);
  if (!stored?.passwordHash || !(await verifyPassword(data.currentPassword, stored.passwordHash))) {
    throw new GatewayError('invalid_request', 'The current password is not right.', { param: 'currentPassword', status: 403 });
  }
  const passwordHash = await hashPassword(data.newPassword);
  const sessionsEnded = await ctx.db.transaction(async (tx) => {
    await updatePasswordHash(tx, userId, passwordHash);
    const ended = await revokeUserConsoleSessions(tx, userId);
    await insertAuditEntry(tx, { actor: actorName(ctx.actor), action: 'user.password_change', target: userId, data: { sessionsEnded: ended } });
    return ended;
  });
  return { userId, sessionsEnded };
}
