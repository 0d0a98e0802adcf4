import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { findOidcTrustTeam, setOidcTrustEnabled as setEnabledRow } from '@/db/queries/oidc-trusts';
import { GatewayError } from '../../gateway/errors';
import { actorName, requireTeamRole, type ServiceContext } from '../context';

/** `team` (id or slug), when given, must be the trust's team: the console acts within the team on screen. */
export const setOidcTrustEnabledInput = z.object({ trustId: z.string().min(1), enabled: z.boolean(), team: z.string().min(1).optional() });

/**
 * Turns a trust off without forgetting its conditions, or back on. A disabled trust admits no
 * token: at once on this instance, within the cache TTL on the others.
 */
export async function setOidcTrustEnabled({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof setOidcTrustEnabledInput> }) {
  const { trustId, enabled, team: expectedTeam } = setOidcTrustEnabledInput.parse(input);
  const notFound = () => new GatewayError('not_found', `OIDC trust '${trustId}' not found.`);
  const teamId = await findOidcTrustTeam(ctx.db, trustId);
  if (!teamId) throw notFound();
  const team = await requireTeamRole(ctx, teamId, 'admin');
  if (expectedTeam && expectedTeam !== team.id && expectedTeam !== team.slug) throw notFound();
  await ctx.db.transaction(async (tx) => {
    if (!(await setEnabledRow(tx, team.id, trustId, enabled))) throw notFound();
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: enabled ? 'oidc_trust.enable' : 'oidc_trust.disable', target: trustId });
  });
  ctx.invalidate.team(team.id);
  return { id: trustId, enabled };
}
