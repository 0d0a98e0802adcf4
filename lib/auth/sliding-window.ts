/**
 * An in-memory sliding-window counter: at most `limit` hits per key within `windowMs`.
 * Per instance by design (sign-in throttling needs no coordination to be useful).
 */
export class SlidingWindow {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a hit; returns how long to wait (ms) when the key is over its limit, else 0. */
  hit(key: string): number {
    const at = this.now();
    const recent = (this.hits.get(key) ?? []).filter((time) => time > at - this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return recent[0] + this.windowMs - at;
    }
    recent.push(at);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.prune(at);
    return 0;
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private prune(at: number): void {
    for (const [key, times] of this.hits) {
      if (times.every((time) => time <= at - this.windowMs)) this.hits.delete(key);
    }
  }
}
