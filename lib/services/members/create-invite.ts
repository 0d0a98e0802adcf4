import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { insertInvite } from '@/db/queries/invites';
import { generateToken, hashApiKey } from '../../crypto/api-keys';
import { actorName, actorUserId, requireTeamRole, type ServiceContext } from '../context';
import { requireCanGrant } from './roles';

export const createInviteInput = z.object({
  team: z.string().min(1),
  role: z.enum(['owner', 'admin', 'member', 'viewer']),
  expiresInDays: z.coerce.number().int().min(1).max(30).default(7),
});

/**
 * An invite link's token, returned once; only its SHA-256 is stored. Whoever opens the link
 * (signed in, or creating an account) joins with the role.
 */
export async function createInvite({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof createInviteInput> }) {
  const data = createInviteInput.parse(input);
  const team = await requireTeamRole(ctx, data.team, 'admin');
  await requireCanGrant(ctx, team.id, data.role);
  const token = generateToken(24);
  const id = `inv_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  const expiresAt = new Date(Date.now() + data.expiresInDays * 86_400_000);
  await ctx.db.transaction(async (tx) => {
    await insertInvite(tx, { id, teamId: team.id, role: data.role, tokenHash: hashApiKey(token), createdBy: actorUserId(ctx.actor), expiresAt });
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'invite.create', target: id, data: { role: data.role } });
  });
  return { id, teamSlug: team.slug, role: data.role, expiresAt, token };
}
