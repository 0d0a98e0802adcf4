import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { setOidcTrustEnabled as setEnabledRow } from '@/db/queries/oidc-trusts';
import { actorName, type ServiceContext } from '../context';
import { requireTrustTeam, trustNotFound } from './trust-team';

/** `team` (id or slug), when given, must be the trust's team: the console acts within the team on screen. */
export const setOidcTrustEnabledInput = z.object({ trustId: z.string().min(1), enabled: z.boolean(), team: z.string().min(1).optional() });

/**
 * Turns a trust off without forgetting its conditions, or back on. A disabled trust admits no
 * token: at once on this instance, within the cache TTL on the others.
 */
export async function setOidcTrustEnabled({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof setOidcTrustEnabledInput> }) {
  const { trustId, enabled, team: expectedTeam } = setOidcTrustEnabledInput.parse(input);
  const team = await requireTrustTeam(ctx, trustId, expectedTeam);
  await ctx.db.transaction(async (tx) => {
    if (!(await setEnabledRow(tx, team.id, trustId, enabled))) throw trustNotFound();
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: enabled ? 'oidc_trust.enable' : 'oidc_trust.disable', target: trustId });
  });
  ctx.invalidate.team(team.id);
  return { id: trustId, enabled };
}
