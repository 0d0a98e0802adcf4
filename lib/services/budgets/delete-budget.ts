import { insertAuditEntry } from '@/db/queries/audit-log';
import { deleteBudget as deleteBudgetRow } from '@/db/queries/budgets';
import { GatewayError } from '../../gateway/errors';
import { actorName, requireTeamRole, type ServiceContext } from '../context';

/** Removes one of the team's budgets; an id of another team's is not found, like an unknown one. */
export async function deleteBudget({ ctx, input }: { ctx: ServiceContext; input: { team: string; budgetId: string } }) {
  const team = await requireTeamRole(ctx, input.team, 'admin');
  const removed = await ctx.db.transaction(async (tx) => {
    const row = await deleteBudgetRow(tx, team.id, input.budgetId);
    if (row) await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'budget.remove', target: row.id, data: { scope: row.scope, subject: row.subject, period: row.period } });
    return row;
  });
  if (!removed) throw new GatewayError('not_found', `No budget '${input.budgetId.slice(0, 64)}'.`);
  ctx.invalidate.team(team.id);
  return { id: removed.id, removed: true };
}
