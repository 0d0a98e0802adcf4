import { z } from 'zod';
import { findApiKeyTeam, setApiKeyModelLists } from '@/db/queries/api-keys';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { modelPatternList } from '../models/model-patterns';
import { actorName, type ServiceContext } from '../context';
import { requireObjectTeam } from '../object-team';
import { keyNotFound } from './key-not-found';

export const setApiKeyModelsInput = z.object({
  keyId: z.string().min(1).max(200),
  /** null or empty: whatever the team allows. */
  allow: modelPatternList.nullable().default(null),
  deny: modelPatternList.default([]),
});

/** A key's own model allowlist and denylist, narrowing the team's; replaces both lists. */
export async function setApiKeyModels({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof setApiKeyModelsInput> }) {
  const data = setApiKeyModelsInput.parse(input);
  const teamId = (await requireObjectTeam(ctx, { ownerTeamId: await findApiKeyTeam(ctx.db, data.keyId), minimum: 'admin', notFound: keyNotFound })).id;
  const lists = { modelAllowlist: data.allow?.length ? data.allow : null, modelDenylist: data.deny };
  await ctx.db.transaction(async (tx) => {
    await setApiKeyModelLists(tx, teamId, data.keyId, lists);
    await insertAuditEntry(tx, { teamId, actor: actorName(ctx.actor), action: 'api_key.models', target: data.keyId, data: lists });
  });
  ctx.invalidate.apiKeys();
  return { id: data.keyId, allow: lists.modelAllowlist, deny: lists.modelDenylist };
}
