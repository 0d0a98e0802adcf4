import { listOidcTrusts as listTrustRows } from '@/db/queries/oidc-trusts';
import { requireTeamRole, type ServiceContext } from '../context';

/** The issuers a team trusts and the claims each requires; nothing in them is secret, so viewers may read them. */
export async function listOidcTrusts({ ctx, input }: { ctx: ServiceContext; input: { team: string } }) {
  const team = await requireTeamRole(ctx, input.team, 'viewer');
  return listTrustRows(ctx.db, team.id);
}
