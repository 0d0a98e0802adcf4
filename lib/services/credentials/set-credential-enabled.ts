import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { setCredentialEnabled as setEnabledRow } from '@/db/queries/provider-credentials';
import { GatewayError } from '../../gateway/errors';
import { actorName, requireTeamRole, type ServiceContext } from '../context';

export const setCredentialEnabledInput = z.object({ team: z.string().min(1), credentialId: z.string().min(1), enabled: z.boolean() });

/** Turns a BYOK credential on or off without forgetting it. */
export async function setCredentialEnabled({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof setCredentialEnabledInput> }) {
  const data = setCredentialEnabledInput.parse(input);
  const team = await requireTeamRole(ctx, data.team, 'admin');
  await ctx.db.transaction(async (tx) => {
    if (!(await setEnabledRow(tx, team.id, data.credentialId, data.enabled))) throw new GatewayError('not_found', 'No such credential in this team.');
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: data.enabled ? 'credential.enable' : 'credential.disable', target: data.credentialId });
  });
  ctx.invalidate.team(team.id);
  return { id: data.credentialId, enabled: data.enabled };
}
