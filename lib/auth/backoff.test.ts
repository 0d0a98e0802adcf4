import { describe, expect, it } from 'vitest';
import { backoffDelay, stepBackoff, type BackoffPolicy, type BackoffState } from './backoff';

const policy: BackoffPolicy = { free: 3, baseDelayMs: 1_000, maxDelayMs: 8_000, idleResetMs: 60_000 };

describe('stepBackoff', () => {
  it('lets the free attempts through, then doubles the wait up to the ceiling', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffDelay(attempt, policy))).toEqual([0, 0, 0, 1_000, 2_000, 4_000, 8_000, 8_000]);
  });

  it('refuses while a wait runs, without counting (or lengthening) it, and never locks', () => {
    let state: BackoffState | undefined;
    let now = 0;
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const step = stepBackoff(state, now, policy);
      expect(step.waitMs).toBe(0);
      state = step.state;
    }
    for (let refused = 0; refused < 100; refused += 1) expect(stepBackoff(state, now + 10, policy)).toEqual({ state, waitMs: 990 });
    now += 1_000;
    const next = stepBackoff(state, now, policy);
    expect(next.waitMs).toBe(0);
    expect(next.state).toEqual({ attempts: 5, lastAttemptAt: 1_000, nextAllowedAt: 3_000 });
  });

  it('starts afresh after a quiet spell', () => {
    const busy: BackoffState = { attempts: 9, lastAttemptAt: 0, nextAllowedAt: 8_000 };
    expect(stepBackoff(busy, 61_000, policy)).toEqual({ state: { attempts: 1, lastAttemptAt: 61_000, nextAllowedAt: 0 }, waitMs: 0 });
  });
});
