import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { findPlan } from '@/db/queries/plans';
import { findTeam, updateTeamPlan } from '@/db/queries/teams';
import { creditMonth, grantMonthlyCredits } from '../../billing/monthly-credits';
import { GatewayError } from '../../gateway/errors';
import { actorName, requireInstanceAdmin, type ServiceContext } from '../context';

export const setTeamPlanInput = z.object({ team: z.string().min(1), plan: z.string().trim().min(1).max(32) });

/**
 * Moves a team to another plan (instance admins only); its limits apply from the next request.
 * If the team has had no included credits this month, the new plan's are granted at once (in
 * the same transaction), not at its next request.
 */
export async function setTeamPlan({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof setTeamPlanInput> }) {
  const data = setTeamPlanInput.parse(input);
  requireInstanceAdmin(ctx);
  const team = await findTeam(ctx.db, data.team);
  if (!team) throw new GatewayError('not_found', `Team '${data.team}' not found.`);
  if (!(await findPlan(ctx.db, data.plan))) throw new GatewayError('invalid_request', `Unknown plan '${data.plan}'.`, { param: 'plan' });
  const grant = await ctx.db.transaction(async (tx) => {
    await updateTeamPlan(tx, team.id, data.plan);
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'team.plan', target: team.id, data: { from: team.plan, to: data.plan } });
    return grantMonthlyCredits(tx, team.id, creditMonth());
  });
  ctx.invalidate.team(team.id);
  return { teamId: team.id, plan: data.plan, monthlyCreditsGrantedMicros: grant.amountMicros };
}
