import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEnv } from '../env';
import { createLogger } from '../logger';
import { createRedisRateLimiter } from './rate-limiter';
import { openRedisClient, REDIS_COMMAND_TIMEOUT_MS } from './redis-client';

const redisUrl = new URL(getEnv().REDIS_URL ?? 'redis://127.0.0.1:6379');

/** A TCP proxy to the real Redis that can stop passing bytes on, connections left open: a Redis that hangs. */
let proxy: Server;
let frozen = false;
const sockets: Socket[] = [];
let client: Redis;

beforeAll(async () => {
  proxy = createServer((inbound) => {
    const outbound = connect(Number(redisUrl.port || 6379), redisUrl.hostname);
    sockets.push(inbound, outbound);
    inbound.on('data', (data) => frozen || outbound.write(data));
    outbound.on('data', (data) => frozen || inbound.write(data));
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const url = new URL(redisUrl);
  url.host = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  client = await openRedisClient(url.toString());
  await new Promise<void>((resolve) => (client.status === 'ready' ? resolve() : client.once('ready', () => resolve())));
});
afterAll(async () => {
  client?.disconnect();
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => proxy?.close(resolve));
});

describe('the Redis connection (real Redis behind a proxy that can hang)', () => {
  it('a rate-limit check falls back to memory within the command timeout when Redis stops answering', async () => {
    const limiter = createRedisRateLimiter(client, createLogger('silent'));
    const key = `test:${randomBytes(6).toString('hex')}`;
    expect((await limiter.consume(key, 1, 10, 60_000)).allowed).toBe(true);
    frozen = true;
    try {
      const started = Date.now();
      const decision = await limiter.consume(key, 1, 10, 60_000);
      expect(decision.allowed).toBe(true);
      expect(Date.now() - started).toBeLessThan(REDIS_COMMAND_TIMEOUT_MS + 1_000);
      // Memory answers the next checks at once, without waiting on Redis again.
      const next = Date.now();
      for (let i = 0; i < 5; i++) expect((await limiter.consume(key, 1, 10, 60_000)).allowed).toBe(true);
      expect(Date.now() - next).toBeLessThan(REDIS_COMMAND_TIMEOUT_MS);
    } finally {
      frozen = false;
    }
  });
});
