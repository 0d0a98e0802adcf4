import { findTeamPlanCredits, getBalance } from '@/db/queries/credits';
import { getTeamSettings } from '@/db/queries/teams';
import { requireTeamRole, type ServiceContext } from '../context';

/** A team's balance, total spend, the balance below which the console warns, and what its plan includes each month. */
export async function getCreditSummary({ ctx, input }: { ctx: ServiceContext; input: { team: string } }) {
  const team = await requireTeamRole(ctx, input.team, 'viewer');
  const [balance, settings, plan] = await Promise.all([getBalance(ctx.db, team.id), getTeamSettings(ctx.db, team.id), findTeamPlanCredits(ctx.db, team.id)]);
  const balanceMicros = balance?.balanceMicros ?? 0;
  const lowBalanceThresholdMicros = settings?.lowBalanceThresholdMicros ?? 0;
  return {
    teamId: team.id,
    balanceMicros,
    totalUsedMicros: balance?.totalUsedMicros ?? 0,
    lowBalanceThresholdMicros,
    low: balanceMicros < lowBalanceThresholdMicros,
    planName: plan?.planName ?? team.plan,
    monthlyCreditsMicros: plan?.monthlyCreditsMicros ?? 0,
  };
}
