import { z } from 'zod';
import { listLedgerPage } from '@/db/queries/credits';
import { requireTeamRole, type ServiceContext } from '../context';

export const listLedgerInput = z.object({
  team: z.string().min(1),
  beforeId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(25),
});

/** One page of grants and debits, newest first, each with the balance after it. */
export async function listLedger({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof listLedgerInput> }) {
  const data = listLedgerInput.parse(input);
  const team = await requireTeamRole(ctx, data.team, 'viewer');
  const rows = await listLedgerPage(ctx.db, team.id, { limit: data.limit + 1, beforeId: data.beforeId });
  const page = rows.slice(0, data.limit);
  return { entries: page, nextBeforeId: rows.length > data.limit ? page[page.length - 1].id : null };
}
