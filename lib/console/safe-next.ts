/** Set by proxy.ts on console pages: the path and query the browser asked for (see requested-path.ts). */
export const REQUESTED_PATH_HEADER = 'x-gatehouse-requested-path';

/** Longest post-sign-in destination kept; a longer one falls back rather than being cut into another path. */
const MAX_NEXT_LENGTH = 2_048;
const origin = 'http://gatehouse.invalid';

/**
 * A post-sign-in destination from a query string or form, only if it stays on this site:
 * a path (with its query and fragment) on this origin, never another host (`//evil`, `/\evil`,
 * `/<tab>/evil`, which browsers read as `//evil`), never a control character, never the sign-in
 * pages themselves (a loop). Returned normalised as the browser would resolve it.
 */
export function safeNext(value: unknown, fallback = '/teams'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_NEXT_LENGTH) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  // Browsers drop tabs and newlines from URLs and read backslashes as slashes: refuse them anywhere.
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  if (url.pathname === '/login' || url.pathname.startsWith('/api/auth')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The `/login` address that comes back to `path` (path and query of the page asked for) after signing in. */
export function loginUrl(path: string | null | undefined): string {
  const next = safeNext(path, '');
  return next ? `/login?next=${encodeURIComponent(next)}` : '/login';
}
