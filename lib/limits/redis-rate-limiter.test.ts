import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { getEnv } from '../env';
import { createLogger } from '../logger';
import { createRedisRateLimiter } from './rate-limiter';

const url = getEnv().REDIS_URL ?? 'redis://127.0.0.1:6379';
const clients: Redis[] = [];
const connect = () => {
  const client = new Redis(url, { enableOfflineQueue: true, maxRetriesPerRequest: 1 });
  clients.push(client);
  return client;
};
afterAll(() => clients.forEach((client) => client.disconnect()));

describe('Redis GCRA limiter (real Redis)', () => {
  it('admits exactly the limit across two instances racing', async () => {
    const logger = createLogger('silent');
    const a = createRedisRateLimiter(connect(), logger);
    const b = createRedisRateLimiter(connect(), logger);
    const key = `test:${randomBytes(6).toString('hex')}`;
    const decisions = await Promise.all(Array.from({ length: 50 }, (_, index) => (index % 2 ? a : b).consume(key, 1, 10, 60_000)));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(10);
    const refused = decisions.find((decision) => !decision.allowed)!;
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(6_000);
  });

  it('settles token estimates', async () => {
    const limiter = createRedisRateLimiter(connect(), createLogger('silent'));
    const key = `test:${randomBytes(6).toString('hex')}`;
    expect((await limiter.consume(key, 900, 1_000, 60_000)).allowed).toBe(true);
    expect((await limiter.consume(key, 200, 1_000, 60_000)).allowed).toBe(false);
    await limiter.adjust(key, -800, 1_000, 60_000);
    expect((await limiter.consume(key, 200, 1_000, 60_000)).allowed).toBe(true);
  });
});
