import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { histogramBucket, histogramColumnSums, readHistogram, HISTOGRAM_BUCKETS } from './latency-histogram';
import { usageReadPlan, usageSourceConditions, type UsageFilter } from './usage-console';
import { containsPattern } from './usage-match';
import { mainSource, zoneUse, type SpanPlan } from './usage-source';

export type HealthRow = {
  /** Local start of the bucket in the time zone, `YYYY-MM-DDTHH:MM`. */
  bucket: string;
  requests: number;
  errors: number;
  /** Counts per latency / TTFT bucket (latency-histogram.ts) of the successful calls, or of the filtered status. */
  latency: number[];
  ttft: number[];
};

const spanSql = (column: string, spans: SpanPlan['raw']) =>
  sql.join(
    spans.map((span) => sql`(${sql.raw(column)} >= ${span.from.toISOString()}::timestamptz and ${sql.raw(column)} < ${span.to.toISOString()}::timestamptz)`),
    sql` or `,
  );

/**
 * Requests, errors and latency / time-to-first-token histograms per hour or day in `timeZone`.
 * Hours come from the hourly rollups (their histograms), only the partial hours at the ends of
 * the range from raw rows; day rollups carry no histograms, so days are summed from hours. A
 * filter the hourly rollups do not carry (key, end user, tag, app), or a zone whose hours do not
 * start on UTC hours, reads raw rows over the range. Latencies count successful calls unless a
 * status is filtered (failures end at any time and would blur the picture). Every bucket is present.
 */
export async function usageHealth(db: DbOrTx, teamId: string, options: UsageFilter & { bucket: 'hour' | 'day'; timeZone: string }): Promise<HealthRow[]> {
  const { timeZone } = options;
  const unit = sql.raw(options.bucket === 'hour' ? `'hour'` : `'day'`);
  const step = sql.raw(options.bucket === 'hour' ? `interval '1 hour'` : `interval '1 day'`);
  const zone = zoneUse(timeZone, options.from, options.to, 'hour');
  const plan = usageReadPlan(options, { hours: zone.hours && !options.apiKeyId, days: false });
  const filters = usageSourceConditions(options);
  const measured = options.status ? sql`true` : sql`status = 'success'`;
  const where = (column: string, spans: SpanPlan['raw']) => sql.join([sql`team_id = ${teamId}`, sql`(${spanSql(column, spans)})`, ...filters], sql` and `);
  const counts = (value: SQL, prefix: string) =>
    sql.join(
      Array.from({ length: HISTOGRAM_BUCKETS }, (_, index) => sql`count(*) filter (where ${measured} and ${histogramBucket(value)} = ${sql.raw(String(index))})::bigint as ${sql.raw(`${prefix}${index}`)}`),
      sql`, `,
    );
  const hourSums = (column: string, prefix: string) =>
    sql.join(Array.from({ length: HISTOGRAM_BUCKETS }, (_, index) => sql`coalesce(sum(${sql.raw(column)}[${sql.raw(String(index + 1))}]) filter (where ${measured}), 0)::bigint as ${sql.raw(`${prefix}${index}`)}`), sql`, `);
  const localBucket = (column: string) => sql`date_trunc(${unit}, ${sql.raw(column)} at time zone ${timeZone})`;
  const parts: SQL[] = [];
  if (plan.raw.length) {
    parts.push(sql`select ${localBucket('created_at')} as bucket, count(*)::bigint as requests, count(*) filter (where status = 'error')::bigint as errors,
      ${counts(sql`latency_ms`, 'l')}, ${counts(sql`ttft_ms`, 't')}
      from usage_logs where ${where('created_at', plan.raw)} group by 1`);
  }
  if (plan.hour.length) {
    parts.push(sql`select ${localBucket('period_start')} as bucket, sum(requests)::bigint as requests, coalesce(sum(requests) filter (where status = 'error'), 0)::bigint as errors,
      ${hourSums('latency_histogram', 'l')}, ${hourSums('ttft_histogram', 't')}
      from usage_hourly_rollups where ${where('period_start', plan.hour)} group by 1`);
  }
  const union = parts.length ? sql.join(parts, sql` union all `) : sql`select null::timestamp as bucket, 0::bigint as requests, 0::bigint as errors where false`;
  const rows = await db.execute<Record<string, unknown>>(sql`
    with parts as (${union}),
    buckets as (
      select generate_series(
        date_trunc(${unit}, ${options.from.toISOString()}::timestamptz at time zone ${timeZone}),
        ${options.to.toISOString()}::timestamptz at time zone ${timeZone} - interval '1 microsecond',
        ${step}
      ) as bucket
    )
    select to_char(buckets.bucket, 'YYYY-MM-DD"T"HH24:MI') as bucket, coalesce(sum(parts.requests), 0)::text as requests, coalesce(sum(parts.errors), 0)::text as errors,
      ${parts.length ? sql`${histogramColumnSums('parts', 'l')}, ${histogramColumnSums('parts', 't')}` : sql`null as none`}
    from buckets left join parts on parts.bucket = buckets.bucket
    group by buckets.bucket order by buckets.bucket`);
  return rows.map((row) => ({
    bucket: String(row.bucket),
    requests: Number(row.requests),
    errors: Number(row.errors),
    latency: readHistogram(row, 'l'),
    ttft: readHistogram(row, 't'),
  }));
}

export type UsageTotals = { requests: number; errors: number; costMicros: number; billedMicros: number; inputTokens: number; outputTokens: number };

/** The sums of a range under a filter (for the previous period's figures): whole days and hours from rollups. */
export async function usageTotals(db: DbOrTx, teamId: string, filter: UsageFilter): Promise<UsageTotals> {
  const plan = usageReadPlan(filter, { hours: true, days: true });
  const [row] = await db.execute<Record<string, string>>(sql`
    select coalesce(sum(requests), 0)::text as requests, coalesce(sum(requests) filter (where status = 'error'), 0)::text as errors,
      coalesce(sum(cost_micros), 0)::text as cost, coalesce(sum(billed_micros), 0)::text as billed,
      coalesce(sum(input_tokens), 0)::text as input, coalesce(sum(output_tokens), 0)::text as output
    from ${mainSource(teamId, plan, usageSourceConditions(filter), { hourly: !filter.apiKeyId })} as source`);
  return {
    requests: Number(row?.requests ?? 0),
    errors: Number(row?.errors ?? 0),
    costMicros: Number(row?.cost ?? 0),
    billedMicros: Number(row?.billed ?? 0),
    inputTokens: Number(row?.input ?? 0),
    outputTokens: Number(row?.output ?? 0),
  };
}

export type SuggestField = 'model' | 'provider' | 'user' | 'tag';

/**
 * Known values of a filter field over the UTC days the range touches that contain `query`
 * (case-insensitive, literal), most used first, at most `limit`: from the daily rollups (models,
 * providers) and the end-user / tag rollups, so it costs the same at any traffic.
 */
export async function usageSuggestions(db: DbOrTx, teamId: string, options: { field: SuggestField; query: string; from: Date; to: Date; limit: number }) {
  const from = new Date(Math.floor(options.from.getTime() / 86_400_000) * 86_400_000).toISOString();
  const to = options.to.toISOString();
  const like = containsPattern(options.query);
  const source =
    options.field === 'user' || options.field === 'tag'
      ? sql`select value, requests from usage_dimension_rollups where team_id = ${teamId} and dimension = ${options.field}
          and period_start >= ${from}::timestamptz and period_start < ${to}::timestamptz and value ilike ${like}`
      : sql`select ${sql.raw(options.field === 'model' ? 'requested_model' : 'provider')} as value, requests from usage_rollups where team_id = ${teamId}
          and period_start >= ${from}::timestamptz and period_start < ${to}::timestamptz and ${sql.raw(options.field === 'model' ? 'requested_model' : 'provider')} ilike ${like}`;
  const rows = await db.execute<{ value: string; requests: string }>(sql`
    select value, sum(requests)::text as requests from (${source}) as known where value is not null
    group by value order by sum(requests) desc, value limit ${options.limit}`);
  return rows.map((row) => ({ value: row.value, requests: Number(row.requests) }));
}

/** The previous period of a range: as long, ending where it starts. */
export const previousRange = (range: { from: Date; to: Date }) => ({ from: new Date(2 * range.from.getTime() - range.to.getTime()), to: range.from });
