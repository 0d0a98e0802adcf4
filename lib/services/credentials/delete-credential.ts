import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { deleteCredential as deleteCredentialRow } from '@/db/queries/provider-credentials';
import { GatewayError } from '../../gateway/errors';
import { actorName, requireTeamRole, type ServiceContext } from '../context';

export const deleteCredentialInput = z.object({ team: z.string().min(1), credentialId: z.string().min(1) });

/** Deletes a BYOK credential and its ciphertext. */
export async function deleteCredential({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof deleteCredentialInput> }) {
  const data = deleteCredentialInput.parse(input);
  const team = await requireTeamRole(ctx, data.team, 'admin');
  await ctx.db.transaction(async (tx) => {
    if (!(await deleteCredentialRow(tx, team.id, data.credentialId))) throw new GatewayError('not_found', 'No such credential in this team.');
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'credential.delete', target: data.credentialId });
  });
  ctx.invalidate.team(team.id);
  return { id: data.credentialId, deleted: true };
}
