import { z } from 'zod';
import { rotateApiKeyHash } from '@/db/queries/api-keys';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { generateApiKey } from '../../crypto/api-keys';
import { actorName, type ServiceContext } from '../context';
import { requireKeyChange } from './key-access';
import { keyNotFound } from './key-not-found';

/** How long the replaced secret keeps working, so deployments can switch without an outage. */
export const rotationGraces = { now: 0, '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;
export type RotationGrace = keyof typeof rotationGraces;

export const rotateApiKeyInput = z.object({
  keyId: z.string().min(1).max(100),
  team: z.string().min(1).optional(),
  grace: z.enum(Object.keys(rotationGraces) as [RotationGrace, ...RotationGrace[]]).default('24h'),
  /** For tests: the instant the rotation happens. */
  now: z.date().optional(),
});

/**
 * Gives a key a new secret, returned once (only its hash is stored). The key keeps its id,
 * name, limits and spend; the old secret is accepted until the grace ends, then refused as
 * revoked. Rotating again during a grace ends the older secret at once.
 */
export async function rotateApiKey({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof rotateApiKeyInput> }) {
  const { keyId, team: expectedTeam, grace, now = new Date() } = rotateApiKeyInput.parse(input);
  const team = await requireKeyChange(ctx, { keyId, expectedTeam, adminOnly: false });
  const { key, hash, prefix } = generateApiKey();
  const previousValidUntil = new Date(now.getTime() + rotationGraces[grace]);
  const previousPrefix = await ctx.db.transaction(async (tx) => {
    const rotated = await rotateApiKeyHash(tx, team.id, keyId, { hash, prefix, graceUntil: previousValidUntil, now });
    if (!rotated) throw keyNotFound();
    await insertAuditEntry(tx, {
      teamId: team.id,
      actor: actorName(ctx.actor),
      action: 'api_key.rotate',
      target: keyId,
      data: { prefix, previousPrefix: rotated.previousPrefix, grace, previousValidUntil: previousValidUntil.toISOString() },
    });
    return rotated.previousPrefix;
  });
  // The old secret's cached record predates the rotation: drop it so its grace applies now.
  ctx.invalidate.apiKeys();
  return { id: keyId, teamId: team.id, prefix, previousPrefix, previousValidUntil, key };
}
