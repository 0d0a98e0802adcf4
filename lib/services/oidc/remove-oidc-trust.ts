import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { deleteOidcTrust, findOidcTrustTeam } from '@/db/queries/oidc-trusts';
import { GatewayError } from '../../gateway/errors';
import { actorName, requireTeamRole, type ServiceContext } from '../context';

/** `team` (id or slug), when given, must be the trust's team: the console removes within the team on screen. */
export const removeOidcTrustInput = z.object({ trustId: z.string().min(1), team: z.string().min(1).optional() });

/** Removes a trust; every instance refuses its tokens within the cache TTL (this one at once). */
export async function removeOidcTrust({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof removeOidcTrustInput> }) {
  const { trustId, team: expectedTeam } = removeOidcTrustInput.parse(input);
  const notFound = () => new GatewayError('not_found', `OIDC trust '${trustId}' not found.`);
  const teamId = await findOidcTrustTeam(ctx.db, trustId);
  if (!teamId) throw notFound();
  const team = await requireTeamRole(ctx, teamId, 'admin');
  if (expectedTeam && expectedTeam !== team.id && expectedTeam !== team.slug) throw notFound();
  await ctx.db.transaction(async (tx) => {
    if (!(await deleteOidcTrust(tx, team.id, trustId))) throw notFound();
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'oidc_trust.remove', target: trustId });
  });
  ctx.invalidate.team(team.id);
  return { id: trustId, removed: true };
}
