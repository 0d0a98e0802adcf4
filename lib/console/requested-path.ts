import { headers } from 'next/headers';
import { REQUESTED_PATH_HEADER } from './safe-next';

/** The page being rendered (path and query), when proxy.ts saw the request; undefined in server actions it did not. */
export async function requestedPath(): Promise<string | undefined> {
  try {
    return (await headers()).get(REQUESTED_PATH_HEADER) ?? undefined;
  } catch {
    return undefined; // outside a request (tests, scripts)
  }
}
