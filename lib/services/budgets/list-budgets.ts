import { requireTeamRole, type ServiceContext } from '../context';
import { listBudgetStatus } from './budget-status';

/** The team's budgets with their spend this period; admins only, as budgets name members and end users. */
export async function listTeamBudgets({ ctx, input }: { ctx: ServiceContext; input: { team: string } }) {
  const team = await requireTeamRole(ctx, input.team, 'admin');
  return listBudgetStatus(ctx.db, team.id);
}
