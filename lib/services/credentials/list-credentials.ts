import { listCredentials as listCredentialRows } from '@/db/queries/provider-credentials';
import { requireTeamRole, type ServiceContext } from '../context';

/** A team's BYOK credentials with masked hints; the secret is never selected. */
export async function listCredentials({ ctx, input }: { ctx: ServiceContext; input: { team: string } }) {
  const team = await requireTeamRole(ctx, input.team, 'viewer');
  return listCredentialRows(ctx.db, team.id);
}
