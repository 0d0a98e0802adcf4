import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { armDeadline, clearDeadline } from './deadlines';

describe('deadlines', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.runOnlyPendingTimers();
    vi.useRealTimers();
  });

  it('wakes only when the earliest armed deadline is due, not on a fixed tick', () => {
    const start = Date.now();
    const expired: string[] = [];
    armDeadline(10_000, () => expired.push('ten'));
    armDeadline(60_000, () => expired.push('sixty'));
    vi.advanceTimersToNextTimer();
    expect(Date.now() - start).toBe(10_000);
    expect(expired).toEqual(['ten']);
    vi.advanceTimersToNextTimer();
    expect(Date.now() - start).toBe(60_000);
    expect(expired).toEqual(['ten', 'sixty']);
  });

  it('moves the wake-up earlier for a deadline armed after a later one', () => {
    const start = Date.now();
    const expired: number[] = [];
    armDeadline(60_000, () => expired.push(Date.now() - start));
    armDeadline(200, () => expired.push(Date.now() - start));
    vi.advanceTimersByTime(60_000);
    expect(expired).toEqual([200, 60_000]);
  });

  it('never runs a cleared deadline, and finds the next one when the earliest was cleared', () => {
    const start = Date.now();
    const expired: number[] = [];
    const first = armDeadline(1_000, () => expired.push(-1));
    armDeadline(5_000, () => expired.push(Date.now() - start));
    clearDeadline(first);
    vi.advanceTimersByTime(10_000);
    expect(expired).toEqual([5_000]);
  });

  it('keeps expiring the others when one expiry throws, and takes deadlines armed by an expiry', () => {
    const expired: string[] = [];
    armDeadline(100, () => {
      throw new Error('boom');
    });
    armDeadline(100, () => {
      expired.push('second');
      armDeadline(50, () => expired.push('armed by an expiry'));
    });
    vi.advanceTimersByTime(100);
    expect(expired).toEqual(['second']);
    vi.advanceTimersByTime(50);
    expect(expired).toEqual(['second', 'armed by an expiry']);
  });

  it('handles a deadline beyond the longest timer Node can set', () => {
    const start = Date.now();
    let expiredAfter = -1;
    armDeadline(2 ** 31 + 5_000, () => (expiredAfter = Date.now() - start));
    vi.advanceTimersByTime(2 ** 31 - 1);
    expect(expiredAfter).toBe(-1);
    vi.advanceTimersByTime(6_000);
    expect(expiredAfter).toBe(2 ** 31 + 5_000);
  });

  it('keeps the others armed whichever are cleared (first, middle, last, twice), and drops what a cleared one held', () => {
    const expired: number[] = [];
    const deadlines = [1, 2, 3, 4, 5].map((n) => armDeadline(n * 100, () => expired.push(n)));
    for (const index of [0, 2, 4, 2]) clearDeadline(deadlines[index]);
    vi.advanceTimersByTime(1_000);
    expect(expired).toEqual([2, 4]);
    // A cleared deadline no longer reaches its expiry's closure (and through it, the call).
    expect(deadlines[0].expire).toBe(deadlines[2].expire);
  });

  it('does not run a due deadline that an earlier expiry cleared', () => {
    const expired: string[] = [];
    armDeadline(100, () => {
      expired.push('first');
      clearDeadline(second);
    });
    const second = armDeadline(100, () => expired.push('second'));
    armDeadline(100, () => expired.push('third'));
    vi.advanceTimersByTime(100);
    expect(expired).toEqual(['first', 'third']);
  });
});
