import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { AffinityMemory, AffinityTarget, SessionAffinity } from './session-affinity';

const PREFIX = 'gatehouse:affinity:';
const slug = /^[A-Za-z0-9_.:/-]{1,256}$/;

/** A target read back from Redis, or undefined if the value is not one Gatehouse wrote. */
function parseTarget(raw: string | null): AffinityTarget | undefined {
  if (!raw || raw.length > 1024) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<AffinityTarget>;
    if (typeof value.model === 'string' && typeof value.provider === 'string' && typeof value.credential === 'string' && [value.model, value.provider, value.credential].every((part) => slug.test(part!))) {
      return { model: value.model, provider: value.provider, credential: value.credential };
    }
  } catch {
    // Not ours: treated as absent.
  }
  return undefined;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Session affinity shared by every instance through the Redis the rate limits use, so a
 * conversation keeps its provider whichever instance the load balancer picks. Reads wait at
 * most `timeoutMs`; on a Redis error or timeout this instance's own memory answers (and is kept
 * up to date either way), so Redis trouble costs cache hits, never a request.
 */
export function createRedisSessionAffinity(options: { redis: Redis; local: SessionAffinity; ttlMs: number; logger: Logger; timeoutMs?: number }): AffinityMemory {
  const { redis, local, ttlMs, logger } = options;
  const timeoutMs = options.timeoutMs ?? 100;
  let lastWarning = 0;
  const warn = (error: unknown) => {
    if (Date.now() - lastWarning < 60_000) return;
    lastWarning = Date.now();
    logger.warn('Redis session affinity unavailable; using per-instance memory until it is back', { error: String(error) });
  };
  return {
    async get(key) {
      try {
        const shared = parseTarget(await withTimeout(redis.get(PREFIX + key), timeoutMs));
        if (shared) return shared;
      } catch (error) {
        warn(error);
      }
      return local.get(key);
    },
    remember(key, target) {
      local.remember(key, target);
      // Not awaited: the answer does not wait for it; a lost write costs one cache miss.
      redis.set(PREFIX + key, JSON.stringify(target), 'PX', ttlMs).catch(warn);
    },
  };
}
