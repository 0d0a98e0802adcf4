import type { TopUsageBy } from '@/db/queries/usage-console';

/**
 * Query keys and fetchers of the usage view, shared by the server page (which prefetches
 * under the same keys) and the client components. `search` is the canonical query string
 * from usageSearchString, so one filter state is one cache entry.
 */
export const usageKeys = {
  list: (team: string, search: string) => ['usage', team, 'list', search] as const,
  timeseries: (team: string, search: string, groupBy: string, timeZone: string) => ['usage', team, 'timeseries', search, groupBy, timeZone] as const,
  /** The period before the range, for the charts' comparison line: only its totals are drawn, so no groupBy. */
  previousTimeseries: (team: string, search: string, timeZone: string) => ['usage', team, 'timeseries-previous', search, timeZone] as const,
  top: (team: string, search: string) => ['usage', team, 'top', search] as const,
  /** Filter choices depend on the range only, not on the other filters. */
  options: (team: string, rangeSearch: string) => ['usage', team, 'options', rangeSearch] as const,
  suggest: (team: string, rangeSearch: string, field: string, query: string) => ['usage', team, 'suggest', rangeSearch, field, query] as const,
};

export const PAGE_SIZE = 50;
export const TOP_LIMIT = 5;
export const OPTION_LIMIT = 100;
export const CHART_GROUPS = 8;
export const topLists: TopUsageBy[] = ['model', 'key', 'member', 'user', 'tag'];
/** Only keys: the text fields ask /suggest as they are typed in. */
export const optionLists: TopUsageBy[] = ['key'];

export function usageUrl(team: string, path: '' | '/timeseries' | '/top' | '/suggest' | '/lookup', search: string, extra: Record<string, string | string[] | null | undefined> = {}) {
  const params = new URLSearchParams(search);
  for (const [name, value] of Object.entries(extra)) {
    if (value === null || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(name, item);
  }
  const query = params.toString();
  return `/api/console/teams/${encodeURIComponent(team)}/usage${path}${query ? `?${query}` : ''}`;
}

export class UsageRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** GETs console JSON; an expired session (redirected to the sign-in page) becomes a clear error. */
export async function fetchUsage<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { signal, headers: { accept: 'application/json' }, credentials: 'same-origin' });
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('application/json')) {
    if (response.redirected && new URL(response.url).pathname.startsWith('/login')) throw new UsageRequestError('Your session has ended. Sign in again to see usage.', 401);
    throw new UsageRequestError(`Usage could not be loaded (HTTP ${response.status}).`, response.status);
  }
  const body = await response.json();
  if (!response.ok) throw new UsageRequestError(body?.error?.message ?? `Usage could not be loaded (HTTP ${response.status}).`, response.status);
  return body as T;
}
