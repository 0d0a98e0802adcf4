import { describe, expect, it } from 'vitest';
import { ConcurrencyLimiter } from './concurrency';

describe('ConcurrencyLimiter', () => {
  it('takes a place under every cap or under none, and names the cap that is full', () => {
    const limiter = new ConcurrencyLimiter();
    const team = { key: 'team:t', limit: 2 };
    const key = { key: 'key:k', limit: 1 };
    const first = limiter.acquire([team, key]);
    expect('slot' in first).toBe(true);
    const second = limiter.acquire([team, key]);
    expect(second).toEqual({ refused: key, inFlight: 1 });
    // The refusal took nothing from the team's cap.
    expect(limiter.count('team:t')).toBe(1);
    expect('slot' in limiter.acquire([team])).toBe(true);
    expect(limiter.acquire([team])).toEqual({ refused: team, inFlight: 2 });
  });

  it('counts a release once however often it is called, and forgets idle keys', () => {
    const limiter = new ConcurrencyLimiter();
    const caps = [{ key: 'team:t', limit: 1 }];
    const taken = limiter.acquire(caps);
    if (!('slot' in taken)) throw new Error('refused');
    const other = limiter.acquire([{ key: 'team:u', limit: 5 }]);
    taken.slot.release();
    taken.slot.release();
    expect(limiter.count('team:t')).toBe(0);
    expect(limiter.count('team:u')).toBe(1);
    expect('slot' in limiter.acquire(caps)).toBe(true);
    expect(limiter.count('team:t')).toBe(1);
    if ('slot' in other) other.slot.release();
    expect(limiter.count('team:u')).toBe(0);
  });
});
