import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { deleteOidcTrust } from '@/db/queries/oidc-trusts';
import { actorName, type ServiceContext } from '../context';
import { requireTrustTeam, trustNotFound } from './trust-team';

/** `team` (id or slug), when given, must be the trust's team: the console removes within the team on screen. */
export const removeOidcTrustInput = z.object({ trustId: z.string().min(1), team: z.string().min(1).optional() });

/** Removes a trust; every instance refuses its tokens within the cache TTL (this one at once). */
export async function removeOidcTrust({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof removeOidcTrustInput> }) {
  const { trustId, team: expectedTeam } = removeOidcTrustInput.parse(input);
  const team = await requireTrustTeam(ctx, trustId, expectedTeam);
  await ctx.db.transaction(async (tx) => {
    if (!(await deleteOidcTrust(tx, team.id, trustId))) throw trustNotFound();
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'oidc_trust.remove', target: trustId });
  });
  ctx.invalidate.team(team.id);
  return { id: trustId, removed: true };
}
