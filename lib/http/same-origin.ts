import type { HeaderReader } from '../gateway/types';

const hostOf = (url: string | undefined) => (url && URL.canParse(url) ? new URL(url).host.toLowerCase() : undefined);

/**
 * Whether a browser sent this request from Gatehouse's own pages, checked as Next checks its
 * server actions: the `Origin` host must be the request's host, its forwarded host or the host
 * of GATEHOUSE_PUBLIC_URL (a cross-site page cannot make a browser send a forwarded-host header
 * without a preflight, so trusting it here lets nothing in). Where browsers send
 * `Sec-Fetch-Site`, it must also say same-origin; `Origin: null` (sandboxed frames, data: pages)
 * is refused. A request with neither header comes from no browser, so from no forged page.
 */
export function isSameOrigin(headers: HeaderReader, publicUrl: string | undefined): boolean {
  const site = headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none') return false;
  const origin = headers.get('origin');
  if (origin === null) return true;
  const originHost = hostOf(origin);
  if (!originHost) return false;
  const forwardedHost = headers.get('x-forwarded-host')?.split(',')[0].trim();
  const ours = [headers.get('host'), forwardedHost].map((host) => host?.toLowerCase()).concat(hostOf(publicUrl));
  return ours.includes(originHost);
}
