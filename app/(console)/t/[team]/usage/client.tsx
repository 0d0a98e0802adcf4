'use client';

import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { fetchUsage, CHART_GROUPS, OPTION_LIMIT, PAGE_SIZE, TOP_LIMIT, optionLists, topLists, usageKeys, usageUrl } from '@/components/usage/usage-api';
import { UsageCharts } from '@/components/usage/usage-charts';
import { UsageExportLinks } from '@/components/usage/usage-export-links';
import { FirstCall } from '@/components/usage/usage-empty';
import { UsageFilters, type SearchPatch } from '@/components/usage/usage-filters';
import { UsageSummary } from '@/components/usage/usage-summary';
import { UsageTable, UsageTableSkeleton } from '@/components/usage/usage-table';
import { UsageToolbar } from '@/components/usage/usage-toolbar';
import { UsageTopLists } from '@/components/usage/usage-top-lists';
import { useTimeZone } from '@/components/usage/use-time-zone';
import type { TopUsage } from '@/lib/services/usage/get-top-usage';
import type { UsageTimeseries } from '@/lib/services/usage/get-usage-timeseries';
import type { UsagePage } from '@/lib/services/usage/list-usage';
import { filterFields, parseUsageSearch, usageSearchString, type UsageSearch } from '@/lib/services/usage/usage-params';
import '@/components/usage/usage.css';

type GroupBy = 'model' | 'provider';

/** Writes the filters into the address bar without a server round trip (Next syncs useSearchParams). */
function pushSearch(values: Record<string, string | undefined>, groupBy: GroupBy) {
  const raw = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value) raw.set(name, value);
  const parsed = parseUsageSearch(raw);
  // A valid search is written in its canonical form; an invalid one as typed, and the page explains it.
  const params = new URLSearchParams(parsed.success ? usageSearchString(parsed.data) : raw.toString());
  if (groupBy !== 'model') params.set('groupBy', groupBy);
  const query = params.toString();
  window.history.pushState(null, '', query ? `?${query}` : window.location.pathname);
}

/**
 * The usage view: filters in the URL, then charts, top lists and the log, each a react-query
 * query keyed on the canonical filter string. The server page prefetched the same keys, so the
 * first paint has data; later filter changes fetch the console API and keep the old data
 * (dimmed) on screen until the new arrives.
 */
export function UsageClient({ team, baseUrl }: { team: string; baseUrl: string }) {
  const searchParams = useSearchParams();
  const parsed = useMemo(() => parseUsageSearch(searchParams), [searchParams]);
  const search: UsageSearch = useMemo(() => (parsed.success ? parsed.data : {}), [parsed]);
  const searchKey = usageSearchString(search);
  const rangeKey = usageSearchString({ range: search.range, from: search.from, to: search.to });
  const groupBy: GroupBy = searchParams.get('groupBy') === 'provider' ? 'provider' : 'model';
  const enabled = parsed.success;
  const [timeZone, setTimeZone] = useTimeZone();
  // Suggestions for the filter fields are fetched once the filter bar is used.
  const [wantOptions, setWantOptions] = useState(false);
  const [showPrevious, setShowPrevious] = useState(true);

  const list = useInfiniteQuery({
    queryKey: usageKeys.list(team, searchKey),
    queryFn: ({ pageParam, signal }) => fetchUsage<UsagePage>(usageUrl(team, '', searchKey, { cursor: pageParam, limit: String(PAGE_SIZE) }), signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    enabled,
  });
  const timeseries = useQuery({
    queryKey: usageKeys.timeseries(team, searchKey, groupBy, timeZone),
    queryFn: ({ signal }) => fetchUsage<UsageTimeseries>(usageUrl(team, '/timeseries', searchKey, { groupBy, groups: String(CHART_GROUPS), timeZone }), signal),
    placeholderData: keepPreviousData,
    enabled,
  });
  // The same route and filters over the period before the range: the charts' dashed line.
  const previousTimeseries = useQuery({
    queryKey: usageKeys.previousTimeseries(team, searchKey, timeZone),
    queryFn: ({ signal }) => fetchUsage<UsageTimeseries>(usageUrl(team, '/timeseries', searchKey, { period: 'previous', timeZone }), signal),
    placeholderData: keepPreviousData,
    enabled: enabled && showPrevious,
  });
  const top = useQuery({
    queryKey: usageKeys.top(team, searchKey),
    queryFn: ({ signal }) => fetchUsage<TopUsage>(usageUrl(team, '/top', searchKey, { by: topLists, limit: String(TOP_LIMIT) }), signal),
    placeholderData: keepPreviousData,
    enabled,
  });
  const options = useQuery({
    queryKey: usageKeys.options(team, rangeKey),
    queryFn: ({ signal }) => fetchUsage<TopUsage>(usageUrl(team, '/top', rangeKey, { by: optionLists, limit: String(OPTION_LIMIT) }), signal),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    enabled: enabled && (wantOptions || search.key !== undefined),
  });

  const change = (patch: SearchPatch) => pushSearch({ ...search, ...patch }, groupBy);
  const clearFilters = () => change(Object.fromEntries(filterFields.map((name) => [name, undefined])));
  const filtersActive = filterFields.some((name) => search[name] !== undefined);

  const header = (
    <PageHeader
      title="Usage"
      description="Every call through the gateway: what it cost, how long it took, and how it went. Charts use the time zone you choose; the log and custom dates are UTC."
      actions={parsed.success ? <UsageExportLinks team={team} search={searchKey} /> : undefined}
    />
  );

  if (!parsed.success) {
    return (
      <>
        {header}
        <div className="alert alert-error" role="alert">
          The filters in this address are not valid ({parsed.error.issues[0]?.path.join('.')}: {parsed.error.issues[0]?.message}).{' '}
          <a href="?">Reset the filters</a>
        </div>
      </>
    );
  }

  const firstPage = list.data?.pages[0];
  if (firstPage && !firstPage.teamHasUsage) {
    return (
      <>
        {header}
        <FirstCall team={team} baseUrl={baseUrl} />
      </>
    );
  }

  const rows = list.data?.pages.flatMap((page) => page.data) ?? [];
  const keyOptions = options.data?.data.key ?? top.data?.data.key;
  return (
    <>
      {header}
      <div onFocusCapture={() => setWantOptions(true)} onPointerEnter={() => setWantOptions(true)}>
        <UsageFilters team={team} rangeSearch={rangeKey} search={search} options={{ ...options.data?.data, key: keyOptions }} onChange={change} />
      </div>
      <UsageToolbar team={team} timeZone={timeZone} onTimeZone={setTimeZone} />
      <UsageSummary data={timeseries.data} />
      {timeseries.error ? <div className="alert alert-error" role="alert" style={{ marginBottom: 20 }}>{timeseries.error.message}</div> : null}
      <UsageCharts
        data={timeseries.data}
        previous={showPrevious ? previousTimeseries.data : undefined}
        showPrevious={showPrevious}
        onShowPrevious={setShowPrevious}
        groupBy={groupBy}
        onGroupBy={(value) => pushSearch(search, value)}
        refreshing={timeseries.isPlaceholderData}
      />
      <UsageTopLists data={top.data?.data} refreshing={top.isPlaceholderData} onFilter={change} />
      <section className="card" aria-labelledby="usage-log-title">
        <header className="card-header">
          <div>
            <h2 id="usage-log-title">Generations</h2>
            <p>Newest first. Open a row for its attempts, timings and cost.</p>
          </div>
        </header>
        <div style={{ paddingTop: 8 }}>
          {list.error && !list.data ? (
            <div className="empty">
              <h3>Usage could not be loaded</h3>
              <p>{list.error.message}</p>
              <button type="button" className="button" onClick={() => list.refetch()}>
                Try again
              </button>
            </div>
          ) : !list.data ? (
            <UsageTableSkeleton />
          ) : rows.length === 0 ? (
            <EmptyState
              title={filtersActive ? 'No generations match these filters' : 'No generations in this range'}
              action={
                filtersActive ? (
                  <button type="button" className="button" onClick={clearFilters}>
                    Clear filters
                  </button>
                ) : search.range !== '30d' && !search.from ? (
                  <button type="button" className="button" onClick={() => change({ range: '30d' })}>
                    Show the last 30 days
                  </button>
                ) : null
              }
            >
              {filtersActive ? 'Try a wider time range or fewer filters.' : 'Calls made in another period are still here: pick a wider range.'}
            </EmptyState>
          ) : (
            <UsageTable
              team={team}
              rows={rows}
              refreshing={list.isPlaceholderData}
              hasMore={list.hasNextPage}
              loadingMore={list.isFetchingNextPage}
              onLoadMore={() => list.fetchNextPage()}
            />
          )}
          {list.error && list.data ? (
            <p className="alert alert-error" role="alert" style={{ margin: 16 }}>
              {list.error.message}
            </p>
          ) : null}
        </div>
      </section>
    </>
  );
}
