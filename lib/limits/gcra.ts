/**
 * GCRA (generic cell rate algorithm): each key keeps one number, the theoretical arrival
 * time (TAT). A limit of L per window W spaces units T = W / L apart and allows a burst of
 * the whole window. Cost n moves the TAT n·T ahead; a request is refused if that would put
 * the TAT more than W into the future. The same arithmetic runs in memory and in Redis.
 */
export type LimitDecision = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Until the bucket is full again. */
  resetMs: number;
  /** Until this request would be allowed (0 when allowed). */
  retryAfterMs: number;
};

export function gcra(tat: number, now: number, cost: number, limit: number, windowMs: number): { decision: LimitDecision; tat: number } {
  const interval = windowMs / limit;
  const start = Math.max(tat, now);
  const next = start + cost * interval;
  if (next - now > windowMs) {
    const retryAfterMs = Math.ceil(next - now - windowMs);
    return {
      decision: { allowed: false, limit, remaining: Math.max(0, Math.floor((windowMs - (start - now)) / interval)), resetMs: Math.ceil(start - now), retryAfterMs },
      tat,
    };
  }
  return {
    decision: { allowed: true, limit, remaining: Math.max(0, Math.floor((windowMs - (next - now)) / interval)), resetMs: Math.ceil(next - now), retryAfterMs: 0 },
    tat: next,
  };
}

/** Applies a correction (actual usage minus the estimate) without a limit check; never before `now`. */
export function gcraAdjust(tat: number, now: number, delta: number, limit: number, windowMs: number): number {
  return Math.max(now, Math.max(tat, now) + delta * (windowMs / limit));
}
