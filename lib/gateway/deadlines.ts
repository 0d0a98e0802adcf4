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
 *
 * Armed deadlines are a doubly linked list through the deadlines themselves, not a `Set`. A Set
 * that every call added to and deleted from kept calls alive after they ended: in about half the
 * runs 7 KB of each JSON request's 63 KB outlived two scavenges and was promoted, against 1.8 KB
 * in every run without the Set (the usage row and its batch; `--trace-gc-nvp` under
 * `npm run bench:profile` at concurrency 16, bench/README.md "Profiling"), and dropping each
 * cleared deadline's closure did not stop it. The likely path is V8's superseded hash tables,
 * which keep their entries until a full collection. A cleared deadline is unlinked and drops its
 * `expire`, so nothing holds what its call reached.
 */
export class Deadline {
  /** @internal neighbours in the armed list; both undefined once the deadline is no longer armed */
  prev: Deadline | undefined = undefined;
  /** @internal */
  next: Deadline | undefined = undefined;

  constructor(
    /** Epoch ms at which `expire` runs. */
    readonly at: number,
    public expire: () => void,
  ) {}
}

const MAX_DELAY_MS = 2 ** 31 - 1;
let head: Deadline | undefined;
let tail: Deadline | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;
/** When `timer` fires (epoch ms); Infinity when none is set. */
let timerAt = Infinity;

const expired = () => {};

function link(deadline: Deadline) {
  deadline.prev = tail;
  if (tail) tail.next = deadline;
  else head = deadline;
  tail = deadline;
}

function unlink(deadline: Deadline) {
  if (deadline.prev) deadline.prev.next = deadline.next;
  else if (head === deadline) head = deadline.next;
  else return; // not armed
  if (deadline.next) deadline.next.prev = deadline.prev;
  else tail = deadline.prev;
  deadline.prev = undefined;
  deadline.next = undefined;
}

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
  const due: Deadline[] = [];
  for (let deadline = head; deadline; ) {
    const following = deadline.next;
    if (deadline.at <= now) {
      unlink(deadline);
      due.push(deadline);
    } else if (deadline.at < next) next = deadline.at;
    deadline = following;
  }
  if (next !== Infinity) schedule(next);
  for (const deadline of due) {
    // Read now, not before the loop: an earlier expiry may have cleared this one.
    const expire = deadline.expire;
    deadline.expire = expired;
    try {
      expire();
    } catch {
      // An expiry is an abort of an upstream call; one that throws must not stop the others.
    }
  }
}

/** Runs `expire` about `ms` from now unless cleared first. */
export function armDeadline(ms: number, expire: () => void): Deadline {
  const deadline = new Deadline(Date.now() + ms, expire);
  link(deadline);
  schedule(deadline.at);
  return deadline;
}

/** Stops `expire` from running, and drops it: what it reaches (the call and its request) must not outlive the call. */
export function clearDeadline(deadline: Deadline): void {
  unlink(deadline);
  deadline.expire = expired;
}
