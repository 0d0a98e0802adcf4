import { sql, type SQL } from 'drizzle-orm';

/**
 * A fixed log-scale histogram of durations in milliseconds, kept per hourly rollup group for
 * latency and time to first token. Bucket i counts values below HISTOGRAM_BOUNDS[i] (and at or
 * above the bound before it); the last bucket counts everything from the last bound on. Steps
 * of at most 1.5× above 100 ms: a percentile read from it is within one bucket of the truth,
 * which the console labels approximate. The bounds are part of the stored data: append new ones
 * at the end only (rows with shorter arrays then read as zero there), never move one.
 */
export const HISTOGRAM_BOUNDS = [25, 50, 100, 150, 200, 300, 400, 500, 750, 1_000, 1_500, 2_000, 3_000, 4_000, 5_000, 7_500, 10_000, 15_000, 20_000, 30_000, 60_000, 120_000] as const;
export const HISTOGRAM_BUCKETS = HISTOGRAM_BOUNDS.length + 1;

const boundsArray = sql.raw(`array[${HISTOGRAM_BOUNDS.join(', ')}]::integer[]`);

/** The bucket of `column` (0-based), null when the column is null; SQL. */
export const histogramBucket = (column: SQL) => sql`width_bucket(${column}, ${boundsArray})`;

/**
 * An aggregate: the histogram of a bucket column (from histogramBucket, computed once per row
 * beforehand) over the group's rows, as an integer[] of HISTOGRAM_BUCKETS counts.
 */
export function histogramAggregate(bucketColumn: SQL): SQL {
  const counts = Array.from({ length: HISTOGRAM_BUCKETS }, (_, index) => sql`count(*) filter (where ${bucketColumn} = ${sql.raw(String(index))})`);
  return sql`array[${sql.join(counts, sql`, `)}]::integer[]`;
}

/** The element-wise sum of two stored histograms (either may be shorter, e.g. empty in an old row); for an upsert. */
export function histogramAdd(left: SQL, right: SQL): SQL {
  return sql`(select coalesce(array_agg(coalesce(l, 0) + coalesce(r, 0) order by i), '{}'::integer[]) from unnest(${left}, ${right}) with ordinality as h(l, r, i))`;
}

/** Aggregates: the sums of per-bucket columns `relation.prefix0…` into text columns `prefix0…` (bigint sums, read with readHistogram). */
export function histogramColumnSums(relation: string, prefix: string): SQL {
  return sql.raw(Array.from({ length: HISTOGRAM_BUCKETS }, (_, index) => `coalesce(sum(${relation}.${prefix}${index}), 0)::text as ${prefix}${index}`).join(', '));
}

/** Reads the `prefix0…` columns of a result row back into counts. */
export function readHistogram(row: Record<string, unknown>, prefix: string): number[] {
  return Array.from({ length: HISTOGRAM_BUCKETS }, (_, index) => Number(row[`${prefix}${index}`] ?? 0));
}

/**
 * The q-quantile (0 < q < 1) of the values a histogram counted, or null when it counted none.
 * Inside the bucket holding the rank, the value is interpolated linearly between its bounds
 * (the first bucket starts at 0; the open last bucket reports its lower bound, as nothing is
 * known above it).
 */
export function histogramQuantile(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = q * total;
  let below = 0;
  for (let index = 0; index < counts.length; index += 1) {
    const count = counts[index];
    if (count > 0 && below + count >= rank) {
      const lower = index === 0 ? 0 : HISTOGRAM_BOUNDS[index - 1];
      if (index >= HISTOGRAM_BOUNDS.length) return lower;
      const upper = HISTOGRAM_BOUNDS[index];
      return Math.round(lower + ((rank - below) / count) * (upper - lower));
    }
    below += count;
  }
  return HISTOGRAM_BOUNDS[HISTOGRAM_BOUNDS.length - 1];
}
