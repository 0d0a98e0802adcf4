import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { deleteEntityQuota, listEntityQuotas as listQuotaRows, upsertEntityQuota } from '@/db/queries/entity-quotas';
import { GatewayError } from '../../gateway/errors';
import { dollarsSchema } from '../../money';
import { actorName, requireTeamRole, type ServiceContext } from '../context';

export const setEntityQuotaInput = z
  .object({
    team: z.string().min(1),
    entityId: z.string().min(1).max(256),
    period: z.enum(['day', 'month', 'total']).default('month'),
    spendLimit: dollarsSchema.optional(),
    requestLimit: z.number().int().positive().optional(),
  })
  .refine((value) => value.spendLimit !== undefined || value.requestLimit !== undefined, 'give a spendLimit, a requestLimit or both');

/** A spend and/or request quota for one `quotaEntityId` of the team. */
export async function setEntityQuota({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof setEntityQuotaInput> }) {
  const data = setEntityQuotaInput.parse(input);
  const team = await requireTeamRole(ctx, data.team, 'admin');
  const quota = await ctx.db.transaction(async (tx) => {
    const row = await upsertEntityQuota(tx, { teamId: team.id, entityId: data.entityId, period: data.period, spendLimitMicros: data.spendLimit ?? null, requestLimit: data.requestLimit ?? null });
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'quota.set', target: data.entityId, data: { period: data.period } });
    return row;
  });
  ctx.invalidate.team(team.id);
  return quota;
}

export async function listEntityQuotas({ ctx, input }: { ctx: ServiceContext; input: { team: string } }) {
  const team = await requireTeamRole(ctx, input.team, 'viewer');
  return listQuotaRows(ctx.db, team.id);
}

export async function removeEntityQuota({ ctx, input }: { ctx: ServiceContext; input: { team: string; entityId: string } }) {
  const team = await requireTeamRole(ctx, input.team, 'admin');
  const removed = await ctx.db.transaction(async (tx) => {
    const done = await deleteEntityQuota(tx, team.id, input.entityId);
    if (done) await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'quota.remove', target: input.entityId });
    return done;
  });
  if (!removed) throw new GatewayError('not_found', `No quota for '${input.entityId}'.`);
  ctx.invalidate.team(team.id);
  return { entityId: input.entityId, removed: true };
}
