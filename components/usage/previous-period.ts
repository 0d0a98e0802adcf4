/**
 * The previous period drawn over the current one: the chart key of its value, how its buckets
 * line up with the current period's, and whether a fetched previous period belongs to the
 * range on screen. Pure, so the alignment is tested without a browser.
 */

/** Not `s<n>`: series keys are `s0`, `s1`, … (see chart-config). */
export const PREVIOUS_KEY = 'previous';

export type PreviousFields = { previous: number | null; previousBucket: string | null };

/**
 * Bucket i of the previous period at bucket i of the current one, so "the same hour yesterday"
 * sits above this hour. Positions past the previous period's end (a DST day is an hour longer)
 * get null, and the previous period's extra buckets are left out: the x axis stays the current one.
 */
export function alignPreviousPeriod<P extends { bucket: string }>(current: readonly P[], previous: ReadonlyArray<{ bucket: string; value: number }> | undefined): Array<P & PreviousFields> {
  return current.map((point, index) => {
    const match = previous?.[index];
    return { ...point, previous: match ? match.value : null, previousBucket: match ? match.bucket : null };
  });
}

/** Whether any aligned bucket has something to compare with: an all-zero previous period draws no line. */
export const hasPreviousValues = (points: ReadonlyArray<PreviousFields>) => points.some((point) => (point.previous ?? 0) > 0);

type Period = { range: { from: string; to: string; bucket: string }; timeZone: string };

/**
 * Whether `previous` is the period just before `current`: same bucket size, zone and length, ending
 * where `current` starts (give or take a bucket, as presets end at "now" when each was fetched).
 * While a new range loads, the old previous period is still cached; it must not be drawn over the new range.
 */
export function isPeriodBefore(previous: Period, current: Period): boolean {
  const length = (period: Period) => Date.parse(period.range.to) - Date.parse(period.range.from);
  const bucketMs = current.range.bucket === 'hour' ? 3_600_000 : 86_400_000;
  return (
    previous.range.bucket === current.range.bucket &&
    previous.timeZone === current.timeZone &&
    length(previous) === length(current) &&
    Math.abs(Date.parse(previous.range.to) - Date.parse(current.range.from)) < bucketMs
  );
}
