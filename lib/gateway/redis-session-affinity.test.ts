import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { getEnv } from '../env';
import { createLogger } from '../logger';
import { createRedisSessionAffinity } from './redis-session-affinity';
import { SessionAffinity } from './session-affinity';

const url = getEnv().REDIS_URL ?? 'redis://127.0.0.1:6379';
const clients: Redis[] = [];
const connect = (target = url) => {
  const client = new Redis(target, { enableOfflineQueue: target === url, maxRetriesPerRequest: 1, connectTimeout: 500, retryStrategy: () => null });
  client.on('error', () => {});
  clients.push(client);
  return client;
};
afterAll(() => clients.forEach((client) => client.disconnect()));

const logger = createLogger('silent');
const local = () => new SessionAffinity({ ttlMs: 60_000, maxEntries: 100 });
const key = () => `test-${randomBytes(8).toString('hex')}`;
const groq = { model: 'moonshotai/kimi-k2', provider: 'groq', credential: 'system' };

describe('Redis session affinity (real Redis)', () => {
  it('shares a conversation between two instances', async () => {
    // A generous read timeout: the shared test machine can be slow; the timeout itself is tested below.
    const a = createRedisSessionAffinity({ redis: connect(), local: local(), ttlMs: 60_000, logger, timeoutMs: 2_000 });
    const b = createRedisSessionAffinity({ redis: connect(), local: local(), ttlMs: 60_000, logger, timeoutMs: 2_000 });
    const observer = connect();
    const conversation = key();
    expect(await b.get(conversation)).toBeUndefined();
    a.remember(conversation, groq);
    // The write is not awaited by remember(): wait until Redis has it.
    for (let tries = 0; tries < 100 && !(await observer.exists(`gatehouse:affinity:${conversation}`)); tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await b.get(conversation)).toEqual(groq);
    const ttl = await observer.pttl(`gatehouse:affinity:${conversation}`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('ignores a value it did not write, and answers from memory', async () => {
    const redis = connect();
    const memory = local();
    const shared = createRedisSessionAffinity({ redis, local: memory, ttlMs: 60_000, logger, timeoutMs: 2_000 });
    const conversation = key();
    memory.remember(conversation, groq);
    await redis.set(`gatehouse:affinity:${conversation}`, '{"model":"x","provider":"a b\\n","credential":"system"}', 'PX', 10_000);
    expect(await shared.get(conversation)).toEqual(groq);
  });

  it('falls back to this instance’s memory when Redis cannot be reached', async () => {
    const shared = createRedisSessionAffinity({ redis: connect('redis://127.0.0.1:41002'), local: local(), ttlMs: 60_000, logger, timeoutMs: 200 });
    const conversation = key();
    const started = Date.now();
    expect(await shared.get(conversation)).toBeUndefined();
    shared.remember(conversation, groq);
    expect(await shared.get(conversation)).toEqual(groq);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
