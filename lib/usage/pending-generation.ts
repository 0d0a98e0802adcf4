import { decodeTime } from 'ulid';

/**
 * A generation's usage row is written when the call ends (after a client stops a stream, once
 * the upstream is cancelled and the usage settled), then batched to the database: for a moment
 * after a call a correct id has no row yet. These help the generation API and page tell "not
 * recorded yet" from "no such generation", and wait for it briefly.
 */

/** How long after its id was issued a generation may still lack its row: the longest a call may run, plus batching. */
export const RECORDING_WINDOW_MS = 15 * 60_000;

/** When the id (`gen_<ulid>`) was issued, or undefined for an id that is not one. */
export function generationIssuedAt(id: string): number | undefined {
  if (!/^gen_[0-9A-HJKMNP-TV-Z]{26}$/.test(id)) return undefined;
  try {
    return decodeTime(id.slice(4));
  } catch {
    return undefined;
  }
}

/** True when the id was issued recently enough (and not in the future, beyond clock skew) that its row may still be coming. */
export function mayStillBeRecorded(id: string, now = Date.now(), windowMs = RECORDING_WINDOW_MS): boolean {
  const issued = generationIssuedAt(id);
  return issued !== undefined && issued <= now + 60_000 && now - issued <= windowMs;
}

/**
 * Looks the row up until it exists or `waitMs` has passed, `intervalMs` apart (growing), and
 * never past the deadline: a missing row costs the caller at most `waitMs`. `beforeLook` runs
 * before each retry (the API flushes this instance's write buffer there).
 */
export async function waitForRow<T>(input: { find: () => Promise<T | undefined>; beforeLook?: () => Promise<unknown>; waitMs: number; intervalMs?: number; now?: () => number }): Promise<T | undefined> {
  const now = input.now ?? Date.now;
  const deadline = now() + input.waitMs;
  let interval = input.intervalMs ?? 100;
  let row = await input.find();
  while (row === undefined) {
    const left = deadline - now();
    if (left <= 0) return undefined;
    await new Promise((resolve) => setTimeout(resolve, Math.min(interval, left)));
    interval = Math.min(interval * 2, 800);
    await input.beforeLook?.().catch(() => undefined);
    row = await input.find();
  }
  return row;
}
