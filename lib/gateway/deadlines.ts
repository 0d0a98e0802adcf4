/**
 * Deadlines for upstream calls, checked by one shared interval instead of a timer (and an
 * AbortController) per request: arming and clearing a Node timer for every call showed in
 * `npm run bench:profile`, and a deadline of minutes does not need millisecond precision.
 * The interval runs only while some deadline is armed, and never keeps the process alive.
 */
export type Deadline = {
  /** Epoch ms at which `expire` runs. */
  at: number;
  expire: () => void;
};

const TICK_MS = 25;
const armed = new Set<Deadline>();
let interval: ReturnType<typeof setInterval> | undefined;

function tick() {
  const now = Date.now();
  for (const deadline of armed) {
    if (deadline.at > now) continue;
    armed.delete(deadline);
    try {
      deadline.expire();
    } catch {
      // An expiry is an abort of an upstream call; one that throws must not stop the others.
    }
  }
  if (armed.size === 0 && interval) {
    clearInterval(interval);
    interval = undefined;
  }
}

/** Runs `expire` about `ms` from now (within one tick) unless cleared first. */
export function armDeadline(ms: number, expire: () => void): Deadline {
  const deadline = { at: Date.now() + ms, expire };
  armed.add(deadline);
  if (!interval) {
    interval = setInterval(tick, TICK_MS);
    interval.unref?.();
  }
  return deadline;
}

export function clearDeadline(deadline: Deadline): void {
  armed.delete(deadline);
}
