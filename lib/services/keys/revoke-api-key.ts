import { z } from 'zod';
import { findApiKeyTeam, revokeApiKey as revokeKeyRow } from '@/db/queries/api-keys';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { GatewayError } from '../../gateway/errors';
import { actorName, type ServiceContext } from '../context';
import { requireObjectTeam } from '../object-team';
import { keyNotFound } from './key-not-found';

/** `team` (id or slug), when given, must be the key's team: the console revokes within the team on screen. */
export const revokeApiKeyInput = z.object({ keyId: z.string().min(1), team: z.string().min(1).optional() });

/** Revokes a key; every instance stops accepting it within the key-cache TTL. */
export async function revokeApiKey({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof revokeApiKeyInput> }) {
  const { keyId, team: expectedTeam } = revokeApiKeyInput.parse(input);
  const teamId = (await requireObjectTeam(ctx, { ownerTeamId: await findApiKeyTeam(ctx.db, keyId), minimum: 'admin', expectedTeam, notFound: keyNotFound })).id;
  const revoked = await ctx.db.transaction(async (tx) => {
    const done = await revokeKeyRow(tx, teamId, keyId);
    if (done) await insertAuditEntry(tx, { teamId, actor: actorName(ctx.actor), action: 'api_key.revoke', target: keyId });
    return done;
  });
  if (!revoked) throw new GatewayError('not_found', 'This API key is already revoked.');
  ctx.invalidate.apiKeys();
  return { id: keyId, revoked: true };
}
