import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { updateProviderFacts as updateFactsRow } from '@/db/queries/catalog';
import { GatewayError } from '../../gateway/errors';
import { actorName, requireInstanceAdmin, type ServiceContext } from '../context';

const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);

export const updateProviderFactsInput = z.object({
  slug: z.string().min(1),
  zeroDataRetention: flag.optional(),
  trainsOnPrompts: flag.optional(),
  headquarters: z
    .string()
    .regex(/^([A-Za-z]{2}|local)$/, 'an ISO country code like US')
    .transform((value) => (value === 'local' ? value : value.toUpperCase()))
    .optional(),
  enabled: flag.optional(),
});

/** Edits what routing policy knows about a provider (ZDR agreement, training, headquarters, enabled). */
export async function updateProviderFacts({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof updateProviderFactsInput> }) {
  requireInstanceAdmin(ctx);
  const { slug, ...patch } = updateProviderFactsInput.parse(input);
  const row = await ctx.db.transaction(async (tx) => {
    const updated = await updateFactsRow(tx, slug, patch);
    if (!updated) throw new GatewayError('not_found', `Unknown provider '${slug}'.`);
    await insertAuditEntry(tx, { actor: actorName(ctx.actor), action: 'provider.update', target: slug, data: patch });
    return updated;
  });
  await ctx.invalidate.providerFacts();
  return row;
}
