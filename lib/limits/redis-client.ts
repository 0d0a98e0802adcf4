import type { Redis } from 'ioredis';

/**
 * The longest any Redis command waits. Redis answers in well under a millisecond; one that
 * stops answering with its connection still open (a frozen process, a network that drops
 * packets) would otherwise hold every request at its rate-limit check, since the limiter and the
 * login throttle only fall back to memory or the database when a command fails.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 250;

/**
 * A connection to the Redis that REDIS_URL names, as the rate limits, session affinity and the
 * login throttle use it: commands fail at once while it is disconnected (no offline queue) and
 * after REDIS_COMMAND_TIMEOUT_MS when it does not answer, so each user falls back instead of waiting.
 */
export async function openRedisClient(url: string): Promise<Redis> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000, commandTimeout: REDIS_COMMAND_TIMEOUT_MS, lazyConnect: false });
  redis.on('error', () => {});
  return redis;
}
