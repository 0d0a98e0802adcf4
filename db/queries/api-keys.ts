import { and, count, desc, eq, gt, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { apiKeys, teamSettings, teams } from '../schema';

export async function insertApiKey(db: DbOrTx, key: typeof apiKeys.$inferInsert) {
  await db.insert(apiKeys).values(key);
}

/** Keys of a team, without their hashes. */
export async function listApiKeys(db: DbOrTx, teamId: string) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      createdBy: apiKeys.createdBy,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
      spendLimitMicros: apiKeys.spendLimitMicros,
      spendLimitPeriod: apiKeys.spendLimitPeriod,
      spentMicros: apiKeys.spentMicros,
    })
    .from(apiKeys)
    .where(eq(apiKeys.teamId, teamId))
    .orderBy(desc(apiKeys.createdAt));
}

/** What authentication needs to know about a key, by the key's hash. */
export async function findApiKeyByHash(db: DbOrTx, hash: string) {
  const [row] = await db
    .select({
      id: apiKeys.id,
      teamId: apiKeys.teamId,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
      spendLimitMicros: apiKeys.spendLimitMicros,
      spendLimitPeriod: apiKeys.spendLimitPeriod,
      spentMicros: apiKeys.spentMicros,
      requestsPerMinute: apiKeys.requestsPerMinute,
      tokensPerMinute: apiKeys.tokensPerMinute,
      maxConcurrentRequests: apiKeys.maxConcurrentRequests,
      modelAllowlist: apiKeys.modelAllowlist,
      modelDenylist: apiKeys.modelDenylist,
      createdBy: apiKeys.createdBy,
      plan: teams.plan,
      settings: teamSettings,
    })
    .from(apiKeys)
    .innerJoin(teams, eq(teams.id, apiKeys.teamId))
    .innerJoin(teamSettings, eq(teamSettings.teamId, apiKeys.teamId))
    .where(eq(apiKeys.hash, hash))
    .limit(1);
  return row;
}

/** Revokes a key of this team; returns false when the team has no such live key. */
export async function revokeApiKey(db: DbOrTx, teamId: string, keyId: string): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.teamId, teamId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

export async function findApiKeyTeam(db: DbOrTx, keyId: string) {
  const [row] = await db.select({ teamId: apiKeys.teamId }).from(apiKeys).where(eq(apiKeys.id, keyId)).limit(1);
  return row?.teamId;
}

export async function addKeySpend(db: DbOrTx, keyId: string, amountMicros: number, usedAt: Date) {
  await db
    .update(apiKeys)
    .set({ spentMicros: sql`${apiKeys.spentMicros} + ${amountMicros}`, lastUsedAt: usedAt })
    .where(eq(apiKeys.id, keyId));
}

export async function updateApiKeyLimits(
  db: DbOrTx,
  teamId: string,
  keyId: string,
  patch: Partial<Pick<typeof apiKeys.$inferInsert, 'requestsPerMinute' | 'tokensPerMinute' | 'maxConcurrentRequests' | 'spendLimitMicros' | 'spendLimitPeriod'>>,
) {
  if (Object.keys(patch).length === 0) return;
  await db.update(apiKeys).set(patch).where(and(eq(apiKeys.id, keyId), eq(apiKeys.teamId, teamId)));
}

/**
 * Revokes every key this user created in this team (their membership is ending); returns how
 * many of them still worked, i.e. how many stopped. Expired keys are revoked too, uncounted.
 */
export async function revokeKeysCreatedBy(db: DbOrTx, teamId: string, userId: string, now = new Date()): Promise<number> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.teamId, teamId), eq(apiKeys.createdBy, userId), isNull(apiKeys.revokedAt)))
    .returning({ expiresAt: apiKeys.expiresAt });
  return rows.filter((row) => !row.expiresAt || row.expiresAt > now).length;
}

/** Working keys per creator in a team: what removing each member would stop. */
export async function countLiveKeysByCreator(db: DbOrTx, teamId: string, now = new Date()): Promise<Map<string, number>> {
  const rows = await db
    .select({ userId: apiKeys.createdBy, value: count() })
    .from(apiKeys)
    .where(and(eq(apiKeys.teamId, teamId), isNotNull(apiKeys.createdBy), isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now))))
    .groupBy(apiKeys.createdBy);
  return new Map(rows.map((row) => [row.userId!, Number(row.value)]));
}

/** A key's own model lists (see lib/gateway/model-policy.ts); scoped by team. */
export async function setApiKeyModelLists(db: DbOrTx, teamId: string, keyId: string, lists: { modelAllowlist: string[] | null; modelDenylist: string[] }) {
  await db.update(apiKeys).set(lists).where(and(eq(apiKeys.id, keyId), eq(apiKeys.teamId, teamId)));
}
