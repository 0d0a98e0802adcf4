import { SlidingWindow } from './sliding-window';

const WINDOW_MS = 15 * 60_000;
/** Per email and client address: what a person mistyping needs, and no more. */
const PER_ADDRESS = 10;
/**
 * Per email from anywhere: the address comes from X-Forwarded-For, which a client talking to
 * Gatehouse directly can invent, so one account also has a ceiling across all addresses.
 */
const PER_EMAIL = 50;

const throttleKey = Symbol.for('gatehouse.login-throttle');
type Windows = { address: SlidingWindow; email: SlidingWindow };
type Holder = typeof globalThis & { [throttleKey]?: Windows };

/** One set of windows per process, shared by every copy of this module (the lean server's and Next's). */
function windows(): Windows {
  const holder = globalThis as Holder;
  holder[throttleKey] ??= { address: new SlidingWindow(PER_ADDRESS, WINDOW_MS), email: new SlidingWindow(PER_EMAIL, WINDOW_MS) };
  return holder[throttleKey];
}

const normalize = (email: string) => email.trim().toLowerCase();

/** Counts a sign-in attempt for this email from this address; minutes to wait when over a limit, else 0. */
export function throttleLogin(email: string, ip: string): number {
  const { address, email: perEmail } = windows();
  const waitMs = Math.max(address.hit(`${normalize(email)}|${ip}`), perEmail.hit(normalize(email)));
  return waitMs > 0 ? Math.ceil(waitMs / 60_000) : 0;
}

/** After a successful sign-in the address starts afresh (the per-email ceiling keeps counting). */
export function clearLoginThrottle(email: string, ip: string): void {
  windows().address.reset(`${normalize(email)}|${ip}`);
}

/** The client address as the nearest proxy (or Next, from the socket) reports it. */
export function clientAddress(headers: Headers): string {
  return headers.get('x-forwarded-for')?.split(',')[0]?.trim() || headers.get('x-real-ip') || 'unknown';
}
