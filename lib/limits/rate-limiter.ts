import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import { gcra, gcraAdjust, type LimitDecision } from './gcra';

export type { LimitDecision };

export type RateLimiter = {
  /** Takes `cost` units from `key` if the limit allows it. */
  consume(key: string, cost: number, limit: number, windowMs: number): Promise<LimitDecision>;
  /** Corrects an earlier estimate by `delta` units (negative gives units back). */
  adjust(key: string, delta: number, limit: number, windowMs: number): Promise<void>;
  close(): Promise<void>;
  /** For limits shared through Redis: whether Redis is connected now (readiness reports it). */
  connected?(): boolean;
};

/** One process's limits: right for a single instance, and the fallback when Redis is unreachable. */
export function createMemoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const tats = new Map<string, number>();
  const sweep = setInterval(() => {
    const at = now();
    for (const [key, tat] of tats) if (tat < at) tats.delete(key);
  }, 60_000);
  sweep.unref();
  return {
    async consume(key, cost, limit, windowMs) {
      const { decision, tat } = gcra(tats.get(key) ?? 0, now(), cost, limit, windowMs);
      tats.set(key, tat);
      return decision;
    },
    async adjust(key, delta, limit, windowMs) {
      tats.set(key, gcraAdjust(tats.get(key) ?? 0, now(), delta, limit, windowMs));
    },
    async close() {
      clearInterval(sweep);
    },
  };
}

/**
 * The same GCRA as one Lua script, so that N instances sharing a Redis together admit no
 * more than the limit. Time comes from Redis itself (TIME), not from each instance's clock.
 * ARGV: cost, limit, windowMs, mode (0 consume, 1 adjust). Returns allowed, remaining, resetMs, retryAfterMs.
 */
const script = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cost = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local interval = window / limit
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(tat, now)
if ARGV[4] == '1' then
  local next = math.max(now, start + cost * interval)
  redis.call('SET', KEYS[1], tostring(next), 'PX', math.ceil(next - now) + 1000)
  return {1, 0, 0, 0}
end
local next = start + cost * interval
if next - now > window then
  return {0, math.max(0, math.floor((window - (start - now)) / interval)), math.ceil(start - now), math.ceil(next - now - window)}
end
redis.call('SET', KEYS[1], tostring(next), 'PX', math.ceil(next - now) + 1000)
return {1, math.max(0, math.floor((window - (next - now)) / interval)), math.ceil(next - now), 0}
`;

type GcraRedis = Redis & { gatehouseGcra(key: string, cost: number, limit: number, windowMs: number, mode: string): Promise<[number, number, number, number]> };

/**
 * Shared limits through Redis. If Redis cannot be reached the limiter fails open to this
 * instance's own memory limits (logged at most once a minute), never to an error. After a failed
 * command it stays on memory for REDIS_RETRY_AFTER_MS before asking Redis again, so a Redis that
 * hangs costs one command timeout (redis-client.ts) a second, not one per request.
 */
/** How long the limiter keeps to memory after a Redis command failed. */
export const REDIS_RETRY_AFTER_MS = 1_000;

export function createRedisRateLimiter(redis: Redis, logger: Logger, fallback: RateLimiter = createMemoryRateLimiter()): RateLimiter {
  redis.defineCommand('gatehouseGcra', { numberOfKeys: 1, lua: script });
  const client = redis as GcraRedis;
  let lastWarning = 0;
  const warn = (error: unknown) => {
    if (Date.now() - lastWarning < 60_000) return;
    lastWarning = Date.now();
    logger.warn('Redis rate limiter unavailable; using per-instance limits until it is back', { error: String(error) });
  };
  const prefix = 'gatehouse:rl:';
  let memoryUntil = 0;
  const failed = (error: unknown) => {
    memoryUntil = Date.now() + REDIS_RETRY_AFTER_MS;
    warn(error);
  };
  return {
    async consume(key, cost, limit, windowMs) {
      if (Date.now() < memoryUntil) return fallback.consume(key, cost, limit, windowMs);
      try {
        const [allowed, remaining, resetMs, retryAfterMs] = await client.gatehouseGcra(prefix + key, cost, limit, windowMs, '0');
        return { allowed: allowed === 1, limit, remaining, resetMs, retryAfterMs };
      } catch (error) {
        failed(error);
        return fallback.consume(key, cost, limit, windowMs);
      }
    },
    async adjust(key, delta, limit, windowMs) {
      if (Date.now() < memoryUntil) return fallback.adjust(key, delta, limit, windowMs);
      try {
        await client.gatehouseGcra(prefix + key, delta, limit, windowMs, '1');
      } catch (error) {
        failed(error);
        await fallback.adjust(key, delta, limit, windowMs);
      }
    },
    async close() {
      await fallback.close();
      redis.disconnect();
    },
    connected: () => redis.status === 'ready',
  };
}
