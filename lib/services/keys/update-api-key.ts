import { z } from 'zod';
import { updateApiKey as updateKeyRow, type ApiKeyPatch } from '@/db/queries/api-keys';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { GatewayError } from '../../gateway/errors';
import { dollarsSchema } from '../../money';
import { actorName, type ServiceContext } from '../context';
import { requireKeyChange } from './key-access';
import { keyNotFound } from './key-not-found';

/** Postgres `integer` columns: larger values are refused here, not as a database error. */
const perMinute = z.number().int().positive().max(2_000_000_000);

export const updateApiKeyInput = z.object({
  keyId: z.string().min(1).max(100),
  /** The team on screen (id or slug); when given, the key must be that team's. */
  team: z.string().min(1).optional(),
  name: z.string().trim().min(1).max(100).optional(),
  /** null: never expires. A past instant expires the key at once. */
  expiresAt: z.union([z.null(), z.coerce.date().refine((date) => !Number.isNaN(date.getTime()) && date.getUTCFullYear() < 10_000, 'expected a date')]).optional(),
  requestsPerMinute: perMinute.nullable().optional(),
  tokensPerMinute: perMinute.nullable().optional(),
  maxConcurrentRequests: perMinute.nullable().optional(),
  /** Dollars; null removes the limit. */
  spendLimit: dollarsSchema.refine((micros) => micros > 0, 'the spend limit must be more than $0').nullable().optional(),
  spendLimitPeriod: z.enum(['total', 'day', 'month']).optional(),
});

/**
 * Edits a key: its name, expiry, spend limit and period, and its own rate and concurrency
 * limits on top of its team's plan. Every instance sees the change within the key-cache TTL,
 * this one at once. Members may rename the keys they created; everything else needs an admin.
 */
export async function updateApiKey({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof updateApiKeyInput> }) {
  const { keyId, team: expectedTeam, spendLimit, ...data } = updateApiKeyInput.parse(input);
  const patch: ApiKeyPatch = Object.fromEntries(Object.entries({ ...data, spendLimitMicros: spendLimit }).filter(([, value]) => value !== undefined));
  if (Object.keys(patch).length === 0) throw new GatewayError('invalid_request', 'Nothing to change: send at least one field.');
  const team = await requireKeyChange(ctx, { keyId, expectedTeam, adminOnly: Object.keys(patch).some((field) => field !== 'name') });
  await ctx.db.transaction(async (tx) => {
    if (!(await updateKeyRow(tx, team.id, keyId, patch))) throw keyNotFound();
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'api_key.update', target: keyId, data: patch });
  });
  ctx.invalidate.apiKeys();
  return { id: keyId, ...patch };
}
