import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { insertApiKey } from '@/db/queries/api-keys';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { findRole } from '@/db/queries/memberships';
import { generateApiKey } from '../../crypto/api-keys';
import { GatewayError } from '../../gateway/errors';
import { actorName, actorUserId, requireTeamRole, roleAtLeast, type ServiceContext } from '../context';
import { actorRole } from '../members/roles';

export const createApiKeyInput = z.object({
  team: z.string().min(1),
  name: z.string().trim().min(1).max(100),
  expiresAt: z.coerce.date().optional(),
  spendLimitMicros: z.number().int().positive().optional(),
  spendLimitPeriod: z.enum(['total', 'day', 'month']).optional(),
  /** Calls this key may have in flight at once (per instance), under its team's cap. */
  maxConcurrentRequests: z.number().int().positive().max(2_000_000_000).optional(),
  /**
   * The member the key is made for (a user id): it is theirs as if they had made it, and stops
   * when they leave the team. Team admins and instance admins only.
   */
  createdBy: z.string().min(1).max(100).optional(),
});

/** Whose key it is: the actor, or (for an admin) the member named in `createdBy`. */
async function keyHolder(ctx: ServiceContext, teamId: string, createdBy: string | undefined): Promise<string | null> {
  if (createdBy === undefined || createdBy === actorUserId(ctx.actor)) return actorUserId(ctx.actor);
  const own = await actorRole(ctx, teamId);
  if (!own || !roleAtLeast(own, 'admin')) throw new GatewayError('forbidden', 'Only a team admin can create a key on behalf of another member.');
  const role = await findRole(ctx.db, teamId, createdBy);
  if (!role) throw new GatewayError('not_found', 'That user is not a member of this team.', { param: 'createdBy' });
  if (role === 'viewer') throw new GatewayError('invalid_request', 'Viewers cannot hold API keys; make them a member first.', { param: 'createdBy' });
  return createdBy;
}

/** Creates a key and returns it once, in full. Only its SHA-256 and a short prefix are stored. */
export async function createApiKey({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof createApiKeyInput> }) {
  const data = createApiKeyInput.parse(input);
  const team = await requireTeamRole(ctx, data.team, 'member');
  const createdBy = await keyHolder(ctx, team.id, data.createdBy);
  const { key, hash, prefix } = generateApiKey();
  const id = `key_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  await ctx.db.transaction(async (tx) => {
    await insertApiKey(tx, {
      id,
      teamId: team.id,
      name: data.name,
      prefix,
      hash,
      createdBy,
      expiresAt: data.expiresAt,
      spendLimitMicros: data.spendLimitMicros,
      spendLimitPeriod: data.spendLimitPeriod ?? 'total',
      maxConcurrentRequests: data.maxConcurrentRequests,
    });
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'api_key.create', target: id, data: { name: data.name, prefix, ...(createdBy !== actorUserId(ctx.actor) ? { createdBy } : {}) } });
  });
  return { id, teamId: team.id, name: data.name, prefix, createdBy, key };
}
