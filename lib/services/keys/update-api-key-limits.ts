import { z } from 'zod';
import { findApiKeyTeam, updateApiKeyLimits as updateLimitsRow } from '@/db/queries/api-keys';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { dollarsSchema } from '../../money';
import { actorName, type ServiceContext } from '../context';
import { requireObjectTeam } from '../object-team';
import { keyNotFound } from './key-not-found';

export const updateApiKeyLimitsInput = z.object({
  keyId: z.string().min(1),
  requestsPerMinute: z.number().int().positive().nullable().optional(),
  tokensPerMinute: z.number().int().positive().nullable().optional(),
  maxConcurrentRequests: z.number().int().positive().nullable().optional(),
  spendLimit: dollarsSchema.nullable().optional(),
  spendLimitPeriod: z.enum(['total', 'day', 'month']).optional(),
});

/** A key's own rate and spend limits, on top of its team's plan. */
export async function updateApiKeyLimits({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof updateApiKeyLimitsInput> }) {
  const data = updateApiKeyLimitsInput.parse(input);
  const teamId = (await requireObjectTeam(ctx, { ownerTeamId: await findApiKeyTeam(ctx.db, data.keyId), minimum: 'admin', notFound: keyNotFound })).id;
  const patch = {
    ...(data.requestsPerMinute !== undefined ? { requestsPerMinute: data.requestsPerMinute } : {}),
    ...(data.tokensPerMinute !== undefined ? { tokensPerMinute: data.tokensPerMinute } : {}),
    ...(data.maxConcurrentRequests !== undefined ? { maxConcurrentRequests: data.maxConcurrentRequests } : {}),
    ...(data.spendLimit !== undefined ? { spendLimitMicros: data.spendLimit } : {}),
    ...(data.spendLimitPeriod ? { spendLimitPeriod: data.spendLimitPeriod } : {}),
  };
  await ctx.db.transaction(async (tx) => {
    await updateLimitsRow(tx, teamId, data.keyId, patch);
    await insertAuditEntry(tx, { teamId, actor: actorName(ctx.actor), action: 'api_key.limits', target: data.keyId, data: patch });
  });
  ctx.invalidate.apiKeys();
  return { id: data.keyId, ...patch };
}
