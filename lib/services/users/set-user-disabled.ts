import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { revokeUserConsoleSessions } from '@/db/queries/console-sessions';
import { findUserByEmail, findUserById, setUserDisabledAt } from '@/db/queries/users';
import { GatewayError } from '../../gateway/errors';
import { actorName, requireInstanceAdmin, type ServiceContext } from '../context';

/** `user` is a user id or an email. */
export const setUserDisabledInput = z.object({ user: z.string().trim().min(1), disabled: z.boolean() });

/**
 * An instance admin disables an account (it can no longer sign in, and every console session
 * of it ends at once) or enables it again. API keys the user created are team property and are
 * left to the teams (removing the member from a team revokes them).
 */
export async function setUserDisabled({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof setUserDisabledInput> }) {
  const data = setUserDisabledInput.parse(input);
  requireInstanceAdmin(ctx);
  const user = data.user.includes('@') ? await findUserByEmail(ctx.db, data.user) : await findUserById(ctx.db, data.user);
  if (!user) throw new GatewayError('not_found', `User '${data.user}' not found.`);
  if (data.disabled && ctx.actor.kind === 'user' && ctx.actor.userId === user.id) {
    throw new GatewayError('invalid_request', 'You cannot disable your own account.', { status: 409 });
  }
  const sessionsEnded = await ctx.db.transaction(async (tx) => {
    await setUserDisabledAt(tx, user.id, data.disabled ? new Date() : null);
    const ended = data.disabled ? await revokeUserConsoleSessions(tx, user.id) : 0;
    await insertAuditEntry(tx, { actor: actorName(ctx.actor), action: data.disabled ? 'user.disable' : 'user.enable', target: user.id, data: { sessionsEnded: ended } });
    return ended;
  });
  return { userId: user.id, disabled: data.disabled, sessionsEnded };
}
