import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { applyLedgerEntry } from '@/db/queries/credits';
import { findTeam } from '@/db/queries/teams';
import { GatewayError } from '../../gateway/errors';
import { actorName, requireInstanceAdmin, type ServiceContext } from '../context';

export const grantCreditsInput = z.object({
  team: z.string().min(1),
  amountMicros: z.number().int().refine((value) => value !== 0, 'amount must not be zero'),
  note: z.string().max(500).optional(),
});

/** Adds (or, negative, removes) credits: a ledger row and the balance, in one transaction. */
export async function grantCredits({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof grantCreditsInput> }) {
  const data = grantCreditsInput.parse(input);
  requireInstanceAdmin(ctx);
  const team = await findTeam(ctx.db, data.team);
  if (!team) throw new GatewayError('not_found', `Team '${data.team}' not found.`);
  const balanceMicros = await ctx.db.transaction(async (tx) => {
    const balance = await applyLedgerEntry(tx, {
      teamId: team.id,
      kind: data.amountMicros > 0 ? 'grant' : 'adjustment',
      amountMicros: data.amountMicros,
      note: data.note,
      actor: actorName(ctx.actor),
    });
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'credits.grant', target: team.id, data: { amountMicros: data.amountMicros } });
    return balance;
  });
  ctx.invalidate.team(team.id);
  return { teamId: team.id, balanceMicros };
}
