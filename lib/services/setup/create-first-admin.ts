import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { insertMembership } from '@/db/queries/memberships';
import { consumeSetupToken, deleteAllSetupTokens, findLiveSetupToken } from '@/db/queries/setup-tokens';
import { findTeam, insertTeam } from '@/db/queries/teams';
import { countUsers, insertUser } from '@/db/queries/users';
import { hashApiKey } from '../../crypto/api-keys';
import { hashPassword } from '../../crypto/passwords';
import { GatewayError } from '../../gateway/errors';
import { newUserFields, newUserId } from '../users/new-user-input';

export const createFirstAdminInput = z.object({ token: z.string().min(1).max(200), ...newUserFields });

const invalidLink = 'This setup link is invalid or has expired. Restart Gatehouse to print a new one.';

/** Whether a setup token is still good, for the page that shows the form. */
export async function checkSetupToken({ ctx, input }: { ctx: { db: Db }; input: { token: string } }): Promise<boolean> {
  if (!input.token || (await countUsers(ctx.db)) > 0) return false;
  return Boolean(await findLiveSetupToken(ctx.db, hashApiKey(input.token)));
}

/**
 * The first account: an instance admin and owner of the 'default' team. The setup token is
 * the authorisation (nobody can sign in yet); it works once, and only while there are no users.
 */
export async function createFirstAdmin({ ctx, input }: { ctx: { db: Db }; input: z.input<typeof createFirstAdminInput> }) {
  const data = createFirstAdminInput.parse(input);
  // Checked before the (deliberately slow) password hash, and again atomically below.
  if (!(await findLiveSetupToken(ctx.db, hashApiKey(data.token)))) throw new GatewayError('unauthorized', invalidLink);
  const passwordHash = await hashPassword(data.password);
  return ctx.db.transaction(async (tx) => {
    if (!(await consumeSetupToken(tx, hashApiKey(data.token)))) throw new GatewayError('unauthorized', invalidLink);
    if ((await countUsers(tx)) > 0) throw new GatewayError('forbidden', 'Gatehouse is already set up. Sign in instead.');
    await deleteAllSetupTokens(tx);
    const user = await insertUser(tx, { id: newUserId(randomUUID()), email: data.email, name: data.name ?? null, passwordHash, isInstanceAdmin: true });
    let team = await findTeam(tx, 'default');
    if (!team) {
      await insertTeam(tx, { id: `team_${randomUUID().replace(/-/g, '').slice(0, 20)}`, slug: 'default', name: 'Default' });
      team = (await findTeam(tx, 'default'))!;
    }
    await insertMembership(tx, { teamId: team.id, userId: user.id, role: 'owner' });
    await insertAuditEntry(tx, { teamId: team.id, actor: `user:${user.id}`, action: 'setup.first_admin', target: user.id, data: { email: user.email } });
    return { user, team: { id: team.id, slug: team.slug } };
  });
}
