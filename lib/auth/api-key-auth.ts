import type { Db } from '@/db/client';
import { findApiKeyByHash } from '@/db/queries/api-keys';
import type { TtlCache } from '../cache/ttl-cache';
import { hashApiKey, isWellFormedKey } from '../crypto/api-keys';
import { GatewayError } from '../gateway/errors';
import type { ModelLists } from '../gateway/model-policy';
import type { HeaderReader } from '../gateway/types';

/** A key as cached: the row, and how much spend this instance had written for it when it was read. */
export type KeyRecord = NonNullable<Awaited<ReturnType<typeof findApiKeyByHash>>> & { spendBaseline: number };

/** Who is calling: the team, the key, and the policy that applies underneath the request's options. */
export type Principal = {
  teamId: string;
  apiKeyId: string | null;
  plan: string;
  settings: KeyRecord['settings'];
  spendLimitMicros: number | null;
  /** 'total' | 'day' | 'month' */
  spendLimitPeriod: string;
  spentMicros: number;
  /** Per-key limits on top of the plan's team limits. */
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  /** The key's own cap on calls in flight (absent for keyless callers). */
  maxConcurrentRequests?: number | null;
  subject?: string;
  /** The key's own model lists, under the team's (absent for keyless callers). */
  keyModels?: ModelLists | null;
  /** Whose member budgets apply: the user who created the key, the playground's user, or `oidc:<sub>`. */
  memberId?: string | null;
};

/** The bearer token or `x-api-key`, whichever the client sent. */
export function readApiKey(headers: HeaderReader): string | undefined {
  const authorization = headers.get('authorization');
  if (authorization) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match) return match[1].trim();
  }
  return headers.get('x-api-key')?.trim() || undefined;
}

export async function authenticateApiKey(
  db: Db,
  cache: TtlCache<KeyRecord | null>,
  headers: HeaderReader,
  spendWritten: (keyId: string) => number = () => 0,
): Promise<Principal> {
  const key = readApiKey(headers);
  if (!key) {
    throw new GatewayError('unauthorized', 'Missing API key. Send it as `Authorization: Bearer <key>` or `x-api-key: <key>`.');
  }
  // A look-alike or a typo costs no query; the reply does not say which check failed.
  if (!isWellFormedKey(key)) throw new GatewayError('unauthorized', 'Invalid API key.');
  const hash = hashApiKey(key);
  const record = await cache.get(hash, async () => {
    const row = await findApiKeyByHash(db, hash);
    return row ? { ...row, spendBaseline: spendWritten(row.id) } : null;
  });
  if (!record) throw new GatewayError('unauthorized', 'Invalid API key.');
  // A secret replaced by a rotation works until its grace ends, then is refused as revoked.
  if (record.revokedAt || (record.graceUntil && record.graceUntil.getTime() <= Date.now())) throw new GatewayError('unauthorized', 'This API key has been revoked.');
  if (record.expiresAt && record.expiresAt.getTime() <= Date.now()) throw new GatewayError('unauthorized', 'This API key has expired.');
  return {
    teamId: record.teamId,
    apiKeyId: record.id,
    plan: record.plan,
    settings: record.settings,
    spendLimitMicros: record.spendLimitMicros,
    spendLimitPeriod: record.spendLimitPeriod,
    spentMicros: record.spentMicros + spendWritten(record.id) - record.spendBaseline,
    requestsPerMinute: record.requestsPerMinute,
    tokensPerMinute: record.tokensPerMinute,
    maxConcurrentRequests: record.maxConcurrentRequests,
    keyModels: { modelAllowlist: record.modelAllowlist, modelDenylist: record.modelDenylist },
    memberId: record.createdBy,
  };
}
