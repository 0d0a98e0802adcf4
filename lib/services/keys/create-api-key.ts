import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { insertApiKey } from '@/db/queries/api-keys';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { generateApiKey } from '../../crypto/api-keys';
import { actorName, requireTeamRole, type ServiceContext } from '../context';

export const createApiKeyInput = z.object({
  team: z.string().min(1),
  name: z.string().trim().min(1).max(100),
  expiresAt: z.coerce.date().optional(),
  spendLimitMicros: z.number().int().positive().optional(),
  spendLimitPeriod: z.enum(['total', 'day', 'month']).optional(),
  /** Calls this key may have in flight at once (per instance), under its team's cap. */
  maxConcurrentRequests: z.number().int().positive().optional(),
});

/** Creates a key and returns it once, in full. Only its SHA-256 and a short prefix are stored. */
export async function createApiKey({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof createApiKeyInput> }) {
  const data = createApiKeyInput.parse(input);
  const team = await requireTeamRole(ctx, data.team, 'member');
  const { key, hash, prefix } = generateApiKey();
  const id = `key_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  await ctx.db.transaction(async (tx) => {
    await insertApiKey(tx, {
      id,
      teamId: team.id,
      name: data.name,
      prefix,
      hash,
      createdBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
      expiresAt: data.expiresAt,
      spendLimitMicros: data.spendLimitMicros,
      spendLimitPeriod: data.spendLimitPeriod ?? 'total',
      maxConcurrentRequests: data.maxConcurrentRequests,
    });
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'api_key.create', target: id, data: { name: data.name, prefix } });
  });
  return { id, teamId: team.id, name: data.name, prefix, key };
}
