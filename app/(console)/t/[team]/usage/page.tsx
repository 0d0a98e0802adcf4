import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { CHART_GROUPS, PAGE_SIZE, TOP_LIMIT, topLists, usageKeys } from '@/components/usage/usage-api';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { publicBaseUrl } from '@/lib/console/base-url';
import { getTopUsage } from '@/lib/services/usage/get-top-usage';
import { getUsageTimeseries } from '@/lib/services/usage/get-usage-timeseries';
import { listUsage } from '@/lib/services/usage/list-usage';
import { parseUsageSearch, usageSearchString } from '@/lib/services/usage/usage-params';
import { UsageClient } from './client';

export const metadata: Metadata = { title: 'Usage · Gatehouse' };

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * Parses the filters from the URL and prefetches, under the client's query keys, everything
 * the first screen shows, so it renders with data and no request waterfall. Invalid filters
 * skip the prefetch; the client explains them.
 */
export default async function UsagePage({ params, searchParams }: { params: Promise<{ team: string }>; searchParams: Promise<SearchParams> }) {
  const { team: slug } = await params;
  const { team, ctx } = await requireConsoleTeam(slug, 'viewer');
  const query = await searchParams;
  const parsed = parseUsageSearch(query);
  const queryClient = new QueryClient();
  if (parsed.success) {
    const search = parsed.data;
    const key = usageSearchString(search);
    const groupBy = query.groupBy === 'provider' ? 'provider' : 'model';
    const input = { team: team.id, search, now: new Date() };
    await Promise.all([
      queryClient.prefetchInfiniteQuery({
        queryKey: usageKeys.list(team.slug, key),
        queryFn: () => listUsage({ ctx, input: { ...input, limit: PAGE_SIZE } }),
        initialPageParam: null as string | null,
      }),
      queryClient.prefetchQuery({
        queryKey: usageKeys.timeseries(team.slug, key, groupBy, 'UTC'),
        queryFn: () => getUsageTimeseries({ ctx, input: { ...input, groupBy, timeZone: 'UTC', groups: CHART_GROUPS } }),
      }),
      queryClient.prefetchQuery({
        queryKey: usageKeys.previousTimeseries(team.slug, key, 'UTC'),
        queryFn: () => getUsageTimeseries({ ctx, input: { ...input, groupBy: 'model', timeZone: 'UTC', period: 'previous' } }),
      }),
      queryClient.prefetchQuery({ queryKey: usageKeys.top(team.slug, key), queryFn: () => getTopUsage({ ctx, input: { ...input, by: topLists, limit: TOP_LIMIT } }) }),
    ]);
  }
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <UsageClient team={team.slug} baseUrl={await publicBaseUrl()} />
    </HydrationBoundary>
  );
}
