/**
 * Deadlines for upstream calls, checked by one shared timer instead of a timer (and an
 * AbortController) per request: arming and clearing a Node timer for every call showed in
 * `npm run bench:profile`.
 *
 * The timer is set for the earliest armed deadline, not on a fixed tick: a fixed 25 ms tick woke
 * an otherwise idle process 40 times a second for as long as one stream was open, and a wake-up
 * of an idle process costs tens of µs. Requests arm deadlines in the order they arrive, so a new
 * one is almost never earlier than the timer already set; one that ended early leaves the timer
 * set for its time, and that firing finds the next earliest. The timer never keeps the process alive.
 */
export type Deadline = {
  /** Epoch ms at which `expire` runs. */
  at: number;
  expire: () => void;
};

const MAX_DELAY_MS = 2 ** 31 - 1;
const armed = new Set<Deadline>();
let timer: ReturnType<typeof setTimeout> | undefined;
/** When `timer` fires (epoch ms); Infinity when none is set. */
let timerAt = Infinity;

function schedule(at: number) {
  if (at >= timerAt) return;
  if (timer) clearTimeout(timer);
  timerAt = at;
  // Node fires a delay above 2^31 - 1 ms at once; a later deadline is simply looked at again then.
  timer = setTimeout(tick, Math.min(MAX_DELAY_MS, Math.max(0, at - Date.now())));
  timer.unref?.();
}

function tick() {
  timer = undefined;
  timerAt = Infinity;
  const now = Date.now();
  let next = Infinity;
  for (const deadline of armed) {
    if (deadline.at > now) {
      if (deadline.at < next) next = deadline.at;
      continue;
    }
    armed.delete(deadline);
    try {
      deadline.expire();
    } catch {
      // An expiry is an abort of an upstream call; one that throws must not stop the others.
    }
  }
  if (next !== Infinity) schedule(next);
}

/** Runs `expire` about `ms` from now unless cleared first. */
export function armDeadline(ms: number, expire: () => void): Deadline {
  const deadline = { at: Date.now() + ms, expire };
  armed.add(deadline);
  schedule(deadline.at);
  return deadline;
}

export function clearDeadline(deadline: Deadline): void {
  armed.delete(deadline);
}
