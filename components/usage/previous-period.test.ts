import { describe, expect, it } from 'vitest';
import { alignPreviousPeriod, hasPreviousValues, isPeriodBefore } from './previous-period';

const hours = (day: string, count: number) => Array.from({ length: count }, (_, index) => `${day}T${String(index).padStart(2, '0')}:00`);

describe('alignPreviousPeriod', () => {
  it('puts bucket i of the previous period at bucket i of the current one', () => {
    const current = hours('2025-03-10', 3).map((bucket, index) => ({ bucket, s0: index + 1 }));
    const previous = hours('2025-03-09', 3).map((bucket, index) => ({ bucket, value: (index + 1) * 10 }));
    expect(alignPreviousPeriod(current, previous)).toEqual([
      { bucket: '2025-03-10T00:00', s0: 1, previous: 10, previousBucket: '2025-03-09T00:00' },
      { bucket: '2025-03-10T01:00', s0: 2, previous: 20, previousBucket: '2025-03-09T01:00' },
      { bucket: '2025-03-10T02:00', s0: 3, previous: 30, previousBucket: '2025-03-09T02:00' },
    ]);
  });

  it('keeps the current x axis when the periods have different bucket counts (a DST day)', () => {
    const current = hours('2025-03-30', 4).map((bucket) => ({ bucket }));
    const shorter = alignPreviousPeriod(current, hours('2025-03-29', 2).map((bucket) => ({ bucket, value: 5 })));
    expect(shorter.map((point) => point.bucket)).toEqual(current.map((point) => point.bucket));
    expect(shorter.map((point) => point.previous)).toEqual([5, 5, null, null]);
    expect(shorter.map((point) => point.previousBucket)).toEqual(['2025-03-29T00:00', '2025-03-29T01:00', null, null]);

    const longer = alignPreviousPeriod(current.slice(0, 2), hours('2025-03-29', 5).map((bucket, index) => ({ bucket, value: index })));
    expect(longer).toHaveLength(2);
    expect(longer.map((point) => point.previous)).toEqual([0, 1]);
  });

  it('gives every point null when there is no previous period (hidden or still loading)', () => {
    const aligned = alignPreviousPeriod([{ bucket: '2025-03-10' }, { bucket: '2025-03-11' }], undefined);
    expect(aligned.map((point) => [point.previous, point.previousBucket])).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(hasPreviousValues(aligned)).toBe(false);
  });

  it('draws no line for a previous period of zeros, and one for any value', () => {
    const current = hours('2025-03-10', 3).map((bucket) => ({ bucket }));
    expect(hasPreviousValues(alignPreviousPeriod(current, hours('2025-03-09', 3).map((bucket) => ({ bucket, value: 0 }))))).toBe(false);
    expect(hasPreviousValues(alignPreviousPeriod(current, hours('2025-03-09', 3).map((bucket, index) => ({ bucket, value: index === 2 ? 1 : 0 }))))).toBe(true);
  });
});

describe('isPeriodBefore', () => {
  const period = (from: string, to: string, bucket = 'hour', timeZone = 'UTC') => ({ range: { from, to, bucket }, timeZone });
  const current = period('2025-03-09T12:00:00.000Z', '2025-03-10T12:00:00.000Z');

  it('accepts the period of the same length ending where the current one starts, fetched moments apart', () => {
    expect(isPeriodBefore(period('2025-03-08T12:00:00.000Z', '2025-03-09T12:00:00.000Z'), current)).toBe(true);
    expect(isPeriodBefore(period('2025-03-08T12:00:02.500Z', '2025-03-09T12:00:02.500Z'), current)).toBe(true);
  });

  it('refuses a cached previous period of another range, zone or bucket size', () => {
    expect(isPeriodBefore(period('2025-03-01T12:00:00.000Z', '2025-03-08T12:00:00.000Z'), current)).toBe(false);
    expect(isPeriodBefore(period('2025-03-07T12:00:00.000Z', '2025-03-08T12:00:00.000Z'), current)).toBe(false);
    expect(isPeriodBefore(period('2025-03-08T12:00:00.000Z', '2025-03-09T12:00:00.000Z', 'hour', 'Europe/Oslo'), current)).toBe(false);
    expect(isPeriodBefore(period('2025-03-08T12:00:00.000Z', '2025-03-09T12:00:00.000Z', 'day'), current)).toBe(false);
  });
});
