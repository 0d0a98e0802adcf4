import { sql, type SQL } from 'drizzle-orm';
import type { RollupDimension } from '../schema/usage-rollups';
import { PLAYGROUND_ROW, PLAYGROUND_USER } from './usage-rollups';

/**
 * Where a range of usage is read from. Whole UTC days come from day rollups, whole hours
 * from hour rollups, and only the partial hours at the two ends from raw usage_logs rows
 * (at most two hours of one team's rows, on the (team, created_at) index): the sums are
 * the ones a scan of the raw rows would give, at a cost that does not grow with the range.
 *
 * Each part exposes the same columns: `at` (the row's time, or the period's start), the
 * main dimensions, `requests` and the sums, so a query groups over the union as it would
 * over raw rows, with `sum(requests)` for `count(*)`.
 */

type Span = { from: Date; to: Date };
export type SpanPlan = { raw: Span[]; hour: Span[]; day: Span[] };

const HOUR = 3_600_000;
const DAY = 86_400_000;
const floorTo = (time: number, unit: number) => Math.floor(time / unit) * unit;
const ceilTo = (time: number, unit: number) => Math.ceil(time / unit) * unit;

/**
 * Splits [from, to) into raw, hour and day spans. `hours` false (a time zone whose hours do not
 * start on UTC hours) reads everything raw; `days` false (buckets that are not UTC days, e.g.
 * hours, or days in another zone) uses hours at most.
 */
export function planSpans(from: Date, to: Date, use: { hours: boolean; days: boolean }): SpanPlan {
  const plan: SpanPlan = { raw: [], hour: [], day: [] };
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return plan;
  const hourFrom = ceilTo(start, HOUR);
  const hourTo = floorTo(end, HOUR);
  if (!use.hours || hourFrom >= hourTo) {
    plan.raw.push({ from, to });
    return plan;
  }
  if (start < hourFrom) plan.raw.push({ from, to: new Date(hourFrom) });
  if (hourTo < end) plan.raw.push({ from: new Date(hourTo), to });
  const dayFrom = ceilTo(hourFrom, DAY);
  const dayTo = floorTo(hourTo, DAY);
  if (!use.days || dayFrom >= dayTo) {
    plan.hour.push({ from: new Date(hourFrom), to: new Date(hourTo) });
    return plan;
  }
  if (hourFrom < dayFrom) plan.hour.push({ from: new Date(hourFrom), to: new Date(dayFrom) });
  if (dayTo < hourTo) plan.hour.push({ from: new Date(dayTo), to: new Date(hourTo) });
  plan.day.push({ from: new Date(dayFrom), to: new Date(dayTo) });
  return plan;
}

/** Everything raw: for filters the rollups do not carry. */
export function rawOnly(from: Date, to: Date): SpanPlan {
  return { raw: [{ from, to }], hour: [], day: [] };
}

/** Minutes east of UTC of `timeZone` at `at`. */
function offsetMinutes(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(at);
  const field = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const local = Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'));
  return Math.round((local - floorTo(at.getTime(), 60_000)) / 60_000);
}

/**
 * Which rollups can serve buckets in `timeZone`: hour rollups when its offset is whole hours at
 * both ends of the range, day rollups only for day buckets of a zone at UTC. A zone that moves
 * by a non-whole hour inside a range (rare) would put that stretch in the neighbouring bucket.
 */
export function zoneUse(timeZone: string, from: Date, to: Date, bucket: 'hour' | 'day'): { hours: boolean; days: boolean } {
  let offsets: number[];
  try {
    offsets = [offsetMinutes(timeZone, from), offsetMinutes(timeZone, to)];
  } catch {
    return { hours: false, days: false };
  }
  const hours = offsets.every((offset) => offset % 60 === 0);
  return { hours, days: hours && bucket === 'day' && offsets.every((offset) => offset === 0) };
}

const spanCondition = (column: string, spans: Span[]) =>
  sql.join(
    spans.map((span) => sql`(${sql.identifier(column)} >= ${span.from.toISOString()}::timestamptz and ${sql.identifier(column)} < ${span.to.toISOString()}::timestamptz)`),
    sql` or `,
  );

const rawSums = sql.raw(`1::bigint as requests, cost_micros, billed_micros, input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, reasoning_tokens`);
const rollupSums = sql.raw(`requests, cost_micros, billed_micros, input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, reasoning_tokens`);
const mainColumns = sql.raw(`api_key_id, requested_model, served_model, provider, credential_type, status`);
/** What hourly rollups carry, in mainColumns' order; the rest is null there (see `hourly` in mainSource). */
const hourColumns = sql.raw(`null::text as api_key_id, requested_model, null::text as served_model, provider, null::text as credential_type, status`);
/** Rollups carry no end user or tags; with plans that read raw rows only, filters and groups may use them. */
const noRawColumns = sql.raw(`null::text as end_user, null::text[] as tags`);

/** The plan with its hour spans read from raw rows instead: for what the hourly rollups do not carry. */
function hoursFromRaw(plan: SpanPlan): SpanPlan {
  return { raw: [...plan.raw, ...plan.hour], hour: [], day: plan.day };
}

/**
 * The union of raw rows and main rollups for one team over `plan`, filtered by `filters`
 * (conditions on the columns both share: api_key_id, requested_model, served_model, provider,
 * credential_type, status). Columns: at, the main dimensions, end_user and tags (null outside
 * raw rows: filter or group by them only with a raw-only plan), requests and the sums.
 *
 * Hourly rollups carry only requested_model, provider and status: a query that filters or
 * groups by another column passes `hourly: false`, and the plan's hours are read from raw rows.
 */
export function mainSource(teamId: string, plan: SpanPlan, filters: SQL[], options: { hourly?: boolean } = {}): SQL {
  const spans = options.hourly === false ? hoursFromRaw(plan) : plan;
  const where = (column: string, list: Span[]) => sql.join([sql`team_id = ${teamId}`, sql`(${spanCondition(column, list)})`, ...filters], sql` and `);
  const parts: SQL[] = [];
  if (spans.raw.length) parts.push(sql`select created_at as at, ${mainColumns}, end_user, tags, ${rawSums} from usage_logs where ${where('created_at', spans.raw)}`);
  if (spans.hour.length) {
    parts.push(sql`select period_start as at, ${hourColumns}, ${noRawColumns}, ${rollupSums} from usage_hourly_rollups where ${where('period_start', spans.hour)}`);
  }
  if (spans.day.length) parts.push(sql`select period_start as at, ${mainColumns}, ${noRawColumns}, ${rollupSums} from usage_rollups where ${where('period_start', spans.day)}`);
  if (parts.length === 0) return sql`(select null::timestamptz as at, ${mainColumns}, ${noRawColumns}, ${rollupSums} from usage_rollups where false)`;
  return sql`(${sql.join(parts, sql` union all `)})`;
}

/**
 * The union of raw rows and dimension rollups for one team's end users, tags or keyless subjects over `plan`;
 * `values`, when given, keeps only those. Columns: at, value, requests and the sums. A raw row
 * with several tags appears once per tag. These rollups are daily: the plan's hours are read
 * from raw rows.
 */
export function dimensionSource(teamId: string, dimension: RollupDimension, plan: SpanPlan, values?: string[]): SQL {
  const spans = hoursFromRaw(plan);
  const chosen = values?.length ? sql.join(values.map((value) => sql`${value}`), sql`, `) : undefined;
  const parts: SQL[] = [];
  if (spans.raw.length) {
    const expand = {
      user: sql`(select end_user where end_user is not null)`,
      tag: sql`unnest(tags)`,
      playground: sql`(select ${sql.raw(PLAYGROUND_USER)} where ${sql.raw(PLAYGROUND_ROW)})`,
      subject: sql`(select subject where api_key_id is null and subject is not null)`,
    }[dimension];
    const tagged = dimension === 'tag' && chosen ? sql` and tags && array[${chosen}]::text[]` : sql``;
    const present = { user: sql` and end_user is not null`, tag: sql` and cardinality(tags) > 0`, playground: sql` and ${sql.raw(PLAYGROUND_ROW)}`, subject: sql` and api_key_id is null` }[dimension];
    parts.push(sql`select created_at as at, value, ${rawSums} from usage_logs u cross join lateral ${expand} as d(value)
      where team_id = ${teamId} and (${spanCondition('created_at', spans.raw)})${present}${tagged}${chosen ? sql` and value in (${chosen})` : sql``}`);
  }
  if (spans.day.length) {
    parts.push(sql`select period_start as at, value, ${rollupSums} from usage_dimension_rollups
      where team_id = ${teamId} and dimension = ${dimension} and (${spanCondition('period_start', spans.day)})${chosen ? sql` and value in (${chosen})` : sql``}`);
  }
  if (parts.length === 0) return sql`(select null::timestamptz as at, null::text as value, ${rollupSums} from usage_dimension_rollups where false)`;
  return sql`(${sql.join(parts, sql` union all `)})`;
}
