import { getTeamSettings as getSettingsRow } from '@/db/queries/teams';
import { GatewayError } from '../../gateway/errors';
import { requireTeamRole, type ServiceContext } from '../context';

/** A team's routing policy and its plan. */
export async function getTeamSettings({ ctx, input }: { ctx: ServiceContext; input: { team: string } }) {
  const team = await requireTeamRole(ctx, input.team, 'viewer');
  const settings = await getSettingsRow(ctx.db, team.id);
  if (!settings) throw new GatewayError('not_found', `Team '${input.team}' has no settings.`);
  return { team, settings };
}
