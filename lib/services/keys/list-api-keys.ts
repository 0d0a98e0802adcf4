import { listApiKeys as listKeyRows } from '@/db/queries/api-keys';
import { requireTeamRole, type ServiceContext } from '../context';

/** A team's keys: prefixes and metadata, never hashes. */
export async function listApiKeys({ ctx, input }: { ctx: ServiceContext; input: { team: string } }) {
  const team = await requireTeamRole(ctx, input.team, 'viewer');
  return listKeyRows(ctx.db, team.id);
}
