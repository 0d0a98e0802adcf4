import { NextResponse, type NextRequest } from 'next/server';
import { REQUESTED_PATH_HEADER } from '@/lib/console/safe-next';

/**
 * Hands console pages the path and query that was asked for, so a signed-out visitor is sent
 * to /login with all of it as `next` (layouts do not see the URL). Always overwritten here, so
 * a client cannot supply its own; what reaches the login page still goes through safeNext.
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  const url = request.nextUrl;
  const search = new URLSearchParams(url.search);
  search.delete('_rsc');
  const query = search.toString();
  headers.set(REQUESTED_PATH_HEADER, `${url.pathname}${query ? `?${query}` : ''}`.slice(0, 2_048));
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ['/t/:path*', '/teams', '/account', '/audit'] };
