/** A post-sign-in destination from a query string, only if it stays on this site. */
export function safeNext(value: unknown, fallback = '/teams'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  return value;
}
