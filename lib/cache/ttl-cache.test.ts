import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttl-cache';

function deferred<V>() {
  let resolve!: (value: V) => void;
  const promise = new Promise<V>((done) => (resolve = done));
  return { promise, resolve };
}

describe('TtlCache', () => {
  it('shares one load between concurrent misses and serves the value until it expires', async () => {
    const cache = new TtlCache<number>(60_000);
    let loads = 0;
    const load = async () => ++loads;
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([1, 1]);
    expect(await cache.get('a', load)).toBe(1);
    expect(loads).toBe(1);
  });

  it('keeps a value set while a load was in flight, not the older value the load returns', async () => {
    const cache = new TtlCache<number>(60_000);
    const slow = deferred<number>();
    const inFlight = cache.get('team', () => slow.promise);
    cache.set('team', 70);
    slow.resolve(100);
    expect(await inFlight).toBe(100);
    expect(await cache.get('team', async () => -1)).toBe(70);
  });

  it('drops what a load overtaken by delete returns, so the next read loads again', async () => {
    const cache = new TtlCache<number>(60_000);
    const slow = deferred<number>();
    const inFlight = cache.get('team', () => slow.promise);
    cache.delete('team');
    const next = cache.get('team', async () => 5);
    slow.resolve(100);
    await inFlight;
    expect(await next).toBe(5);
    expect(await cache.get('team', async () => -1)).toBe(5);
  });

  it('loads again once the value has expired', async () => {
    const cache = new TtlCache<number>(1);
    await cache.get('a', async () => 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await cache.get('a', async () => 2)).toBe(2);
  });
});
