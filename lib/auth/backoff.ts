/**
 * A growing delay per key instead of a lockout: `free` attempts pass, then each further one
 * must wait twice as long as the last (from `baseDelayMs` up to `maxDelayMs`). A key idle for
 * `idleResetMs` starts afresh. Refused attempts do not count, so hammering a key makes the
 * wait no longer; the delay slows guessing to a trickle without ever shutting a key out.
 */
export type BackoffPolicy = { free: number; baseDelayMs: number; maxDelayMs: number; idleResetMs: number };

export type BackoffState = { attempts: number; lastAttemptAt: number; nextAllowedAt: number };

/** One attempt at `now`: the state to store, and how long to wait (0 when the attempt may go ahead). */
export function stepBackoff(state: BackoffState | undefined, now: number, policy: BackoffPolicy): { state: BackoffState; waitMs: number } {
  if (state && state.nextAllowedAt > now) return { state, waitMs: state.nextAllowedAt - now };
  const attempts = state && now - state.lastAttemptAt < policy.idleResetMs ? state.attempts + 1 : 1;
  const delay = backoffDelay(attempts, policy);
  // 0 rather than `now` when there is no wait, so an attempt stamped a moment earlier (it queued for the lock) is not refused.
  return { state: { attempts, lastAttemptAt: now, nextAllowedAt: delay > 0 ? now + delay : 0 }, waitMs: 0 };
}

/** The wait imposed after attempt number `attempts`. */
export function backoffDelay(attempts: number, policy: BackoffPolicy): number {
  if (attempts <= policy.free) return 0;
  return Math.min(policy.baseDelayMs * 2 ** Math.min(attempts - policy.free - 1, 40), policy.maxDelayMs);
}
