import { HISTOGRAM_BUCKETS, histogramQuantile } from '@/db/queries/latency-histogram';
import { usageTimeseries, type UsageGroupBy } from '@/db/queries/usage-console';
import { previousRange, usageHealth, usageTotals, type HealthRow } from '@/db/queries/usage-trends';
import type { ServiceContext } from '../context';
import type { UsageSearch } from './usage-params';
import { serializeRange, usageScope } from './usage-scope';

export type UsageSums = { requests: number; costMicros: number; billedMicros: number; inputTokens: number; outputTokens: number };

/** A key no real group can have: model and provider names are never empty. */
const OTHER = '';

const zero = (): UsageSums => ({ requests: 0, costMicros: 0, billedMicros: 0, inputTokens: 0, outputTokens: 0 });

function add(into: UsageSums, row: UsageSums) {
  into.requests += row.requests;
  into.costMicros += row.costMicros;
  into.billedMicros += row.billedMicros;
  into.inputTokens += row.inputTokens;
  into.outputTokens += row.outputTokens;
}

/** Error rate and approximate latency percentiles (from the rollups' histograms) of one bucket or the whole range. */
function healthOf(rows: HealthRow[]) {
  const latency = new Array<number>(HISTOGRAM_BUCKETS).fill(0);
  const ttft = new Array<number>(HISTOGRAM_BUCKETS).fill(0);
  let requests = 0;
  let errors = 0;
  for (const row of rows) {
    requests += row.requests;
    errors += row.errors;
    row.latency.forEach((count, index) => (latency[index] += count));
    row.ttft.forEach((count, index) => (ttft[index] += count));
  }
  return {
    requests,
    errors,
    errorRate: requests > 0 ? errors / requests : null,
    latencyP50: histogramQuantile(latency, 0.5),
    latencyP95: histogramQuantile(latency, 0.95),
    ttftP50: histogramQuantile(ttft, 0.5),
  };
}

/**
 * Usage over time for charts: every bucket of the range, each with its total and one entry
 * per series (the top `groups` models or providers by cost, then "other" when there are more);
 * per bucket also the error rate and approximate latency / TTFT percentiles, and the totals of
 * the previous period of the same length for comparison. Buckets are hours or days in `timeZone`.
 * With `period: 'previous'` the whole answer is about the period before the search's range (same
 * length, filters and bucket size): the charts draw its totals under the current ones.
 */
export async function getUsageTimeseries({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { team: string; search: UsageSearch; groupBy: UsageGroupBy; timeZone: string; groups?: number; period?: 'current' | 'previous'; now?: Date };
}) {
  const scope = await usageScope(ctx, input);
  const { team } = scope;
  const shifted = previousRange(scope.range);
  const { range, filter } = input.period === 'previous' ? { range: { ...scope.range, ...shifted }, filter: { ...scope.filter, ...shifted } } : scope;
  const [rows, health, previousTotals] = await Promise.all([
    usageTimeseries(ctx.db, team.id, { ...filter, bucket: range.bucket, groupBy: input.groupBy, groups: input.groups ?? 8, timeZone: input.timeZone }),
    usageHealth(ctx.db, team.id, { ...filter, bucket: range.bucket, timeZone: input.timeZone }),
    usageTotals(ctx.db, team.id, { ...filter, ...previousRange(filter) }),
  ]);
  // The query picked the top groups; order them by their total over the range, "other" last.
  const totals = new Map<string, UsageSums>();
  for (const row of rows) {
    if (row.group === null && !row.isOther) continue;
    const name = row.isOther ? OTHER : row.group!;
    if (!totals.has(name)) totals.set(name, zero());
    add(totals.get(name)!, row);
  }
  const ranked = [...totals].sort(([nameA, a], [nameB, b]) =>
    nameA === OTHER ? 1 : nameB === OTHER ? -1 : b.costMicros - a.costMicros || b.requests - a.requests || nameA.localeCompare(nameB),
  );
  const series = ranked.map(([name]) => ({ name: name === OTHER ? 'Other' : name, other: name === OTHER }));
  const seriesIndex = new Map(ranked.map(([name], index) => [name, index]));
  const points: Array<{ bucket: string; total: UsageSums; series: UsageSums[] }> = [];
  const total = zero();
  for (const row of rows) {
    let point = points.at(-1);
    if (point?.bucket !== row.bucket) {
      point = { bucket: row.bucket, total: zero(), series: series.map(zero) };
      points.push(point);
    }
    if (row.group === null && !row.isOther) continue;
    add(point.series[seriesIndex.get(row.isOther ? OTHER : row.group!)!], row);
    add(point.total, row);
    add(total, row);
  }
  const previous = previousRange(filter);
  return {
    range: serializeRange(range),
    timeZone: input.timeZone,
    groupBy: input.groupBy,
    series,
    points,
    total,
    health: health.map((row) => ({ bucket: row.bucket, ...healthOf([row]) })),
    summary: healthOf(health),
    previous: { from: previous.from.toISOString(), to: previous.to.toISOString(), ...previousTotals },
  };
}

export type UsageTimeseries = Awaited<ReturnType<typeof getUsageTimeseries>>;
