import { requireTeamRole, type ServiceContext } from '../context';
import { describeTeamModel, loadTeamContext, type CatalogDeps, type TeamModel } from './team-availability';

/** Every catalog model with its providers, prices and whether this team can use each right now. */
export async function listTeamModels({ ctx, deps, input }: { ctx: ServiceContext; deps: CatalogDeps; input: { team: string } }): Promise<TeamModel[]> {
  const team = await requireTeamRole(ctx, input.team, 'viewer');
  const [context, models] = await Promise.all([loadTeamContext(ctx, deps, team), deps.catalog.list()]);
  return models.map((model) => describeTeamModel(deps, context, model)).sort((a, b) => a.id.localeCompare(b.id));
}
