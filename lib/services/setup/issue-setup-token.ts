import { randomUUID } from 'node:crypto';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { insertSetupToken } from '@/db/queries/setup-tokens';
import { countUsers } from '@/db/queries/users';
import { generateToken, hashApiKey } from '../../crypto/api-keys';
import { actorName, requireInstanceAdmin, type ServiceContext } from '../context';

const DAY_MS = 86_400_000;

/**
 * While nobody has an account: a one-time token for the setup link that creates the first
 * instance admin. Returned once; only its hash is stored. Null once a user exists.
 */
export async function issueSetupToken({ ctx, input = {} }: { ctx: ServiceContext; input?: { ttlMs?: number } }) {
  requireInstanceAdmin(ctx);
  if ((await countUsers(ctx.db)) > 0) return null;
  const token = generateToken(32);
  const id = `setup_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  const expiresAt = new Date(Date.now() + (input.ttlMs ?? DAY_MS));
  await ctx.db.transaction(async (tx) => {
    await insertSetupToken(tx, { id, tokenHash: hashApiKey(token), expiresAt });
    await insertAuditEntry(tx, { actor: actorName(ctx.actor), action: 'setup.token', target: id, data: { expiresAt: expiresAt.toISOString() } });
  });
  return { token, expiresAt };
}
