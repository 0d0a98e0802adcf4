import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from './rate-limiter';

describe('GCRA in memory', () => {
  it('admits a burst up to the limit, then refuses with a retry-after', async () => {
    let now = 1_000_000;
    const limiter = createMemoryRateLimiter(() => now);
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await limiter.consume('k', 1, 5, 60_000));
    expect(results.every((result) => result.allowed)).toBe(true);
    expect(results.map((result) => result.remaining)).toEqual([4, 3, 2, 1, 0]);
    const refused = await limiter.consume('k', 1, 5, 60_000);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBe(12_000);
    now += 12_000;
    expect((await limiter.consume('k', 1, 5, 60_000)).allowed).toBe(true);
  });

  it('counts cost in units (tokens) and takes back what an estimate overcounted', async () => {
    const now = 5_000_000;
    const limiter = createMemoryRateLimiter(() => now);
    expect((await limiter.consume('t', 900, 1000, 60_000)).allowed).toBe(true);
    expect((await limiter.consume('t', 200, 1000, 60_000)).allowed).toBe(false);
    await limiter.adjust('t', -500, 1000, 60_000);
    expect((await limiter.consume('t', 200, 1000, 60_000)).remaining).toBe(400);
  });

  it('keeps keys apart', async () => {
    const limiter = createMemoryRateLimiter(() => 0);
    expect((await limiter.consume('a', 1, 1, 60_000)).allowed).toBe(true);
    expect((await limiter.consume('b', 1, 1, 60_000)).allowed).toBe(true);
    expect((await limiter.consume('a', 1, 1, 60_000)).allowed).toBe(false);
  });
});
