import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { findPlan, listPlans as listPlanRows, upsertPlan } from '@/db/queries/plans';
import { dollarsSchema } from '../../money';
import { actorName, requireInstanceAdmin, type ServiceContext } from '../context';

const limit = z.number().int().positive().nullable();

export const upsertPlanInput = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/),
  name: z.string().min(1).max(100),
  requestsPerMinute: limit.optional(),
  tokensPerMinute: limit.optional(),
  /** Calls a team may have in flight at once (per instance); null: GATEHOUSE_TEAM_MAX_CONCURRENCY, 0: no cap. */
  maxConcurrentRequests: z.number().int().min(0).nullable().optional(),
  /** Granted to every team on the plan once per calendar month (UTC); see lib/billing/monthly-credits.ts. */
  monthlyCredits: dollarsSchema.refine((micros) => micros >= 0, 'monthly credits cannot be negative').optional(),
  byokAllowed: z.boolean().optional(),
  requestZeroDataRetentionAllowed: z.boolean().optional(),
});

export async function listPlans({ ctx }: { ctx: ServiceContext }) {
  return listPlanRows(ctx.db);
}

/** Creates or edits a plan; limits apply to every team on it from the next request (cache TTL). */
export async function savePlan({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof upsertPlanInput> }) {
  requireInstanceAdmin(ctx);
  const data = upsertPlanInput.parse(input);
  const existing = await findPlan(ctx.db, data.id);
  const plan = await ctx.db.transaction(async (tx) => {
    const row = await upsertPlan(tx, {
      id: data.id,
      name: data.name,
      requestsPerMinute: data.requestsPerMinute === undefined ? (existing?.requestsPerMinute ?? null) : data.requestsPerMinute,
      tokensPerMinute: data.tokensPerMinute === undefined ? (existing?.tokensPerMinute ?? null) : data.tokensPerMinute,
      maxConcurrentRequests: data.maxConcurrentRequests === undefined ? (existing?.maxConcurrentRequests ?? null) : data.maxConcurrentRequests,
      monthlyCreditsMicros: data.monthlyCredits ?? existing?.monthlyCreditsMicros ?? 0,
      byokAllowed: data.byokAllowed ?? existing?.byokAllowed ?? true,
      requestZeroDataRetentionAllowed: data.requestZeroDataRetentionAllowed ?? existing?.requestZeroDataRetentionAllowed ?? true,
    });
    await insertAuditEntry(tx, { actor: actorName(ctx.actor), action: 'plan.save', target: data.id, data: { ...data } });
    return row;
  });
  ctx.invalidate.apiKeys();
  return plan;
}
