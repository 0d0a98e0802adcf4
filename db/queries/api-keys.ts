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

/**
 * What authentication needs to know about a key, by the hash of the secret presented: the
 * current secret, or the one it replaced while that is in its grace period. One statement on
 * two unique indexes (a bitmap OR), however the key was rotated. `graceUntil` is null for the
 * current secret, else when the previous one stops being accepted.
 */
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
      isPrevious: sql<boolean>`${apiKeys.hash} <> ${hash}`,
      previousHashValidUntil: apiKeys.previousHashValidUntil,
      modelAllowlist: apiKeys.modelAllowlist,
      modelDenylist: apiKeys.modelDenylist,
      createdBy: apiKeys.createdBy,
      plan: teams.plan,
      settings: teamSettings,
    })
    .from(apiKeys)
    .innerJoin(teams, eq(teams.id, apiKeys.teamId))
    .innerJoin(teamSettings, eq(teamSettings.teamId, apiKeys.teamId))
    .where(or(eq(apiKeys.hash, hash), eq(apiKeys.previousHash, hash)))
    .limit(1);
  if (!row) return undefined;
  const { isPrevious, previousHashValidUntil, ...rest } = row;
  // A previous secret without an end date cannot happen; treat it as over rather than for ever.
  return { ...rest, graceUntil: isPrevious ? (previousHashValidUntil ?? new Date(0)) : null };
}

/** One key of a team with everything its page shows; never a hash. */
export async function findApiKeyDetail(db: DbOrTx, teamId: string, keyId: string) {
  const [row] = await db
    .select({
      id: apiKeys.id,
      teamId: apiKeys.teamId,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      createdBy: apiKeys.createdBy,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
      rotatedAt: apiKeys.rotatedAt,
      previousHashValidUntil: apiKeys.previousHashValidUntil,
      spendLimitMicros: apiKeys.spendLimitMicros,
      spendLimitPeriod: apiKeys.spendLimitPeriod,
      spentMicros: apiKeys.spentMicros,
      requestsPerMinute: apiKeys.requestsPerMinute,
      tokensPerMinute: apiKeys.tokensPerMinute,
      maxConcurrentRequests: apiKeys.maxConcurrentRequests,
    })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.teamId, teamId)))
    .limit(1);
  return row;
}

/** Who created a key and in which team, for role checks before a change. */
export async function findApiKeyOwner(db: DbOrTx, keyId: string) {
  const [row] = await db.select({ teamId: apiKeys.teamId, createdBy: apiKeys.createdBy, revokedAt: apiKeys.revokedAt }).from(apiKeys).where(eq(apiKeys.id, keyId)).limit(1);
  return row;
}

/**
 * Gives a live key a new secret. The old hash moves to `previous_hash` (SET reads the row as
 * it was), accepted until `graceUntil`; a previous secret still in its grace is dropped.
 * False when the team has no such live key.
 */
export async function rotateApiKeyHash(db: DbOrTx, teamId: string, keyId: string, next: { hash: string; prefix: string; graceUntil: Date; now: Date }): Promise<{ previousPrefix: string } | undefined> {
  const [before] = await db
    .select({ prefix: apiKeys.prefix })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.teamId, teamId), isNull(apiKeys.revokedAt)))
    .for('update');
  if (!before) return undefined;
  await db
    .update(apiKeys)
    .set({ previousHash: sql`${apiKeys.hash}`, previousHashValidUntil: next.graceUntil, hash: next.hash, prefix: next.prefix, rotatedAt: next.now })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.teamId, teamId)));
  return { previousPrefix: before.prefix };
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

export type ApiKeyPatch = Partial<
  Pick<typeof apiKeys.$inferInsert, 'name' | 'expiresAt' | 'requestsPerMinute' | 'tokensPerMinute' | 'maxConcurrentRequests' | 'spendLimitMicros' | 'spendLimitPeriod'>
>;

/** Edits a live key of this team; false when the team has no such live key. */
export async function updateApiKey(db: DbOrTx, teamId: string, keyId: string, patch: ApiKeyPatch): Promise<boolean> {
  const where = and(eq(apiKeys.id, keyId), eq(apiKeys.teamId, teamId), isNull(apiKeys.revokedAt));
  if (Object.keys(patch).length === 0) return (await db.select({ id: apiKeys.id }).from(apiKeys).where(where)).length > 0;
  const rows = await db.update(apiKeys).set(patch).where(where).returning({ id: apiKeys.id });
  return rows.length > 0;
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
