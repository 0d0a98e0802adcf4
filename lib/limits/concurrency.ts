/** One cap on calls in flight: `key` names what is counted (`team:<id>`, `key:<id>`). */
export type ConcurrencyCap = { key: string; limit: number };

/** A held place under every cap of one call; `release` may be called any number of times, it counts once. */
export type Slot = { release(): void };

export type Acquired = { slot: Slot } | { refused: ConcurrencyCap; inFlight: number };

/**
 * Calls in flight per team and per key, in this process. Per instance on purpose: what it
 * protects is this instance's sockets, memory and event loop, and a count kept here can never
 * leak past a crash or a lost Redis connection the way a shared counter can (N instances
 * behind a balancer allow N × the cap in total). Synchronous, so no await separates the check
 * from the increment.
 */
export class ConcurrencyLimiter {
  private readonly inFlight = new Map<string, number>();

  /** Takes one place under every cap, or none at all (the first cap that is full is named). */
  acquire(caps: ConcurrencyCap[]): Acquired {
    for (const cap of caps) {
      const count = this.inFlight.get(cap.key) ?? 0;
      if (count >= cap.limit) return { refused: cap, inFlight: count };
    }
    for (const cap of caps) this.inFlight.set(cap.key, (this.inFlight.get(cap.key) ?? 0) + 1);
    let released = false;
    return {
      slot: {
        release: () => {
          if (released) return;
          released = true;
          for (const cap of caps) {
            const count = (this.inFlight.get(cap.key) ?? 1) - 1;
            // Deleted at zero, so the map holds only teams and keys with calls in flight.
            if (count <= 0) this.inFlight.delete(cap.key);
            else this.inFlight.set(cap.key, count);
          }
        },
      },
    };
  }

  /** Calls in flight under `key` now. */
  count(key: string): number {
    return this.inFlight.get(key) ?? 0;
  }
}
