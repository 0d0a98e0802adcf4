import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { updateTeamSettings } from '@/db/queries/teams';
import { actorName, requireTeamRole, type ServiceContext } from '../context';

export const setLowBalanceThresholdInput = z.object({
  team: z.string().min(1),
  thresholdMicros: z.number().int().min(0).max(1_000_000_000_000),
});

/** The balance under which the console shows a low-credit warning. */
export async function setLowBalanceThreshold({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof setLowBalanceThresholdInput> }) {
  const data = setLowBalanceThresholdInput.parse(input);
  const team = await requireTeamRole(ctx, data.team, 'admin');
  await ctx.db.transaction(async (tx) => {
    await updateTeamSettings(tx, team.id, { lowBalanceThresholdMicros: data.thresholdMicros });
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'credits.threshold', target: team.id, data: { thresholdMicros: data.thresholdMicros } });
  });
  ctx.invalidate.team(team.id);
  return { teamId: team.id, thresholdMicros: data.thresholdMicros };
}
