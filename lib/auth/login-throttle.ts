import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Db } from '@/db/client';
import { deleteLoginThrottle, pruneLoginThrottle, updateLoginThrottle } from '@/db/queries/login-throttle';
import { openRedisClient } from '../limits/redis-client';
import type { Logger } from '../logger';
import { stepBackoff, type BackoffPolicy } from './backoff';

/**
 * Per email and client address: a person mistyping gets five tries at full speed, then waits
 * 1 s, 2 s, 4 s ... up to 15 minutes between tries. Only this pair slows down, so guesses
 * from one place never keep the owner out from another, and no account is ever locked.
 */
export const PAIR_POLICY: BackoffPolicy = { free: 5, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, idleResetMs: 60 * 60_000 };
/** Per client address, whatever the email: looser (an office shares one address), against trying many accounts. */
export const ADDRESS_POLICY: BackoffPolicy = { free: 300, baseDelayMs: 1_000, maxDelayMs: 60_000, idleResetMs: 15 * 60_000 };

export type LoginThrottle = {
  /** Counts a sign-in attempt; how long to wait (ms) when it must not be checked now, else 0. */
  attempt(email: string, address: string): Promise<number>;
  /** After a successful sign-in this email and address start afresh (the address's own count goes on). */
  succeeded(email: string, address: string): Promise<void>;
  close(): Promise<void>;
};

type Store = { step(key: string, policy: BackoffPolicy): Promise<number>; reset(key: string): Promise<void>; close(): Promise<void> };

/** Keys are hashed so that neither store holds the emails people tried. */
const pairKey = (email: string, address: string) => `login:pair:${digest(`${email.trim().toLowerCase()}|${address}`)}`;
const addressKey = (address: string) => `login:address:${digest(address)}`;
const digest = (value: string) => createHash('sha256').update(value).digest('base64url');

export function createLoginThrottle(store: Store): LoginThrottle {
  return {
    async attempt(email, address) {
      const pairWait = await store.step(pairKey(email, address), PAIR_POLICY);
      if (pairWait > 0) return pairWait;
      return store.step(addressKey(address), ADDRESS_POLICY);
    },
    succeeded: (email, address) => store.reset(pairKey(email, address)),
    close: () => store.close(),
  };
}

/** Counters in the database, row-locked per key, so every instance sharing it counts together. */
export function databaseThrottleStore(db: Db, now: () => number = Date.now): Store {
  return {
    async step(key, policy) {
      const waitMs = await updateLoginThrottle(db, key, (row) => {
        // The time once the row is locked: attempts queued behind one another are stamped in order.
        const at = now();
        const state = row && { attempts: row.attempts, lastAttemptAt: row.lastAttemptAt.getTime(), nextAllowedAt: row.nextAllowedAt?.getTime() ?? 0 };
        const next = stepBackoff(state, at, policy);
        return {
          row: { attempts: next.state.attempts, lastAttemptAt: new Date(next.state.lastAttemptAt), nextAllowedAt: next.state.nextAllowedAt ? new Date(next.state.nextAllowedAt) : null },
          result: next.waitMs,
        };
      });
      // Now and then, forget counters that have gone quiet (they would start afresh anyway).
      if (Math.random() < 0.01) await pruneLoginThrottle(db, new Date(now() - PAIR_POLICY.idleResetMs - PAIR_POLICY.maxDelayMs));
      return waitMs;
    },
    reset: (key) => deleteLoginThrottle(db, key),
    async close() {},
  };
}

/**
 * `stepBackoff` as one Lua script, atomic in Redis, on Redis's clock. Keep the two in step.
 * ARGV: free, baseDelayMs, maxDelayMs, idleResetMs. Returns the wait in ms (0: go ahead).
 */
const stepScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local free, base, max, idle = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local v = redis.call('HMGET', KEYS[1], 'attempts', 'last', 'next')
local attempts, last, nextAt = tonumber(v[1]), tonumber(v[2]), tonumber(v[3])
if nextAt and nextAt > now then return nextAt - now end
if attempts and last and now - last < idle then attempts = attempts + 1 else attempts = 1 end
local delay = 0
if attempts > free then delay = math.min(base * 2 ^ math.min(attempts - free - 1, 40), max) end
local nextAllowed = 0
if delay > 0 then nextAllowed = now + delay end
redis.call('HSET', KEYS[1], 'attempts', attempts, 'last', now, 'next', nextAllowed)
redis.call('PEXPIRE', KEYS[1], idle + max)
return 0
`;

/** Counters in Redis; while Redis cannot be reached, the database's counters stand in. */
export function redisThrottleStore(redis: Redis, fallback: Store, logger: Logger): Store {
  const failed = (error: unknown) => logger.warn('sign-in throttle: Redis unavailable, counting in the database', { error: String(error) });
  return {
    async step(key, policy) {
      try {
        return Number(await redis.eval(stepScript, 1, key, policy.free, policy.baseDelayMs, policy.maxDelayMs, policy.idleResetMs));
      } catch (error) {
        failed(error);
        return fallback.step(key, policy);
      }
    },
    async reset(key) {
      try {
        await redis.del(key);
      } catch (error) {
        failed(error);
      }
      await fallback.reset(key);
    },
    async close() {
      redis.disconnect();
    },
  };
}

/** Redis when REDIS_URL is set, else the database: either way shared by every instance. */
export async function openLoginThrottle({ db, redisUrl, logger }: { db: Db; redisUrl: string | undefined; logger: Logger }): Promise<LoginThrottle> {
  const database = databaseThrottleStore(db);
  if (!redisUrl) return createLoginThrottle(database);
  return createLoginThrottle(redisThrottleStore(await openRedisClient(redisUrl), database, logger));
}
