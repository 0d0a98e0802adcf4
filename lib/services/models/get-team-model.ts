import { observedProviderStats, type ObservedProviderStats } from '@/db/queries/model-stats';
import { requireTeamRole, type ServiceContext } from '../context';
import { describeTeamModel, loadTeamContext, type CatalogDeps, type TeamModel } from './team-availability';

export const OBSERVED_DAYS = 7;

/**
 * One model for the team: its providers side by side, and how each has served this team's
 * own calls over the last week (median time to first token, output speed). Undefined when
 * the catalog has no such model.
 */
export async function getTeamModel({
  ctx,
  deps,
  input,
}: {
  ctx: ServiceContext;
  deps: CatalogDeps;
  input: { team: string; model: string; now?: Date };
}): Promise<{ model: TeamModel; observed: ObservedProviderStats[] } | undefined> {
  const team = await requireTeamRole(ctx, input.team, 'viewer');
  const model = await deps.catalog.lookup(input.model);
  if (!model) return undefined;
  const since = new Date((input.now ?? new Date()).getTime() - OBSERVED_DAYS * 86_400_000);
  const [context, observed] = await Promise.all([loadTeamContext(ctx, deps, team), observedProviderStats(ctx.db, { teamId: team.id, modelId: model.id, since })]);
  return { model: describeTeamModel(deps, context, model), observed };
}
